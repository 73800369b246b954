package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.tests.support.SharedInfoPage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code xenguest events} and {@code xenguest stats} over a recording whose every change is known. */
class EventsAndStatsCommandTest {

    @TempDir
    Path dir;

    /** Port 5 pending from 100 to 300 ms, 50 ms apart, 10 snapshots; recorded as watch --record does. */
    private Path recording() throws Exception {
        Path file = dir.resolve("session.jsonl");
        GuestDescriptor guest = new GuestDescriptor("g", 0x100000L, 1,
                List.of(new GuestDescriptor.Port(5, "net0", "interdomain", "on_net0", 0)), null, List.of(), null, List.of());
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "crafted", 0x100000, guest)) {
            for (int i = 0; i < 10; i++) {
                long t = i * 50L;
                SharedInfoPage page = new SharedInfoPage().pending(t >= 100 && t < 300, 5);
                Snapshot s = Snapshot.decode(i, java.time.Instant.parse("2026-12-07T10:00:00Z").plusMillis(t),
                        t * 1_000_000L, "crafted", guest, List.of(new MemoryRegion(MemoryRegion.SHARED_INFO, 0x100000,
                                page.bytes())));
                recorder.record(s, List.of(), null);
            }
        }
        return file;
    }

    @Test
    void eventsListEveryChangeTheSameWayEachRun() throws Exception {
        Path file = recording();
        Cli.Result first = Cli.run("events", file.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals("     0.100000 #2 port 5 net0: pending 0 -> 1\n     0.300000 #6 port 5 net0: pending 1 -> 0\n",
                first.out().replace(System.lineSeparator(), "\n"));
        assertTrue(first.err().contains("2 rows from 10 snapshots"), first.err());
        assertEquals(first.out(), Cli.run("events", file.toString()).out(), "two runs diff cleanly");

        Cli.Result filtered = Cli.run("events", file.toString(), "--grep", "1 -> 0", "--json");
        assertEquals(0, filtered.code(), filtered.err());
        JsonObject row = JsonParser.parseString(filtered.out().strip()).getAsJsonObject();
        assertEquals(5, row.get("port").getAsInt());
        assertEquals("pending", row.get("field").getAsString());
        assertEquals(6, row.get("sequence").getAsInt());

        assertEquals("", Cli.run("events", file.toString(), "--port", "6").out());
        Cli.Result window = Cli.run("events", file.toString(), "--from", "2026-12-07T10:00:00.200Z");
        assertEquals(1, window.out().lines().count(), window.out());
    }

    @Test
    void statsPerPortAsTextCsvAndJson() throws Exception {
        Path file = recording();
        Cli.Result csv = Cli.run("stats", file.toString(), "--csv");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().contains("\n5,net0,1,2.222,0.4444,0.0000,0.0000,1,200000,200000\n"), csv.out());
        Cli.Result json = Cli.run("stats", file.toString(), "--json");
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(10, o.get("snapshots").getAsInt());
        JsonObject port = o.getAsJsonArray("ports").get(0).getAsJsonObject();
        assertEquals(200_000_000L, port.get("longest_pending_nanos").getAsLong());
        Cli.Result text = Cli.run("stats", file.toString());
        assertTrue(text.out().contains("10 snapshots over 0.450 s"), text.out());
        assertTrue(java.nio.file.Files.isRegularFile(org.xenguest.debug.core.timeline.TimelineJournal.fileFor(file)),
                "stats made the recording's timeline file, to read the figures from its lanes");
        assertEquals(csv.out(), Cli.run("stats", file.toString(), "--csv").out(), "the same read from the timeline file");
        Cli.Result window = Cli.run("stats", file.toString(), "--from", "2026-12-07T10:00:00.100Z", "--to",
                "2026-12-07T10:00:00.300Z", "--json");
        assertEquals(5, JsonParser.parseString(window.out()).getAsJsonObject().get("snapshots").getAsInt(), window.out());
    }

    @Test
    void badInputSaysWhatToDo() throws Exception {
        Path file = recording();
        Cli.Result kind = Cli.run("events", file.toString(), "--kind", "ports");
        assertEquals(2, kind.code());
        assertTrue(kind.err().contains("--kind ports: not a kind"), kind.err());
        Cli.Result regex = Cli.run("events", file.toString(), "--regex", "(");
        assertEquals(2, regex.code());
        assertTrue(regex.err().contains("--regex"), regex.err());
        assertEquals(2, Cli.run("stats", dir.resolve("none.jsonl").toString()).code());
        assertEquals(2, Cli.run("stats", file.toString(), "--csv", "--json").code());
    }
}
