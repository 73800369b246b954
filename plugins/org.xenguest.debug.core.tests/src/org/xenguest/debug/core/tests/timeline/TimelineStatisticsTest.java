package org.xenguest.debug.core.tests.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.timeline.TimelineJournal;
import org.xenguest.debug.core.timeline.TimelineLoader;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.core.timeline.TimelineStatistics;

/**
 * The statistics from a recording's timeline file are the decoding path's, field by field
 * (snapshots, gaps, observed time, every port's edges, shares, p99 and longest pending->cleared,
 * every vCPU's): the decoding path, {@link RangeStatistics} fed every decoded snapshot, is the
 * reference, on real recordings.
 */
class TimelineStatisticsTest {

    /** The benchmark's seed: the reference guest as a domU on real Xen, read through the dom0 probe. */
    private static final Path SEED = Path.of("../../releng/org.xenguest.benchmarks/seed/refguest-domu-probe.jsonl");

    @TempDir
    Path dir;

    @Test
    void theSeedsStatisticsFromItsTimelineAreTheDecodedOnes() throws IOException {
        assertTrue(Files.isRegularFile(SEED), "the committed seed is missing: " + SEED.toAbsolutePath());
        Path copy = dir.resolve("seed.jsonl");
        Files.copy(SEED, copy);
        assertSameOverRanges(copy);
    }

    @Test
    void theVersion1FixturesStatisticsFromItsTimelineAreTheDecodedOnes() throws IOException {
        // its port 70 is pending from the first snapshot, unnamed, and never changes
        Path copy = dir.resolve("v1-netfront.jsonl");
        try (InputStream in = TimelineStatisticsTest.class.getResourceAsStream("/org/xenguest/debug/core/tests/snapshot/v1-netfront.jsonl")) {
            Files.copy(in, copy);
        }
        RangeStatistics.Result result = assertSameOverRanges(copy);
        assertTrue(result.ports().stream().anyMatch(p -> p.port() == 70 && p.sharePending() == 1.0), result.toString());
    }

    @Test
    void aGapInTheSeedCountsForNothingOnBothPaths() throws IOException {
        // the seed again, its second half 5 s later (a rhythm gap) with a gap line before it, as a reconnect writes
        List<Snapshot> seed = SnapshotReplay.readAll(SEED);
        SnapshotReplay.Header header;
        try (SnapshotReplay replay = SnapshotReplay.open(SEED)) {
            header = replay.header();
        }
        Path file = dir.resolve("gap.jsonl");
        long shift = 5_000_000_000L;
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, header.source(), header.sharedInfoAddress(),
                header.descriptor())) {
            for (int i = 0; i < seed.size(); i++) {
                Snapshot s = seed.get(i);
                if (i >= seed.size() / 2) {
                    if (i == seed.size() / 2) {
                        recorder.gap(seed.get(i - 1).takenAt().plusMillis(10), "disconnected");
                    }
                    s = Snapshot.decode(s.sequence(), s.takenAt().plusNanos(shift), s.monotonicNanos() + shift,
                            s.source(), s.descriptor(), s.regions());
                }
                recorder.record(s, List.of(), null);
            }
        }
        RangeStatistics.Result result = assertSameOverRanges(file);
        assertEquals(1, result.gaps(), result.toString());
        assertTrue(result.spanNanos() - result.observedNanos() > shift, result.toString());
    }

    /** Compares both paths over the whole recording and over windows inside it; returns the whole's figures. */
    private static RangeStatistics.Result assertSameOverRanges(Path recording) throws IOException {
        TimelineLoader.load(recording, RuleThresholds.defaults());   // decodes it once and writes its timeline file
        assertTrue(Files.isRegularFile(TimelineJournal.fileFor(recording)));
        TimelineModel model = TimelineLoader.load(recording, RuleThresholds.defaults());   // from the timeline file
        List<Snapshot> all = SnapshotReplay.readAll(recording);
        SnapshotReplay.Header header;
        try (SnapshotReplay replay = SnapshotReplay.open(recording)) {
            header = replay.header();
        }
        RangeStatistics.Result whole = decoded(all, 0, all.size() - 1);
        assertTrue(whole.ports().stream().anyMatch(p -> p.events() > 0), "nothing to compare: " + whole);
        assertEquals(whole, TimelineStatistics.over(model, header.descriptor(), Long.MIN_VALUE, Long.MAX_VALUE));
        int n = all.size();
        int[][] windows = {{1, n - 2}, {n / 3, 2 * n / 3}, {n / 2, n - 1}, {0, n / 4}, {2, 2}};
        for (int[] w : windows) {
            RangeStatistics.Result reference = decoded(all, w[0], w[1]);
            RangeStatistics.Result fast = TimelineStatistics.over(model, header.descriptor(),
                    TimelineModel.nanos(all.get(w[0]).takenAt()), TimelineModel.nanos(all.get(w[1]).takenAt()));
            assertEquals(reference, fast, "snapshots " + w[0] + ".." + w[1] + " of " + recording.getFileName());
        }
        return whole;
    }

    private static RangeStatistics.Result decoded(List<Snapshot> all, int first, int last) {
        RangeStatistics statistics = new RangeStatistics();
        for (int i = first; i <= last; i++) {
            statistics.add(all.get(i));
        }
        return statistics.result();
    }
}
