package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.debug.core.tests.support.Snapshots;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
    void aRecordingLineIsAlsoTheWatchJson() throws IOException {
        Path file = dir.resolve("one.jsonl");
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "crafted", Snapshots.SHARED_INFO, null)) {
            recorder.record(Snapshots.at(0, GuestDescriptor.empty(), SharedInfoPage.reference()), List.of(), null);
        }
        JsonObject line = JsonParser.parseString(Files.readAllLines(file).get(1)).getAsJsonObject();
        assertEquals(64, line.getAsJsonArray("pending_words").size());
        assertTrue(line.has("ports") && line.has("vcpus") && line.has("findings") && line.has("regions"));
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
