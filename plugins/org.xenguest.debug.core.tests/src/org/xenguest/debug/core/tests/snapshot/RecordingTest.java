package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.record.RecordingIndex;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.debug.core.tests.support.Snapshots;


class RecordingTest {

    @TempDir
    Path dir;

    private static List<Snapshot> series() {
        GuestDescriptor guest = Snapshots.netfrontGuest();
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<MemoryRegion> extra = new ArrayList<>(List.of(Snapshots.grantsV1(1, 10 * i),
                    Snapshots.ringHeader("vif0-tx", 10 + i, 11, 7, 8), Snapshots.frontRing("vif0-tx", 10 + i, 7),
                    Snapshots.ringHeader("vif0-rx", 256, 1, 0, 1), Snapshots.xenstore(i, 9, 0, 0)));
            extra.addAll(List.of(Snapshots.device("vif0", 3, 2)));
            snapshots.add(Snapshots.at(i * 100L, guest, SharedInfoPage.reference().pending(20 + i),
                    extra.toArray(MemoryRegion[]::new)));
        }
        return snapshots;
    }

    @Test
    void replayGivesBackTheSameSnapshots() throws IOException {
        Path file = dir.resolve("watch.jsonl");
        List<Snapshot> recorded = series();
        FindingsEngine engine = new FindingsEngine(RuleThresholds.defaults());
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "crafted", Snapshots.SHARED_INFO,
                Snapshots.netfrontGuest())) {
            for (int i = 0; i < recorded.size(); i++) {
                recorder.record(recorded.get(i), engine.evaluate(recorded.subList(0, i + 1)),
                        i == 0 ? null : recorded.get(i).diff(recorded.get(i - 1)));
            }
            assertEquals(5, recorder.snapshotsWritten());
        }
        assertEquals(6, Files.readAllLines(file).size(), "a header and one line per snapshot");
        try (SnapshotReplay replay = SnapshotReplay.open(file)) {
            assertEquals(Snapshots.SHARED_INFO, replay.header().sharedInfoAddress());
            assertEquals(Snapshots.netfrontGuest(), replay.header().descriptor());
            assertEquals("crafted", replay.header().source());
        }
        List<Snapshot> replayed = SnapshotReplay.readAll(file);
        assertEquals(recorded.size(), replayed.size());
        for (int i = 0; i < recorded.size(); i++) {
            Snapshot a = recorded.get(i);
            Snapshot b = replayed.get(i);
            assertEquals(a.regions(), b.regions());
            assertEquals(a.sharedInfo(), b.sharedInfo());
            assertEquals(a.takenAt(), b.takenAt());
            assertEquals(a.monotonicNanos(), b.monotonicNanos());
            assertEquals(a.sequence(), b.sequence());
            assertEquals(a.rings(), b.rings());
            assertEquals(a.grantTable(), b.grantTable());
            assertEquals(a.xenstore(), b.xenstore());
            assertEquals(a.devices(), b.devices());
            assertEquals(engine.evaluate(recorded.subList(0, i + 1)), engine.evaluate(replayed.subList(0, i + 1)));
        }
    }

    @Test
    void aVersion1RecordingStillOpens() throws IOException {
        Path file = dir.resolve("v1.jsonl");
        try (var in = RecordingTest.class.getResourceAsStream("v1-netfront.jsonl")) {
            Files.copy(in, file);
        }
        try (SnapshotReplay replay = SnapshotReplay.open(file)) {
            assertEquals(1, replay.header().version());
            assertEquals(Snapshots.netfrontGuest(), replay.header().descriptor());
        }
        List<Snapshot> snapshots = SnapshotReplay.readAll(file);
        assertEquals(6, snapshots.size());
        assertEquals(List.of(false, false, true, true, false, false),
                snapshots.stream().map(s -> s.isPending(3)).toList());
        assertEquals(50, snapshots.get(5).grantTable().orElseThrow().usableEntries() - snapshots.get(5).grantTable()
                .orElseThrow().freeEntries());
    }

    /** 450 snapshots 50 ms apart that change a little each time, as a polled guest does. */
    private static List<Snapshot> longSeries() {
        GuestDescriptor guest = Snapshots.netfrontGuest();
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            snapshots.add(Snapshots.at(i * 50L, guest,
                    SharedInfoPage.reference().pending(i % 7 == 0, 3).systemTime(0, 1_000_000L * i),
                    Snapshots.grantsV1(1, i % 20), Snapshots.ringHeader("vif0-tx", i, i + 1, i, i + 1),
                    Snapshots.xenstore(i, i, 0, 0)));
        }
        return snapshots;
    }

    @Test
    void version2StoresChangesKeyframesAndAnIndexForSeeking() throws IOException {
        Path file = dir.resolve("long.jsonl");
        List<Snapshot> recorded = longSeries();
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "crafted", Snapshots.SHARED_INFO,
                Snapshots.netfrontGuest())) {
            for (Snapshot s : recorded) {
                recorder.record(s, List.of(), null);
            }
        }
        List<Snapshot> replayed = SnapshotReplay.readAll(file);
        assertEquals(recorded.size(), replayed.size());
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i).regions(), replayed.get(i).regions(), "snapshot " + i);
            assertEquals(recorded.get(i).takenAt(), replayed.get(i).takenAt());
        }
        long keyframes = Files.readAllLines(file).stream().filter(l -> l.contains("\"keyframe\":true")).count();
        assertEquals(3, keyframes, "at 0, 200 and 400");
        long bytesPerSnapshot = Files.size(file) / recorded.size();
        assertTrue(bytesPerSnapshot < 1500, "a snapshot that changes a few words costs " + bytesPerSnapshot
                + " bytes, not its pages (about 19,000 in version 1)");

        RecordingIndex index = RecordingIndex.read(file);
        assertEquals(List.of(0L, 10_000L, 20_000L), index.entries().stream().map(RecordingIndex.Entry::sequence).toList());
        Instant t250 = recorded.get(250).takenAt();
        try (SnapshotReplay seek = SnapshotReplay.open(file, t250)) {
            Snapshot first = seek.next().orElseThrow();
            assertEquals(recorded.get(200).sequence(), first.sequence(), "starts at the keyframe before the time");
            for (int i = 201; i < 260; i++) {
                assertEquals(recorded.get(i).regions(), seek.next().orElseThrow().regions());
            }
        }
        Files.writeString(RecordingIndex.fileFor(file), "garbage\n");
        try (SnapshotReplay noIndex = SnapshotReplay.open(file, t250)) {
            assertEquals(0, noIndex.next().orElseThrow().sequence(), "a broken index: read from the start");
        }
    }

    @Test
    void aLineCutByACrashEndsTheRecordingAndAGapIsKept() throws IOException {
        Path file = dir.resolve("crash.jsonl");
        List<Snapshot> recorded = longSeries().subList(0, 5);
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "crafted", Snapshots.SHARED_INFO,
                Snapshots.netfrontGuest())) {
            recorder.record(recorded.get(0), List.of(), null);
            recorder.record(recorded.get(1), List.of(), null);
            recorder.gap(recorded.get(1).takenAt().plusMillis(10), "Read timed out");
            recorder.gap(recorded.get(1).takenAt().plusMillis(20), "Read timed out");   // one line a run of failures
            recorder.record(recorded.get(2), List.of(), null);
            recorder.record(recorded.get(3), List.of(), null);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("{\"gap\"")).count());
        assertTrue(lines.get(4).contains("\"keyframe\":true"), "the snapshot after a gap is whole: " + lines.get(4));
        Files.writeString(file, "{\"sequence\": 9, \"regions\": [{\"role\"", java.nio.file.StandardOpenOption.APPEND);
        try (SnapshotReplay replay = SnapshotReplay.open(file)) {
            int count = 0;
            while (replay.next().isPresent()) {
                count++;
            }
            assertEquals(4, count);
            assertTrue(replay.cutShort());
            assertEquals(List.of(new SnapshotReplay.Gap(recorded.get(1).takenAt().plusMillis(10), "Read timed out")),
                    replay.gaps());
        }
    }

    @Test
    void brokenRecordingsNameFileAndLine() throws IOException {
        Path notRecording = dir.resolve("x.jsonl");
        Files.writeString(notRecording, "{\"hello\": 1}\n");
        IOException e = assertThrows(IOException.class, () -> SnapshotReplay.readAll(notRecording));
        assertTrue(e.getMessage().contains("x.jsonl:1"), e.getMessage());

        Path truncated = dir.resolve("t.jsonl");
        try (SnapshotRecorder recorder = SnapshotRecorder.create(truncated, "crafted", Snapshots.SHARED_INFO, null)) {
            recorder.record(Snapshots.at(0, GuestDescriptor.empty(), SharedInfoPage.reference()), List.of(), null);
        }
        Files.writeString(truncated, "{\"sequence\": 1, \"regions\": [\n", java.nio.file.StandardOpenOption.APPEND);
        IOException e2 = assertThrows(IOException.class, () -> SnapshotReplay.readAll(truncated));
        assertTrue(e2.getMessage().contains("t.jsonl:3"), e2.getMessage());
    }

    @Test
    void descriptorJsonRoundTripsAndNamesBadKeys() {
        GuestDescriptor guest = Snapshots.netfrontGuest();
        assertEquals(guest, GuestDescriptorJson.parse(GuestDescriptorJson.toJson(guest).toString()));
        GuestDescriptor parsed = GuestDescriptorJson.parse("{\"shared_info\": \"0x100000\", \"vcpus\": 2,"
                + " \"ports\": [{\"port\": 3, \"name\": \"net\"}], \"rings\": [{\"name\": \"tx\", \"address\": 4096}]}");
        assertEquals(0x100000L, parsed.sharedInfoAddress());
        assertEquals("net", parsed.portName(3));
        assertEquals(256, parsed.rings().get(0).size());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> GuestDescriptorJson.parse("{\"rings\": [{\"name\": \"tx\", \"address\": \"0xzz\"}]}"));
        assertTrue(bad.getMessage().contains("address"), bad.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> GuestDescriptorJson
                .parse("{\"rings\": [{\"name\": \"tx\", \"address\": 1, \"kind\": \"fast\"}]}"));
        assertTrue(kind.getMessage().contains("fast"), kind.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GuestDescriptorJson.parse("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> GuestDescriptorJson.parse("{\"vcpus\": 40}"));
    }
}
