package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.tests.support.SharedInfoPage;

class SessionTest {

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
