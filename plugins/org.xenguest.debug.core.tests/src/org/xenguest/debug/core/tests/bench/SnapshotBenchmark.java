package org.xenguest.debug.core.tests.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.tests.support.ExternalTools;
import org.xenguest.tests.support.QemuGdbServer;
import org.xenguest.tests.support.SharedInfoPage;

/**
 * Snapshots per second of a full shared_info page (4 KiB read + decode) from QEMU's gdbstub over
 * loopback, side by side with gdb reading the same 4 KiB again and again in one gdb session.
 * Run on demand (not a test):
 * {@code java -cp ... org.xenguest.debug.core.tests.bench.SnapshotBenchmark [seconds] [gdbIterations] [rounds]}.
 * <p>
 * The two are measured in turns, several rounds, and the medians compared, so that load from
 * other processes on the machine hits both alike. gdb times its own loop (gdb's Python), so its
 * start-up and connect time do not count.
 */
public final class SnapshotBenchmark {

    private SnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int gdbIterations = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("xenguest-bench");
        try (QemuGdbServer qemu = QemuGdbServer.start(SharedInfoPage.reference().bytes(), dir)) {
            List<Double> snapshots = new ArrayList<>();
            List<Double> polled = new ArrayList<>();
            List<Double> gdbDump = new ArrayList<>();
            List<Double> gdbExamine = new ArrayList<>();
            String mode = "";
            for (int round = 0; round < rounds; round++) {
                Rates ours = ours(qemu, seconds);
                snapshots.add(ours.snapshots);
                polled.add(ours.polled);
                mode = ours.mode + ", " + ours.chunk + "-byte reads";
                gdbDump.add(gdbRate(qemu, dir, gdbIterations, "dump binary memory /dev/null 0x100000 0x101000"));
                // x/512gx formats 512 words per read: far slower, so fewer iterations
                gdbExamine.add(gdbRate(qemu, dir, Math.max(20, gdbIterations / 100), "x/512gx 0x100000"));
                System.out.printf("round %d: xenguest %.0f/s (%.0f/s with rules), gdb %.0f/s%n", round + 1,
                        ours.snapshots, ours.polled, gdbDump.get(round));
            }
            double gdb = Math.max(median(gdbDump), median(gdbExamine));
            System.out.printf("QEMU %s gdbstub, loopback, %d-byte page, medians of %d rounds%n", qemuVersion(),
                    SharedInfoPage.SIZE, rounds);
            System.out.printf("xenguest: %6.0f snapshots/s (read + decode), %6.0f/s with store, diff and rules; %s%n",
                    median(snapshots), median(polled), mode);
            System.out.printf("gdb:      %6.0f reads/s ('dump binary memory' loop), %6.0f/s ('x/512gx' loop)%n",
                    median(gdbDump), median(gdbExamine));
            System.out.printf("ratio:    %6.2f (xenguest snapshots / best gdb rate)%n", median(snapshots) / gdb);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private record Rates(double snapshots, double polled, String mode, int chunk) {
    }

    private static Rates ours(QemuGdbServer qemu, double seconds) throws Exception {
        try (RspClient client = RspClient.open(qemu.address(), RspOptions.defaults())) {
            SnapshotReader reader = new SnapshotReader(new RspGuestMemory(client), QemuGdbServer.PAGE_ADDRESS,
                    GuestDescriptor.empty());
            for (int i = 0; i < 300; i++) {
                reader.read(); // warm up the JIT and the connection
            }
            long count = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                reader.read();
                count++;
            }
            double snapshots = count / ((System.nanoTime() - start) / 1e9);

            Session session = new Session(new LiveSource(reader), RuleThresholds.defaults());
            count = 0;
            start = System.nanoTime();
            end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                session.step();
                count++;
            }
            double polled = count / ((System.nanoTime() - start) / 1e9);
            return new Rates(snapshots, polled, client.isNoAckMode() ? "no-ack mode" : "ack mode",
                    client.readChunkSize());
        }
    }

    /** gdb reads {@code iterations} times in one session and times the loop itself. */
    private static double gdbRate(QemuGdbServer qemu, Path dir, int iterations, String command) throws Exception {
        Path gdb = ExternalTools.require("gdb", "gdb");
        Path script = dir.resolve("loop.gdb");
        Files.writeString(script, String.join("\n",
                "set pagination off",
                "set confirm off",
                "target remote " + qemu.address(),
                command, // one read before the clock starts, like our warm-up
                "python import time; xenguest_t0 = time.perf_counter()",
                "set $i = 0",
                "while $i < " + iterations,
                "  " + command,
                "  set $i = $i + 1",
                "end",
                "python print('XENGUEST_ELAPSED %.6f' % (time.perf_counter() - xenguest_t0))",
                "disconnect", ""), StandardCharsets.US_ASCII);
        ExternalTools.Result result = ExternalTools.run(List.of(gdb.toString(), "-batch", "-nx", "-x", script.toString()),
                dir.resolve("gdb.log"), 600);
        String line = result.output().lines().filter(l -> l.startsWith("XENGUEST_ELAPSED ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("gdb did not time its loop (no Python?): " + result.output()));
        return iterations / Double.parseDouble(line.substring("XENGUEST_ELAPSED ".length()).strip());
    }

    private static String qemuVersion() {
        try {
            Path qemu = ExternalTools.require("qemu-system-x86_64", "qemu-system-x86");
            Process process = new ProcessBuilder(qemu.toString(), "--version").redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("?");
            process.waitFor();
            return first.replace("QEMU emulator version ", "");
        } catch (Exception e) {
            return "?";
        }
    }
}
