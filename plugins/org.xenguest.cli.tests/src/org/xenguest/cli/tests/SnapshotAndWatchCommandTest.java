package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.record.RecordingFolder;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.TinyElf;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code xenguest snapshot} and {@code xenguest watch} against the scripted stub and offline files. */
class SnapshotAndWatchCommandTest {

    private static final byte[] PAGE = SharedInfoPage.reference().bytes();

    @TempDir
    Path dir;

    private ScriptedRspStub stub;
    private String gdb;

    @BeforeEach
    void startStub() throws Exception {
        stub = new ScriptedRspStub(new InMemoryGuestMemory().put(0x100000, PAGE)).features("PacketSize=1000;QStartNoAckMode+");
        gdb = stub.address().toString();
    }

    @AfterEach
    void stopStub() throws Exception {
        stub.close();
    }

    private static void assertOneLineUsageError(Cli.Result result, String expected) {
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains(expected), result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
        assertTrue(result.out().isEmpty(), result.out());
    }

    @Test
    void snapshotPrintsPortsVcpusAndFindings() {
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x100000");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("     3 [1/0/1]     0"), result.out());
        assertTrue(result.out().contains("     5 [1/1/1]     0"), result.out());
        assertTrue(result.out().contains("vCPU 0: upcall_pending=1 upcall_mask=0 pending_sel=0x0000000000000001"),
                result.out());
        assertTrue(result.out().contains("EVTCHN_LOST_WAKEUP: port 3 [1/0/1]"), result.out());
        assertTrue(result.out().contains("UPCALL_NOT_HANDLED"), result.out());
    }

    @Test
    void snapshotJsonHasTheContractFields() {
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--shared-info", "1048576", "--json", "--vcpus", "2");
        assertEquals(0, result.code(), result.err());
        JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
        JsonArray ports = json.getAsJsonArray("ports");
        assertEquals(5, ports.size());
        JsonObject port5 = ports.get(1).getAsJsonObject();
        assertEquals(5, port5.get("port").getAsInt());
        assertTrue(port5.get("pending").getAsBoolean() && port5.get("masked").getAsBoolean()
                && port5.get("selector").getAsBoolean());
        assertEquals(64, json.getAsJsonArray("pending_words").size());
        assertEquals(64, json.getAsJsonArray("mask_words").size());
        assertEquals("0x0000000000000028", json.getAsJsonArray("pending_words").get(0).getAsString());
        JsonArray vcpus = json.getAsJsonArray("vcpus");
        assertEquals(2, vcpus.size());
        assertEquals("0x8000000000000002", vcpus.get(1).getAsJsonObject().get("pending_sel").getAsString());
        assertEquals(1, vcpus.get(1).getAsJsonObject().get("upcall_mask").getAsInt());
        JsonArray findings = json.getAsJsonArray("findings");
        assertTrue(findings.size() >= 3);
        assertTrue(findings.get(0).getAsJsonObject().has("code") && findings.get(0).getAsJsonObject().has("message"));
        assertEquals("0x100000", json.get("shared_info").getAsString());
    }

