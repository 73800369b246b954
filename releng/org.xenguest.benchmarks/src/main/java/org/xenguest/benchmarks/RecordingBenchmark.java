package org.xenguest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.probe.ProbeSource;
import org.xenguest.debug.core.record.RecordingIndex;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.session.SnapshotSource;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.timeline.Lane;
import org.xenguest.debug.core.timeline.TimelineJournal;
import org.xenguest.debug.core.timeline.TimelineLoader;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.core.timeline.TimelineStatistics;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.testbed.refguest.RefguestDomu;

/**
 * A one-hour recording at 20 Hz (72,000 snapshots): its size, the time to open its whole time
 * line, a zoom from the whole hour to one second, the range statistics over the hour, and the
 * heap (run with -Xmx256m: it completes). The hour is synthesised from a real recording
 * ({@link #SEED}, or {@code -Dseed=FILE}, or {@code -Dseed=host}: the reference guest as a domU on
 * the Xen host, read through the dom0 probe at 20 Hz for {@code -Dseconds}, default 30): its
 * snapshots repeated with their times shifted, a different port's pending bit and the vCPU's time
 * varied in each repeat, and a gap every 10 minutes, written through the one session as a live
 * session writes (the rules, the time line and its file, the recorder). releng/benchmarks.sh
 * recording, from the repository's root. Prints
 * figures; asserts nothing.
 */
public final class RecordingBenchmark {
    private static final int HZ = 20;
    private static final int SNAPSHOTS = 3600 * HZ;
    private static final int COLUMNS = 1600;
    /** Recorded with -Dseed=host on 2026-12-08 (the reference guest as a domU, through the dom0 probe). */
    private static final String SEED = "releng/org.xenguest.benchmarks/seed/refguest-domu-probe.jsonl";

    private RecordingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("xg-recordingbench");
        String seedProperty = System.getProperty("seed", SEED);
        Path seed = seedProperty.equals("host") ? recordSeed(work) : Path.of(seedProperty);
        List<Snapshot> seedSnapshots = SnapshotReplay.readAll(seed);
        System.out.printf("seed: %s, %d snapshots of the reference guest (%d bytes)%n", seed, seedSnapshots.size(),
                Files.size(seed));
        Path hour = work.resolve("hour.jsonl");
        long writeStart = System.nanoTime();
        synthesise(seedSnapshots, hour);
        System.out.printf("written: %d snapshots in %.1f s%n", SNAPSHOTS, (System.nanoTime() - writeStart) / 1e9);
        long size = Files.size(hour) + Files.size(RecordingIndex.fileFor(hour));
        long timelineSize = Files.size(TimelineJournal.fileFor(hour));
        System.out.printf("size of one hour at 20 Hz: %.1f MB with its index (%d bytes a snapshot; goal 100 MB),"
                + " and its timeline file %.1f MB%n", size / 1e6, size / SNAPSHOTS, timelineSize / 1e6);
        long decode = System.nanoTime();
        TimelineModel decoded = TimelineLoader.decode(hour, RuleThresholds.defaults(), () -> false);
        System.out.printf("without the timeline file (every snapshot decoded and judged again): %.1f s, %d lanes%n",
                (System.nanoTime() - decode) / 1e9, decoded.lanes().size());

