package org.xenguest.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.xenguest.cli.Main;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.guest.ManifestSource;
import org.xenguest.debug.core.guest.SharedInfoLocator;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.testbed.refguest.RefguestBuild;
import org.xenguest.testbed.refguest.RefguestCounters;
import org.xenguest.testbed.refguest.RefguestSources;
import org.xenguest.testbed.refguest.XenInQemu;

import net.fornwall.jelf.ElfFile;

/**
 * Snapshots a second through the reference guest's own stub on QEMU's COM2 (the guest as the PVH
 * dom0 of Xen 4.17 in QEMU, under TCG), as fast as they come: with {@code qXenguest.Read} (one
 * exchange a snapshot: the debug info block, shared_info, the grant frame and the guest's
 * counters) and without it (an {@code m}/{@code x} per range), in alternating rounds of one boot
 * so that both meet the same load; beside each, the events a second the guest's workload handled
 * meanwhile (what the stub's answers cost the guest). releng/benchmarks.sh stub, from the
 * repository's root. Prints figures; asserts nothing.
 */
public final class StubBenchmark {
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("seconds", 8));
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final String COUNTERS = "counters";

    private StubBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("xg-stubbench");
        Path sources = dir.resolve("refguest");
        Path model = RefguestSources.extract(sources);
        RefguestBuild.Tools tools = RefguestBuild.fetch(sources, new PrintWriter(System.err, true));
        Path generated = dir.resolve("generated");
        StringWriter err = new StringWriter();
        if (Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "generate", model.toString(), "-o",
                generated.toString()) != Main.EXIT_OK) {
            throw new IOException("generating the reference guest failed: " + err);
        }
        Path kernel = RefguestBuild.make(sources, generated, "generated", "gcc", tools);
        GuestManifest manifest = GuestManifest.read(generated.resolve("manifest/refguest.json"));
        long counters = SharedInfoLocator.symbol(ElfFile.from(kernel.toFile()), RefguestCounters.SYMBOL)
                .orElseThrow().st_value;
        int port = XenInQemu.freeLoopbackPort();
        Path console = Files.createFile(dir.resolve("console.log"));
        try (XenInQemu qemu = XenInQemu.start(tools.qemu(), tools.xenImage(), kernel,
                "debug-wait=20000 events=100000000", console, port, dir.resolve("qemu.err"))) {
            HostPort stub = new HostPort("127.0.0.1", port);
            for (int round = 0; round < ROUNDS; round++) {
                for (boolean rangeReads : new boolean[] {true, false}) {
                    System.out.println(measure(stub, manifest, counters, rangeReads, qemu));
                }
            }
        }
    }

    private static String measure(HostPort stub, GuestManifest manifest, long counters, boolean rangeReads,
            XenInQemu qemu) throws Exception {
        RspOptions options = RspOptions.defaults().withConnectTimeout(Duration.ofSeconds(1))
                .withPreferRangeReads(rangeReads);
        try (RspClient client = new RspClient(stub, options)) {
            SnapshotReader reader = new SnapshotReader(new RspGuestMemory(client), new ManifestSource(manifest, client),
                    Clock.systemUTC());
            reader.alsoRead(COUNTERS, counters, RefguestCounters.SIZE);
            RefguestCounters before = inWorkload(reader, qemu);
            for (int i = 0; i < 5; i++) {
                reader.read();
            }
            long exchanges = client.exchangeCount();
            long start = System.nanoTime();
            long end = start + ROUND.toNanos();
            int snapshots = 0;
            Snapshot last = null;
            while (System.nanoTime() < end) {
                last = reader.read();
                snapshots++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            RefguestCounters after = decode(last);
            return String.format("%-34s %5.1f snapshots/s, %4.1f exchanges each; the guest handled %5.0f events/s",
                    rangeReads ? "COM2 stub, qXenguest.Read:" : "COM2 stub, m/x per range:", snapshots / seconds,
                    (client.exchangeCount() - exchanges) / (double) snapshots,
                    (after.handled() - before.handled()) / seconds);
        }
    }

    /** Reads until the stub answers and the guest runs its workload; returns its counters then. */
    private static RefguestCounters inWorkload(SnapshotReader reader, XenInQemu qemu) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline && qemu.isAlive()) {
            try {
                RefguestCounters c = decode(reader.read());
                if (c.phase() == RefguestCounters.WORKLOAD) {
                    return c;
                }
                last = "phase " + c.phaseName();
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        throw new IOException("the guest's stub gave no snapshot in its workload within 3 minutes: " + last);
    }

    private static RefguestCounters decode(Snapshot snapshot) {
        return RefguestCounters.decode(snapshot.region(MemoryRegion.EXTRA + COUNTERS).orElseThrow().bytes());
    }
}
