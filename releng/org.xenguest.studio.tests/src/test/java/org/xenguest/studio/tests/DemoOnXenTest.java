package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code xenguest demo} as a user runs it: the reference guest, built by gcc (or clang) from the
 * code generated from examples/refguest.xenguest, booted as the PVH dom0 of Debian's real Xen
 * 4.17 in QEMU (TCG), watched live through its own debug stub on COM2. Needs QEMU and the Xen
 * package, which ./studio.sh test installs; the demo fetches the hypervisor itself, and a missing
 * piece fails the test with the command that gets it (exit 3), never a silent skip.
 */
class DemoOnXenTest {
    private static final Pattern PORT_LINE = Pattern.compile("refguest: port (\\w+) = (\\d+)");
    private static final Pattern FINAL_LINE = Pattern.compile(
            "refguest: final: rounds (\\d+) sent (\\d+) handled (\\d+) doubled (\\d+) lost (\\d+)");

    private static List<JsonObject> demo(Path work, Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of(Installation.repositoryRoot().resolve("xenguest").toString(),
                "demo", "--json", "--work", work.toString()));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(Installation.repositoryRoot(), Map.of(), limit, command);
        assertFalse(result.exitCode() == 3, "the demo lacks something it cannot fetch:\n" + result.output());
        assertEquals(0, result.exitCode(), "xenguest demo failed:\n" + result.output());
        List<JsonObject> events = new ArrayList<>();
        for (String line : result.output().lines().toList()) {
            if (line.startsWith("{")) {
                events.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return events;
    }

    private static List<JsonObject> ofType(List<JsonObject> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type").getAsString())).toList();
    }

    private static List<String> console(List<JsonObject> events) {
        return ofType(events, "console").stream().map(e -> e.get("line").getAsString()).toList();
    }

    private static String describe(List<JsonObject> events) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject e : events) {
            if (!"snapshot".equals(e.get("type").getAsString())) {
                sb.append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void theGeneratedGuestIsWatchedFromItsBootAndLosesNoEventUnderStress(@TempDir Path work) {
        // no exit=reboot: the demo stops when it sees the guest's run ended, so its last snapshot shows the end
        List<JsonObject> events = demo(work, Duration.ofMinutes(12), "--for", "480", "--guest-arg", "events=100000");
        List<String> console = console(events);
        List<JsonObject> snapshots = ofType(events, "snapshot");
        assertTrue(console.contains("refguest: done"), "the guest did not finish its run:\n" + describe(events));
        assertFalse(snapshots.isEmpty(), describe(events));

        // Boot: the first live snapshot comes while the guest still sets up
        String firstPhase = snapshots.get(0).get("phase").getAsString();
        assertTrue(firstPhase.equals("boot") || firstPhase.equals("setup"),
                "the first snapshot came in phase " + firstPhase + ", after the set-up");
        // ... and later ones show every port of the model bound, as the guest printed them
        Map<String, Integer> printed = new HashMap<>();
        for (String line : console) {
            Matcher m = PORT_LINE.matcher(line);
            if (m.matches()) {
                printed.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        assertEquals(10, printed.size(), "the guest prints its 10 ports: " + printed);
        assertEquals(10, snapshots.get(0).get("ports_in_model").getAsInt(), "the model's ports");
        JsonObject bound = snapshots.stream().filter(s -> s.get("ports_bound").getAsInt() == 10).findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot with all 10 ports bound:\n" + describe(events)));
        Map<String, Integer> seen = new HashMap<>();
        for (JsonElement p : bound.getAsJsonArray("ports")) {
            seen.put(p.getAsJsonObject().get("name").getAsString(), p.getAsJsonObject().get("port").getAsInt());
        }
        assertEquals(printed, seen, "the ports the debugger read are the ones the guest printed");
        // ... through one connection: the stub answered every request from the first to the last
        // (generated start() used to set the UART up again, dropping the request in flight)
        List<String> attaches = ofType(events, "status").stream().map(e -> e.get("message").getAsString())
                .filter(m -> m.startsWith("attached to the debug stub") || m.contains("no answer")).toList();
        assertEquals(1, attaches.stream().filter(m -> m.startsWith("attached")).count(),
                "the debugger had to attach again: " + attaches);

        // Stress: at least 100,000 events over at least 8 ports with random masking, none lost or doubled,
        // and the debugger's reading of the counters agrees with the guest's own report
        Matcher fin = console.stream().map(FINAL_LINE::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no final report:\n" + describe(events)));
        JsonObject counters = snapshots.get(snapshots.size() - 1).getAsJsonObject("counters");
        assertEquals("done", snapshots.get(snapshots.size() - 1).get("phase").getAsString(),
                "the last snapshot was not taken after the run: " + counters);
        long sent = counters.get("sent").getAsLong();
        long handled = counters.get("handled").getAsLong();
        assertTrue(sent >= 100_000, "sent " + sent);
        assertEquals(sent, handled, "events lost or doubled: " + counters);
        assertEquals(0, counters.get("doubled").getAsLong(), counters.toString());
        assertEquals(0, counters.get("lost").getAsLong(), counters.toString());
        assertTrue(counters.get("masks").getAsLong() > 1000, "random masking: " + counters);
        assertEquals(Long.parseLong(fin.group(2)), sent, "guest's report vs the debugger's reading");
        assertEquals(Long.parseLong(fin.group(3)), handled, "guest's report vs the debugger's reading");
        JsonArray sentTo = counters.getAsJsonArray("sentTo");
        JsonArray handledBy = counters.getAsJsonArray("handledBy");
        int busyPorts = 0;
        for (int r = 0; r < sentTo.size(); r++) {
            assertEquals(sentTo.get(r).getAsLong(), handledBy.get(r).getAsLong(), "receiver " + r + ": " + counters);
            busyPorts += sentTo.get(r).getAsLong() >= 5_000 ? 1 : 0;
        }
        assertTrue(busyPorts >= 8, "events over at least 8 ports: " + counters);
        JsonObject summary = ofType(events, "summary").get(0);
        System.out.println("xenguest demo figures (for the README): " + summary);
    }

    @Test
    void theLostWakeupVariantHangsAndTheFindingNamesItWithinFiveSeconds(@TempDir Path work) {
        List<JsonObject> events = demo(work, Duration.ofMinutes(5), "--variant", "lost-wakeup", "--for", "90");
        List<JsonObject> snapshots = ofType(events, "snapshot");
        JsonObject finding = ofType(events, "finding").stream()
                .filter(f -> f.get("code").getAsString().equals("EVTCHN_LOST_WAKEUP")).findFirst()
                .orElseThrow(() -> new AssertionError("no lost wake-up finding:\n" + describe(events)));
        // the hang: from the first snapshot after which the guest's counters never moved again
        long lastHandled = snapshots.get(snapshots.size() - 1).getAsJsonObject("counters").get("handled").getAsLong();
        JsonObject hungSince = snapshots.stream()
                .filter(s -> s.getAsJsonObject("counters").get("handled").getAsLong() == lastHandled).findFirst()
                .orElseThrow();
        double hang = hungSince.get("t").getAsDouble();
        double named = finding.get("t").getAsDouble();
        assertTrue(snapshots.get(snapshots.size() - 1).get("t").getAsDouble() - hang > 10,
                "the guest did not hang (its counters moved until the end)");
        assertTrue(named - hang <= 5.0, "the finding came " + (named - hang) + " s after the hang (at " + hang + " s)");
        // the ports it names are [1/0/1] in the snapshot that named them
        int port = finding.getAsJsonArray("ports").get(0).getAsInt();
        JsonObject at = snapshots.stream().filter(s -> s.get("t").getAsDouble() >= named).findFirst().orElseThrow();
        JsonObject state = null;
        for (JsonElement p : at.getAsJsonArray("ports")) {
            if (p.getAsJsonObject().get("port").getAsInt() == port) {
                state = p.getAsJsonObject();
            }
        }
        assertNotNull(state, "port " + port + " is a port of the model");
        assertTrue(state.get("pending").getAsBoolean() && !state.get("masked").getAsBoolean()
                && state.get("selector").getAsBoolean(), "[1/0/1] expected: " + state);
        assertEquals(0, at.getAsJsonObject("vcpu0").get("upcall_pending").getAsInt(), at.toString());
        System.out.println("lost wake-up: hang at " + hang + " s, named at " + named + " s: " + finding);
    }

    @Test
    void ctrlCStopsQemu(@TempDir Path work) throws Exception {
        try (Processes.Running demo = Processes.start(Installation.repositoryRoot(), Map.of(),
                List.of(Installation.repositoryRoot().resolve("xenguest").toString(), "demo", "--for", "300", "--work",
                        work.toString()))) {
            String seen = demo.awaitOutput("attached to the debug stub", Duration.ofMinutes(5));
            Matcher port = Pattern.compile("debug stub on 127\\.0\\.0\\.1:(\\d+)").matcher(seen);
            assertTrue(port.find(), seen);
            String qemuOfThisDemo = "tcp:127.0.0.1:" + port.group(1) + ",";
            assertTrue(qemuRunning(qemuOfThisDemo), "no QEMU with " + qemuOfThisDemo + " while the demo runs");
            // Ctrl-C in a terminal sends SIGINT to the process
            Processes.Result kill = Processes.run(Installation.repositoryRoot(), Map.of(), Duration.ofSeconds(10),
                    List.of("kill", "-INT", Long.toString(demo.process().pid())));
            assertEquals(0, kill.exitCode(), kill.output());
            assertTrue(demo.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the demo did not end on SIGINT");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (qemuRunning(qemuOfThisDemo) && System.nanoTime() < deadline) {
                Processes.sleep(200);
            }
            assertFalse(qemuRunning(qemuOfThisDemo), "QEMU still runs after Ctrl-C on the demo");
        }
    }

    private static boolean qemuRunning(String argument) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(argument)
                && p.info().command().orElse("").contains("qemu-system"));
    }

    @Test
    void clangBuildsTheSameGuestAndItRunsOnXen(@TempDir Path work) {
        List<JsonObject> events = demo(work, Duration.ofMinutes(6), "--cc", "clang", "--for", "240", "--guest-arg",
                "events=5000", "--guest-arg", "exit=reboot");
        List<String> console = console(events);
        assertTrue(console.contains("refguest: done"), describe(events));
        assertTrue(console.stream().noneMatch(l -> l.contains("FAIL")), describe(events));
    }
}