        for (int round = 1; round <= 3; round++) {
            System.gc();
            long open = System.nanoTime();
            TimelineModel model = TimelineLoader.load(hour, RuleThresholds.defaults());
            long opened = System.nanoTime() - open;
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long heap = runtime.totalMemory() - runtime.freeMemory();
            System.out.printf("round %d: open the whole time line: %.2f s (goal 2 s); %d lanes, %d gaps, %d findings;"
                    + " model %.1f MB, heap after GC %.0f MB of max %.0f MB%n", round, opened / 1e9,
                    model.lanes().size(), model.gaps().size(), model.findings().size(), model.bytes() / 1e6,
                    heap / 1e6, runtime.maxMemory() / 1e6);
            zoom(model);
        }
        RangeStatistics.Result reference = null;
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            RangeStatistics statistics = new RangeStatistics();
            try (SnapshotReplay replay = SnapshotReplay.open(hour)) {
                for (Optional<Snapshot> next = replay.next(); next.isPresent(); next = replay.next()) {
                    statistics.add(next.get());
                }
            }
            reference = statistics.result();
            System.out.printf("round %d: RangeStatistics over the whole hour, every snapshot decoded (the reference):"
                    + " %.2f s; %d snapshots, %d ports, %d gaps%n", round, (System.nanoTime() - start) / 1e9,
                    reference.snapshots(), reference.ports().size(), reference.gaps());
        }
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            org.xenguest.debug.core.guest.GuestDescriptor descriptor;
            try (SnapshotReplay replay = SnapshotReplay.open(hour)) {
                descriptor = replay.header().descriptor();
            }
            TimelineModel model = TimelineLoader.load(hour, RuleThresholds.defaults());
            RangeStatistics.Result result = TimelineStatistics.over(model, descriptor, Long.MIN_VALUE, Long.MAX_VALUE);
            System.out.printf("round %d: statistics over the whole hour from its timeline file (open + statistics, as"
                    + " xenguest stats): %.2f s (goal 1 s); %d snapshots, %d ports, %d gaps; %s the reference%n", round,
                    (System.nanoTime() - start) / 1e9, result.snapshots(), result.ports().size(), result.gaps(),
                    result.equals(reference) ? "identical to" : "DIFFERENT FROM");
        }
    }

    /** The lanes' pixel columns for 30 views from the whole hour down to one second: what a frame computes. */
    private static void zoom(TimelineModel model) {
        List<Lane> lanes = model.lanes();
        long from = model.start();
        long whole = model.end() - model.start();
        int steps = 30;
        long worst = 0;
        long total = 0;
        for (int step = 0; step <= steps; step++) {
            long span = (long) (whole * Math.pow(1_000_000_000.0 / whole, (double) step / steps));
            long centre = from + whole / 2;
            long start = System.nanoTime();
            int mixed = 0;
            synchronized (model.lock()) {
                for (Lane lane : lanes) {
                    for (int column : lane.columns(centre - span / 2, centre + span / 2, COLUMNS)) {
                        if (column == Lane.MIXED) {
                            mixed++;
                        }
                    }
                }
                model.gaps();
                model.findings();
            }
            long took = System.nanoTime() - start;
            worst = Math.max(worst, took);
            total += took;
            if (mixed < 0) {
                System.out.println();   // keeps the loop from being optimised away
            }
        }
        System.out.printf("  zoom from the whole hour to one second (%d frames of %d lanes x %d columns): mean %.2f ms,"
                + " worst %.2f ms a frame (goal 16 ms; the model's part of a frame, not SWT's drawing)%n", steps + 1,
                lanes.size(), COLUMNS, total / 1e6 / (steps + 1), worst / 1e6);
    }

    /**
     * The seed repeated to an hour through the one session (rules, time line and its file,
     * recorder), as a live session would write it: times shifted to 20 Hz, one more port's
     * pending bit and the vCPU time varied a repeat, a gap every 10 minutes.
     */
    private static void synthesise(List<Snapshot> seed, Path file) throws IOException {
        Snapshot first = seed.get(0);
        Instant start = first.takenAt();
        SnapshotSource source = new SnapshotSource() {
            private int i;

            @Override
            public Optional<Snapshot> next() {
                if (i == SNAPSHOTS) {
                    return Optional.empty();
                }
                Snapshot base = seed.get(i % seed.size());
                int repeat = i / seed.size();
                long nanos = (long) i * (1_000_000_000L / HZ) + 2_000_000_000L * (i / (600 * HZ));
                List<MemoryRegion> regions = new ArrayList<>();
                for (MemoryRegion region : base.regions()) {
                    byte[] bytes = region.bytes().clone();
                    if (region.role().equals(MemoryRegion.SHARED_INFO)) {
                        int port = 40 + repeat % 20;   // evtchn_pending starts at 0x800
                        if ((i / 7) % 2 == 0) {
                            bytes[0x800 + port / 8] |= (byte) (1 << (port % 8));
                        }
                        bytes[0x30] = (byte) i;   // vcpu_info[0].time.system_time: moves every snapshot, as it does live
                    }
                    regions.add(new MemoryRegion(region.role(), region.address(), bytes));
                }
                Snapshot next = Snapshot.decode(i, start.plusNanos(nanos), nanos, base.source(), base.descriptor(), regions);
                i++;
                return Optional.of(next);
            }

            @Override
            public String describe() {
                return "the seed repeated";
            }

            @Override
            public boolean isLive() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        try (Session session = new Session(source, RuleThresholds.defaults())) {
            session.recordTo(file);
            for (int i = 0; i < SNAPSHOTS; i++) {
                if (i > 0 && i % (600 * HZ) == 0) {
                    session.markGap("benchmark: a missed poll every 10 minutes");
                }
                session.step();
            }
        }
    }

    /** Records the reference guest (a domU on the Xen host) through the dom0 probe at 20 Hz. */
    private static Path recordSeed(Path work) throws IOException, HostException, InterruptedException {
        BenchmarkHost.ReferenceGuest reference = BenchmarkHost.buildReferenceGuest(work, "generated");
        HostFiles files = BenchmarkHost.files(work.resolve("state"));
        XenHost host = XenHost.start(files, XenHost.DEFAULT_MEMORY_MIB, System.err::println).host();
        Path seed = work.resolve("seed.jsonl");
        try {
            RefguestDomu guest = RefguestDomu.createTimed(host, reference.cfg(), reference.kernel())
                    .guest();
            XenHost.ProbeEndpoint endpoint = host.probeEndpoint();
            ProbeClient client = ProbeClient.open(new HostPort("127.0.0.1", endpoint.port()), RspOptions.defaults(),
                    endpoint.preamble());
            try (Session session = new Session(ProbeSource.attach(client, guest.domid(), null), RuleThresholds.defaults())) {
                session.recordTo(seed);
                long seconds = Long.getLong("seconds", 30);
                session.run(Duration.ofMillis(1000 / HZ), System.nanoTime() + seconds * 1_000_000_000L, update -> { });
            }
        } finally {
            host.stop();
        }
        return seed;
    }
}
