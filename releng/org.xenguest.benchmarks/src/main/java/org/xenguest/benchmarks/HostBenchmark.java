package org.xenguest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.xenguest.testbed.hello.HelloGuest;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.testbed.refguest.RefguestDomu;

/**
 * The Xen host in QEMU, timed (releng/benchmarks.sh host, from the repository's root):
 * {@code xenguest host start} to ready with a warm cache, {@code xl create} of the smallest PVH
 * domU, and stop, over a few rounds in a state folder of its own (a user's host is not touched);
 * then the reference guest as a domU: {@code xl create} to netfront Connected, the ping round trip
 * from dom0 and the frames a second it sends; a core of it ({@code xenguest host dump-core}).
 * Prints the figures; asserts nothing.
 */
public final class HostBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 3);

    private HostBenchmark() {
    }

    public static void main(String[] args) throws IOException, HostException {
        Path work = Files.createTempDirectory("xg-hostbench");
        Path cfg = HelloGuest.build(work.resolve("hello"));
        HostFiles files = BenchmarkHost.files(work.resolve("state"));
        XenHost.start(files, XenHost.DEFAULT_MEMORY_MIB, System.err::println).host().stop();   // warms the cache
        List<Double> ready = new ArrayList<>();
        List<Double> boot = new ArrayList<>();
        List<Double> create = new ArrayList<>();
        List<Double> stop = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            XenHost.Started started = XenHost.start(files, XenHost.DEFAULT_MEMORY_MIB, line -> { });
            ready.add(started.took().toMillis() / 1000.0);
            boot.add(started.boot().toMillis() / 1000.0);
            long t0 = System.nanoTime();
            started.host().create(cfg, null);
            create.add((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            started.host().stop();
            stop.add((System.nanoTime() - t1) / 1e9);
            System.out.printf("round %d: ready %.1f s (boot %.1f s), xl create %.2f s, stop %.2f s%n", round,
                    ready.get(round - 1), boot.get(round - 1), create.get(round - 1), stop.get(round - 1));
        }
        System.out.printf("host start to ready (warm cache): median %.1f s, range %.1f-%.1f s over %d rounds%n",
                median(ready), Collections.min(ready), Collections.max(ready), ROUNDS);
        System.out.printf("QEMU start to dom0 ready: median %.1f s%n", median(boot));
        System.out.printf("xl create of the smallest PVH domU (copy in + create + domid): median %.2f s%n", median(create));
        System.out.printf("host stop: median %.2f s%n", median(stop));
        referenceGuest(files, work);
    }

    /** The reference guest as a domU: generated, built with make, started ROUNDS times. */
    private static void referenceGuest(HostFiles files, Path work) throws IOException, HostException {
        Path gen = work.resolve("gen");
        int generated = org.xenguest.cli.Main.run(new java.io.PrintWriter(System.err, true), new java.io.PrintWriter(System.err, true),
                "generate", "examples/refguest-domu.xenguest", "-o", gen.toString());
        Path build = work.resolve("build");
        Process make = new ProcessBuilder("make", "-s", "-C", "releng/refguest", "GEN=" + gen.toAbsolutePath(),
                "BUILD=" + build.toAbsolutePath()).inheritIO().start();
        try {
            if (generated != 0 || make.waitFor() != 0) {
                throw new IOException("could not build the reference guest (run from the repository's root)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        XenHost host = XenHost.start(files, XenHost.DEFAULT_MEMORY_MIB, line -> { }).host();
        try {
            List<Double> connected = new ArrayList<>();
            RefguestDomu guest = null;
            for (int round = 1; round <= ROUNDS; round++) {
                RefguestDomu.Started started = RefguestDomu.createTimed(host, gen.resolve("xl/refguest.cfg"),
                        build.resolve("refguest.elf"));
                connected.add(started.toConnected().toMillis() / 1000.0);
                guest = started.guest();
            }
            System.out.printf("xl create of the reference guest to netfront Connected (both states 4, timed in dom0):"
                    + " median %.2f s, range %.2f-%.2f s over %d rounds%n", median(connected), Collections.min(connected),
                    Collections.max(connected), ROUNDS);
            String ping = RefguestDomu.sh(host, "ping -q -c 1000 -i 0.01 -W 2 " + RefguestDomu.IP + " 2>&1");
            System.out.println("1,000 pings from dom0: " + ping.lines().filter(l -> l.contains("packets") || l.contains("round-trip"))
                    .map(String::strip).reduce((a, b) -> a + "; " + b).orElse(ping));
            guest.command("stats", Duration.ofMinutes(1));
            guest.command("send 10000", Duration.ofMinutes(2));
            String console = guest.console();
            console.lines().filter(l -> l.contains("frames/s")).reduce((a, b) -> b)
                    .ifPresent(line -> System.out.println("guest TX: " + line.strip()));
            coreDump(host, guest, work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            host.stop();
        }
    }

    /**
     * A core of the running reference guest: {@code xenguest-dump-core} in dom0, the copy out, and
     * opening it to one decoded snapshot; with -Dxl-dump-core=true also {@code xl dump-core} once
     * (minutes under TCG: it maps every pfn up to the special pages near 4 GiB).
     */
    private static void coreDump(XenHost host, RefguestDomu guest, Path work) throws IOException, HostException {
        List<Double> dumping = new ArrayList<>();
        List<Double> copying = new ArrayList<>();
        List<Double> opening = new ArrayList<>();
        Path core = work.resolve("refguest.core");
        String summary = "";
        for (int round = 1; round <= ROUNDS; round++) {
            XenHost.DumpedCore dumped = host.dumpCore(guest.domid(), core);
            dumping.add(dumped.dumping().toMillis() / 1000.0);
            copying.add(dumped.copying().toMillis() / 1000.0);
            summary = dumped.summary();
            long t0 = System.nanoTime();
            try (org.xenguest.debug.core.session.Session session = new org.xenguest.debug.core.session.Session(
                    org.xenguest.debug.core.session.CoreSource.opening(core, null),
                    org.xenguest.debug.core.findings.RuleThresholds.instant())) {
                session.step().orElseThrow();
            }
            opening.add((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("xenguest host dump-core of the reference guest (%s): in dom0 median %.1f s (%.1f-%.1f), copy"
                + " out median %.1f s, opened to a snapshot median %.2f s, over %d rounds%n", summary, median(dumping),
                Collections.min(dumping), Collections.max(dumping), median(copying), median(opening), ROUNDS);
        Files.deleteIfExists(core);
        if (Boolean.getBoolean("xl-dump-core")) {
            long t0 = System.nanoTime();
            org.xenguest.testbed.host.HostAgent.Result out = host.exec(Duration.ofMinutes(40), new byte[0], "sh", "-c",
                    "mkdir -p /run/xenguest && xl dump-core " + guest.domid() + " /run/xenguest/xl.core && ls -l"
                            + " /run/xenguest/xl.core; rm -f /run/xenguest/xl.core");
            System.out.printf("xl dump-core of the same guest: %.0f s (exit %d: %s)%n", (System.nanoTime() - t0) / 1e9,
                    out.exitCode(), (out.stdout() + out.stderr()).strip());
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
