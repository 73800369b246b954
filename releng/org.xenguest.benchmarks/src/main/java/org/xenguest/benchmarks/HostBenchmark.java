package org.xenguest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.xenguest.testbed.hello.HelloGuest;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;

/**
 * The Xen host in QEMU, timed (releng/benchmarks.sh host): {@code xenguest host start} to ready
 * with a warm cache, {@code xl create} of the smallest PVH domU, and stop, over a few rounds in
 * a state folder of its own (a user's host is not touched). Prints the figures; asserts nothing.
 */
public final class HostBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 3);

    private HostBenchmark() {
    }

    public static void main(String[] args) throws IOException, HostException {
        Path work = Files.createTempDirectory("xg-hostbench");
        Path cfg = HelloGuest.build(work.resolve("hello"));
        HostFiles files = HostFiles.fromEnvironment(Map.of("XENGUEST_HOST_STATE", work.resolve("state").toString(),
                "XENGUEST_CACHE", System.getenv().getOrDefault("XENGUEST_CACHE",
                        Path.of(System.getProperty("user.home"), ".cache", "xenguest").toString())));
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
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
