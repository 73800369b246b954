package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.record.RecordingFolder;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.tests.support.SharedInfoPage;

class SessionTest {

    @Test
    void theStepsKeepTheirRhythmCatchingUpOneLateStepAtMost() {
        long period = 100;
        // on time: the next step one period after the last was scheduled
        assertEquals(200, Session.nextStepAt(100, 150, period));
        // late by less than a period (read 170 ms): the next at once, still on the rhythm (200, then 300)
        assertEquals(200, Session.nextStepAt(100, 270, period));
        assertEquals(300, Session.nextStepAt(200, 280, period));
        // late by more than a period: the rhythm starts again from now, no burst of missed steps
        assertEquals(450, Session.nextStepAt(100, 450, period));
        // reads that take 0.6 and 1.3 periods in turn keep 10 steps a second (restarting the rhythm at every late step made 88 in 10 s)
        long scheduled = 0;
        long now = 0;
        int steps = 0;
        while (now < 10_000) {
            now = Math.max(now, scheduled) + (steps % 2 == 0 ? 60 : 130);
            scheduled = Session.nextStepAt(scheduled, now, period);
            steps++;
        }
        assertTrue(steps >= 99, "steps in 10 s at a 100 ms period: " + steps);
    }

    @Test
    void stepKeepsHistoryDiffsAndJudges() throws IOException {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, new SharedInfoPage().pending(3).masked(3).bytes());
        Session poller = new Session(LiveSource.at(memory, 0x100000, GuestDescriptor.empty()), RuleThresholds.instant());
        Session.Update first = poller.step().orElseThrow();
        assertNull(first.diff());
        assertEquals(FindingCode.EVTCHN_PENDING_MASKED, first.findings().get(0).code());
        memory.write(0x100000, new SharedInfoPage().bytes());
        Session.Update second = poller.step().orElseThrow();
        assertNotNull(second.diff());
        assertEquals(List.of(3), second.diff().pendingChanged());
        assertTrue(second.findings().isEmpty());
        assertEquals(2, poller.history().size());
        assertEquals(second, poller.latest());
    }

    @Test
    void aPauseIsMarkedAsAGapAndTheRecordingNamesItsFile(@TempDir Path dir) throws IOException {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, SharedInfoPage.reference().bytes());
        Path file = dir.resolve("paused.jsonl");
        try (Session session = new Session(LiveSource.at(memory, 0x100000, null), RuleThresholds.defaults())) {
            session.recordTo(file);
            assertEquals(file, session.recordingFile().orElseThrow());
            session.step();
            session.step();
            session.markGap("polling paused");
            session.step();
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size(), "header, two snapshots, the gap, one snapshot");
        assertTrue(lines.get(3).contains("\"reason\":\"polling paused\""), lines.get(3));
        assertTrue(lines.get(4).contains("\"keyframe\":true"), "whole after the gap");
        try (SnapshotReplay replay = SnapshotReplay.open(file)) {
            while (replay.next().isPresent()) {
                // to the end
            }
            assertEquals("polling paused", replay.gaps().get(0).reason());
        }
    }

    @Test
    void sessionsWithoutANamedFileRecordIntoTheFolderNeverOverANewerFile(@TempDir Path dir) throws IOException {
        Instant start = Instant.parse("2026-12-08T00:45:12Z");
        Path first = RecordingFolder.newFile(dir.resolve("recordings"), "127.0.0.1:1234 / refguest", start);
        assertEquals("127.0.0.1-1234-refguest-20261208-004512.jsonl", first.getFileName().toString());
        Files.writeString(first, "taken");
        Path second = RecordingFolder.newFile(dir.resolve("recordings"), "127.0.0.1:1234 / refguest", start);
        assertEquals("127.0.0.1-1234-refguest-20261208-004512-2.jsonl", second.getFileName().toString());
        assertEquals("session-20261208-004512.jsonl", RecordingFolder.newFile(dir, "::", start).getFileName().toString());
        Files.writeString(dir.resolve("file"), "x");
        IOException refused = assertThrows(IOException.class, () -> RecordingFolder.newFile(dir.resolve("file"), "g", start));
        assertTrue(refused.getMessage().contains("cannot create the recordings folder " + dir.resolve("file")),
                refused.getMessage());
        System.setProperty(RecordingFolder.PROPERTY, dir.toString());
        try {
            assertEquals(dir, RecordingFolder.defaultFolder());
        } finally {
            System.clearProperty(RecordingFolder.PROPERTY);
        }
        assertTrue(RecordingFolder.defaultFolder().toString().endsWith("recordings"), RecordingFolder.defaultFolder().toString());
    }

    @Test
    void runsOnItsOwnThreadReportsFailuresAndStops() throws Exception {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, SharedInfoPage.reference().bytes());
        // the second reader points at an address the memory does not hold: every step fails
        Session good = new Session(LiveSource.at(memory, 0x100000, null), RuleThresholds.defaults());
        Session bad = new Session(LiveSource.at(memory, 0x900000, null), RuleThresholds.defaults());
        CountDownLatch updates = new CountDownLatch(5);
        CountDownLatch failures = new CountDownLatch(3);
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Integer> counts = new CopyOnWriteArrayList<>();
        good.start(Duration.ofMillis(10), update -> {
            threads.add(Thread.currentThread().getName());
            updates.countDown();
        });
        bad.start(Duration.ofMillis(10), new Session.Listener() {
            @Override
            public void onUpdate(Session.Update update) {
            }

            @Override
            public void onFailure(IOException failure, int consecutiveFailures) {
                counts.add(consecutiveFailures);
                failures.countDown();
            }
        });
        try {
            assertTrue(updates.await(10, TimeUnit.SECONDS));
            assertTrue(failures.await(10, TimeUnit.SECONDS));
        } finally {
            assertTrue(good.stop(Duration.ofSeconds(5)));
            assertTrue(bad.stop(Duration.ofSeconds(5)));
        }
        assertTrue(threads.stream().allMatch(name -> name.equals("xenguest-snapshot-poller")), threads.toString());
        assertEquals(List.of(1, 2, 3), counts.subList(0, 3));
        assertTrue(!good.isRunning() && !bad.isRunning());
    }

    @Test
    void recordsAndReplaysThroughTheSameStep(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, new SharedInfoPage().pending(3).masked(3).bytes());
        java.nio.file.Path file = dir.resolve("r.jsonl");
        try (Session live = new Session(LiveSource.at(memory, 0x100000, GuestDescriptor.empty()), RuleThresholds.instant())) {
            live.recordTo(file);
            live.step();
            memory.write(0x100000, new SharedInfoPage().bytes());
            live.step();
            live.step();
            assertTrue(live.isRecording());
        }
        List<Session.Update> played = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        try (Session replay = new Session(org.xenguest.debug.core.session.ReplaySource.open(file), RuleThresholds.instant())) {
            replay.run(Duration.ofMillis(1), Long.MAX_VALUE, new Session.Listener() {
                @Override
                public void onUpdate(Session.Update update) {
                    played.add(update);
                }

                @Override
                public void onEnd() {
                    ended.countDown();
                }
            });
            assertTrue(replay.hasEnded());
        }
        assertEquals(0, ended.getCount(), "the end of the recording is told");
        assertEquals(3, played.size());
        assertEquals(FindingCode.EVTCHN_PENDING_MASKED, played.get(0).findings().get(0).code());
        assertEquals(List.of(3), played.get(1).diff().pendingChanged());
        assertTrue(played.get(2).diff().pendingChanged().isEmpty());
    }
}