    @Test
    void aJsonModelNamesPortsAndLocatesSharedInfo() throws Exception {
        Path model = dir.resolve("guest.json");
        Files.writeString(model, "{\"name\": \"mini\", \"shared_info\": \"0x100000\", \"vcpus\": 2,"
                + " \"ports\": [{\"port\": 3, \"name\": \"netfront\", \"kind\": \"interdomain\"}]}");
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--model", model.toString(), "--json");
        assertEquals(0, result.code(), result.err());
        JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
        assertEquals("netfront", json.getAsJsonArray("ports").get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(2, json.getAsJsonArray("vcpus").size());
        assertEquals("mini", json.get("guest").getAsString());
    }

    @Test
    void anElfSymbolLocatesSharedInfo() {
        Path elf = TinyElf.executable().symbol("shared_info", 0x100000, 4096).write(dir.resolve("guest.elf"));
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--elf", elf.toString(), "--json");
        assertEquals(0, result.code(), result.err());
        assertEquals("0x100000", JsonParser.parseString(result.out()).getAsJsonObject().get("shared_info").getAsString());
        Path noSymbol = TinyElf.executable().symbol("main", 0x1000, 16).write(dir.resolve("other.elf"));
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--elf", noSymbol.toString()), "no shared_info in");
    }

    @Test
    void offlineDumpAndCoreGiveTheSameSnapshot() throws Exception {
        Path dump = dir.resolve("page.bin");
        Files.write(dump, PAGE);
        Cli.Result fromDump = Cli.run("snapshot", "--dump", dump.toString(), "--dump-base", "0x100000",
                "--shared-info", "0x100000", "--json");
        Path core = TinyElf.core().load(0, 0x100000, PAGE, PAGE.length).write(dir.resolve("guest.core"));
        Cli.Result fromCore = Cli.run("snapshot", "--core", core.toString(), "--shared-info", "0x100000", "--json");
        Cli.Result live = Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x100000", "--json");
        assertEquals(0, fromDump.code(), fromDump.err());
        assertEquals(0, fromCore.code(), fromCore.err());
        for (String field : List.of("ports", "pending_words", "mask_words", "vcpus", "findings")) {
            JsonObject a = JsonParser.parseString(fromDump.out()).getAsJsonObject();
            JsonObject b = JsonParser.parseString(fromCore.out()).getAsJsonObject();
            JsonObject c = JsonParser.parseString(live.out()).getAsJsonObject();
            assertEquals(c.get(field), a.get(field), field);
            assertEquals(c.get(field), b.get(field), field);
        }
    }

    @Test
    void observeJudgesPersistence() {
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x100000", "--observe", "400",
                "--threshold", "lost-wakeup=200ms", "--threshold", "upcall=10s");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("EVTCHN_LOST_WAKEUP") && result.out().contains("snapshots"), result.out());
        assertFalse(result.out().contains("UPCALL_NOT_HANDLED"), "10 s not reached: " + result.out());
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() throws Exception {
        assertOneLineUsageError(Cli.run("snapshot", "--shared-info", "0x100000"), "no target: give --gdb");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", "localhost", "--shared-info", "0x1"), "HOST:PORT");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x1g"), "--shared-info: '0x1g'");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb), "where is shared_info?");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0", "--vcpus", "33"), "--vcpus");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0", "--threshold", "speed=1"),
                "unknown threshold 'speed'");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--core", "x.core", "--shared-info", "0"),
                "only one of");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--model", dir.resolve("none.json").toString()),
                "cannot read --model");
        // .xenguest models are read now (issue 13): one that is not there is a usage error like any file
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--model", dir.resolve("none.xenguest").toString()),
                "cannot read --model");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"ports\": [{\"name\": \"x\"}]}");
        assertOneLineUsageError(Cli.run("snapshot", "--gdb", gdb, "--model", broken.toString()), "needs 'port'");
        assertOneLineUsageError(Cli.run("watch", "--gdb", gdb, "--shared-info", "0", "--hz", "0"), "--hz");
        assertOneLineUsageError(Cli.run("watch", "--gdb", gdb, "--shared-info", "0", "--for", "-1"), "--for");
        assertEquals(0, stub.connections(), "usage errors never touch the target");
        assertEquals(2, Cli.run("snapshot", "--frobnicate").code());
    }

    @Test
    void anUnreachableTargetExitsOneWithTheReason() throws Exception {
        stub.close();
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x100000");
        assertEquals(1, result.code());
        assertTrue(result.err().contains(gdb) && result.err().contains("start the gdb stub"), result.err());
    }

    @Test
    void aStallingTargetExitsOneWithinTheBound() {
        stub.fault(ScriptedRspStub.Fault.STALL);
        Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x100000", "--timeout", "500"));
        assertEquals(1, result.code());
        assertTrue(result.err().contains("within 500 ms"), result.err());
    }

    @Test
    void anUnreadableAddressExitsOne() {
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--shared-info", "0x900000");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("E14") && result.err().contains("0x900000"), result.err());
    }

    @Test
    void watchPrintsJsonLinesAndRecords() throws Exception {
        Path recording = dir.resolve("watch.jsonl");
        Cli.Result result = Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--json", "--hz", "20",
                "--for", "0.6", "--record", recording.toString());
        assertEquals(0, result.code(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.size() >= 5 && lines.size() <= 14, lines.size() + " lines at 20 Hz for 0.6 s");
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertFalse(first.has("changed"));
        assertTrue(second.getAsJsonObject("changed").getAsJsonArray("pending").isEmpty());
        assertEquals(64, second.getAsJsonArray("mask_words").size());
        List<Snapshot> replayed = SnapshotReplay.readAll(recording);
        assertEquals(lines.size(), replayed.size());
        assertEquals("[1/0/1]", replayed.get(0).port(3).flags());
        // persistence is judged over the watch: the lost wake-up fires only once the threshold passed
        JsonObject last = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        assertTrue(last.getAsJsonArray("findings").toString().contains("EVTCHN_PENDING_MASKED") == false,
                "1 s threshold not reached in 0.6 s: " + last.getAsJsonArray("findings"));
    }

    @Test
    void watchMarksChangesInText() throws Exception {
        Cli.Result result = Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--plain", "--hz", "10",
                "--for", "0.25");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("Findings"), result.out());
        assertTrue(result.err().contains("snapshots in"), result.err());
    }

    @Test
    void watchGivesUpAtOnceWhenTheFirstReadFails() {
        stub.fault(ScriptedRspStub.Fault.STALL);
        Cli.Result result = Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--json", "--for", "1",
                "--timeout", "300");
        assertEquals(1, result.code(), "no snapshot at all: the target is not usable");
        assertTrue(result.out().isEmpty());
    }

    @Test
    void watchRidesOutATransientFailure() throws Exception {
        Thread faulter = new Thread(() -> {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (stub.memoryReads() < 6 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            stub.fault(ScriptedRspStub.Fault.STALL); // once two snapshots are through
        });
        faulter.setDaemon(true);
        faulter.start();
        Cli.Result result = Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--json", "--hz", "10",
                "--for", "2", "--timeout", "300");
        faulter.join(5000);
        assertEquals(0, result.code(), result.err());
        assertTrue(result.err().contains("retrying, failure 1"), result.err());
        assertTrue(result.out().lines().count() >= 10, result.out());
        assertTrue(stub.connections() >= 2, "reconnected");
    }

    @Test
    void watchRecordWithoutAFileRecordsIntoTheFolderWithTheDisconnectAsAGap() throws Exception {
        Path folder = dir.resolve("recordings");
        System.setProperty(RecordingFolder.PROPERTY, folder.toString());
        try {
            Thread faulter = new Thread(() -> {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (stub.memoryReads() < 6 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                stub.fault(ScriptedRspStub.Fault.STALL); // once two snapshots are through: a failed read, a reconnect
            });
            faulter.setDaemon(true);
            faulter.start();
            Cli.Result result = Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--json", "--hz", "10",
                    "--for", "1.5", "--timeout", "300", "--record");
            faulter.join(5000);
            assertEquals(0, result.code(), result.err());
            List<Path> files;
            try (var listing = Files.list(folder)) {
                files = listing.filter(f -> f.toString().endsWith(".jsonl")).toList();
            }
            assertEquals(1, files.size(), "one new recording: " + files);
            assertTrue(result.err().contains("recording to " + files.get(0)), result.err());
            assertTrue(files.get(0).getFileName().toString().matches(".+-\\d{8}-\\d{6}\\.jsonl"), files.toString());
            List<String> lines = Files.readAllLines(files.get(0));
            int gap = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("{\"gap\"")) {
                    gap = i;
                    break;
                }
            }
            assertTrue(gap > 1, "the failed read is a gap line: " + lines.size() + " lines");
            assertTrue(lines.get(gap + 1).contains("\"keyframe\":true"), "whole again after the reconnect");
            try (SnapshotReplay replay = SnapshotReplay.open(files.get(0))) {
                while (replay.next().isPresent()) {
                    // read to the end
                }
                assertEquals(1, replay.gaps().size());
            }
        } finally {
            System.clearProperty(RecordingFolder.PROPERTY);
        }
    }

    @Test
    void replayPlaysARecordingThroughTheSameSession() throws Exception {
        Path recording = dir.resolve("watch.jsonl");
        Cli.Result watched = Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--json", "--hz", "20",
                "--for", "0.6", "--record", recording.toString());
        assertEquals(0, watched.code(), watched.err());
        List<String> live = watched.out().lines().toList();
        Cli.Result replayed = Cli.run("replay", recording.toString(), "--json");
        assertEquals(0, replayed.code(), replayed.err());
        List<String> lines = replayed.out().lines().toList();
        assertEquals(live.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonObject was = JsonParser.parseString(live.get(i)).getAsJsonObject();
            JsonObject now = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(was.get("sequence"), now.get("sequence"));
            assertEquals(was.get("ports"), now.get("ports"));
            assertEquals(was.get("changed"), now.get("changed"));
            assertEquals(was.get("findings"), now.get("findings"), "the rules judge the same history the same way");
        }
        // a window: only the snapshots taken in it
        String third = JsonParser.parseString(live.get(2)).getAsJsonObject().get("time").getAsString();
        Cli.Result window = Cli.run("replay", recording.toString(), "--json", "--from", third, "--to", third);
        assertEquals(0, window.code(), window.err());
        assertEquals(1, window.out().lines().count(), window.out());
        Cli.Result text = Cli.run("replay", recording.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Findings"), text.out());
        assertTrue(text.err().contains(live.size() + " snapshots of"), text.err());
    }

    @Test
    void replayRefusesWhatIsNotARecording() throws Exception {
        Path notOne = dir.resolve("not.jsonl");
        Files.writeString(notOne, "{\"hello\": 1}\n");
        assertOneLineUsageError(Cli.run("replay", notOne.toString()), "not a snapshot recording");
        assertOneLineUsageError(Cli.run("replay", dir.resolve("missing.jsonl").toString()), "no such readable file");
        Path recording = dir.resolve("watch.jsonl");
        assertEquals(0, Cli.run("watch", "--gdb", gdb, "--shared-info", "0x100000", "--json", "--hz", "20",
                "--for", "0.3", "--record", recording.toString()).code());
        assertOneLineUsageError(Cli.run("replay", recording.toString(), "--from", "yesterday"), "ISO-8601");
        Files.writeString(recording, Files.readString(recording) + "{\"broken\n");
        Cli.Result damaged = Cli.run("replay", recording.toString(), "--json");
        assertEquals(1, damaged.code(), damaged.err());
        assertTrue(damaged.err().contains("watch.jsonl:") && damaged.err().contains("not JSON"), damaged.err());
    }

    /** The debug info block a generated guest keeps (abi.DebugInfoLayout), numbering its ports at run time. */
    private static byte[] debugInfoBlock(long sharedInfo, int... ports) {
        org.xenguest.abi.DebugInfoLayout layout = new org.xenguest.abi.DebugInfoLayout(ports.length, 0);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(layout.size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(org.xenguest.abi.DebugInfoLayout.MAGIC_OFFSET, org.xenguest.abi.DebugInfoLayout.MAGIC);
        b.putInt(org.xenguest.abi.DebugInfoLayout.LAYOUT_OFFSET, org.xenguest.abi.DebugInfoLayout.LAYOUT_VERSION);
        b.putInt(org.xenguest.abi.DebugInfoLayout.SIZE_OFFSET, layout.size);
        b.putInt(org.xenguest.abi.DebugInfoLayout.NR_PORTS_OFFSET, ports.length);
        b.putLong(org.xenguest.abi.DebugInfoLayout.SHARED_INFO_OFFSET, sharedInfo);
        for (int i = 0; i < ports.length; i++) {
            b.putInt(org.xenguest.abi.DebugInfoLayout.PORTS_OFFSET + 4 * i, ports[i]);
        }
        return b.array();
    }

    private static final String MINI_MODEL = "guest mini {\n    type pvh\n    vcpus 2\n"
            + "    port timer : virq timer handler on_timer\n    port kick  : ipi handler on_event shared\n"
            + "    debug stub serial com2\n}\n";

    @Test
    void aXenguestModelNamesThePortsItsDebugInfoBlockNumbers() throws Exception {
        Path model = dir.resolve("mini.xenguest");
        Files.writeString(model, MINI_MODEL);
        // the generated stub tells where its block is; the block numbers the ports and locates shared_info
        stub.memory().put(0x200000, debugInfoBlock(0x100000, 3, 5));
        stub.query(org.xenguest.abi.DebugInfoContract.QUERY, "200000");
        Cli.Result result = Cli.run("snapshot", "--gdb", gdb, "--model", model.toString(), "--json");
        assertEquals(0, result.code(), result.err());
        JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
        assertEquals("mini", json.get("guest").getAsString());
        assertEquals("0x100000", json.get("shared_info").getAsString());
        assertEquals(2, json.getAsJsonArray("vcpus").size(), "vCPUs from the model");
        JsonObject port3 = json.getAsJsonArray("ports").get(0).getAsJsonObject();
        assertEquals(3, port3.get("port").getAsInt());
        assertEquals("timer", port3.get("name").getAsString());
        assertEquals("virq", port3.get("kind").getAsString());
        assertEquals("on_timer", port3.get("handler").getAsString());
        JsonObject port5 = json.getAsJsonArray("ports").get(1).getAsJsonObject();
        assertEquals("kick", port5.get("name").getAsString());
        assertEquals("ipi", port5.get("kind").getAsString());
        assertEquals("on_event", port5.get("handler").getAsString());
        Cli.Result text = Cli.run("snapshot", "--gdb", gdb, "--model", model.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("timer"), text.out());
    }

    @Test
    void aXenguestModelIsCheckedAndNeedsItsDebugInfoBlock() throws Exception {
        Path broken = dir.resolve("broken.xenguest");
        Files.writeString(broken, "guest broken {\n    port x : nonsense\n}\n");
        Cli.Result refused = Cli.run("snapshot", "--gdb", gdb, "--model", broken.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("broken.xenguest:2:"), refused.err());
        assertFalse(refused.err().contains("not supported"), refused.err());
        // a stub that does not know the query: not a generated guest's stub
        Path model = dir.resolve("mini.xenguest");
        Files.writeString(model, MINI_MODEL);
        Cli.Result noBlock = Cli.run("snapshot", "--gdb", gdb, "--model", model.toString());
        assertEquals(1, noBlock.code(), noBlock.err());
        assertTrue(noBlock.err().contains(org.xenguest.abi.DebugInfoContract.QUERY), noBlock.err());
        // offline, the block is found through the ELF image's symbol
        Path dump = dir.resolve("page.bin");
        Files.write(dump, PAGE);
        assertOneLineUsageError(Cli.run("snapshot", "--dump", dump.toString(), "--dump-base", "0x100000", "--model",
                model.toString()), "--elf");
    }
}
