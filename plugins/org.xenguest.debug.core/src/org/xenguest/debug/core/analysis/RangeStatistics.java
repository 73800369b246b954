package org.xenguest.debug.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.xenguest.abi.EventChannels;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * Statistics over a range of a session, per port and per vCPU, from its snapshots in order:
 * events a second (pending edges), the share of time pending, masked, and pending while masked,
 * and how long the guest took from an event's pending edge to clearing it (longest, 99th
 * percentile). The state a snapshot shows counts until the next snapshot; intervals that are
 * gaps ({@link GapDetector}) count for nothing. Times are as fine as the snapshots: an event
 * raised and handled between two snapshots is not seen.
 *
 * <p>The snapshots come as {@link Frame}s: decoded ({@link #add(Snapshot)}), or a recording's
 * timeline file's lane states at each snapshot's time ({@code TimelineStatistics}), which gives
 * the same figures without decoding a page.
 *
 * <p>Memory: one accumulator per port that was ever pending or is named, plus one duration per
 * handled event of those ports.
 */
public final class RangeStatistics {

    /** One port's figures. Shares are of the observed time (gaps left out), 0..1. */
    public record PortStats(int port, String name, long events, double eventsPerSecond, double sharePending,
            double shareMasked, double sharePendingWhileMasked, long handled, long longestPendingNanos,
            long p99PendingNanos) {
    }

    /** One vCPU's figures. */
    public record VcpuStats(int vcpu, long upcalls, double upcallsPerSecond, double shareUpcallPending,
            double shareUpcallMasked, long longestUpcallPendingNanos) {
    }

    /** The whole range. */
    public record Result(long snapshots, long gaps, long observedNanos, long spanNanos, List<PortStats> ports,
            List<VcpuStats> vcpus) {
    }

    /** What the statistics read of one snapshot. */
    public interface Frame {
        /** The snapshot's monotonic time: intervals and gaps are measured on it. */
        long monotonicNanos();

        boolean isPending(int port);

        boolean isMasked(int port);

        /** The pending ports, ascending. */
        int[] pendingPorts();

        /** The guest's name for {@code port}, or null. */
        String portName(int port);

        /** The ports the guest's descriptor names. */
        List<GuestDescriptor.Port> namedPorts();

        int vcpuCount();

        boolean upcallPending(int vcpu);

        boolean upcallMasked(int vcpu);
    }

    /** A decoded snapshot as a frame. */
    private record SnapshotFrame(Snapshot snapshot) implements Frame {
        @Override
        public long monotonicNanos() {
            return snapshot.monotonicNanos();
        }

        @Override
        public boolean isPending(int port) {
            return snapshot.isPending(port);
        }

        @Override
        public boolean isMasked(int port) {
            return snapshot.isMasked(port);
        }

        @Override
        public int[] pendingPorts() {
            List<Long> pendingWords = snapshot.sharedInfo().pendingWords();
            int count = 0;
            for (long word : pendingWords) {
                count += Long.bitCount(word);
            }
            int[] ports = new int[count];
            int next = 0;
            for (int word = 0; word < pendingWords.size(); word++) {
                for (long bits = pendingWords.get(word); bits != 0; bits &= bits - 1) {
                    ports[next++] = word * EventChannels.BITS_PER_WORD + Long.numberOfTrailingZeros(bits);
                }
            }
            return ports;
        }

        @Override
        public String portName(int port) {
            return snapshot.port(port).name();
        }

        @Override
        public List<GuestDescriptor.Port> namedPorts() {
            return snapshot.descriptor().ports();
        }

        @Override
        public int vcpuCount() {
            return snapshot.vcpuCount();
        }

        @Override
        public boolean upcallPending(int vcpu) {
            return snapshot.vcpu(vcpu).evtchnUpcallPending() != 0;
        }

        @Override
        public boolean upcallMasked(int vcpu) {
            return snapshot.vcpu(vcpu).evtchnUpcallMask() != 0;
        }
    }

    private static final class PortAccumulator {
        final int port;
        String name;
        long edges;
        long pendingNanos;
        long maskedNanos;
        long pendingMaskedNanos;
        long raisedAt = -1;
        long[] durations = new long[16];
        int handled;

        PortAccumulator(int port) {
            this.port = port;
        }

        void handledAfter(long nanos) {
            if (handled == durations.length) {
                durations = Arrays.copyOf(durations, handled * 2);
            }
            durations[handled++] = nanos;
        }
    }

    private static final class VcpuAccumulator {
        long edges;
        long pendingNanos;
        long maskedNanos;
        long raisedAt = -1;
        long longest;
    }

    private final GapDetector gapDetector = new GapDetector();
    private final Map<Integer, PortAccumulator> ports = new TreeMap<>();
    private final Map<Integer, VcpuAccumulator> vcpus = new TreeMap<>();
    private Frame previous;
    private long snapshots;
    private long gaps;
    private long observedNanos;
    private long firstNanos;

    /** Takes the next snapshot of the range. */
    public void add(Snapshot snapshot) {
        add(new SnapshotFrame(snapshot));
    }

    /** Takes the next snapshot of the range, as a frame. */
    public void add(Frame snapshot) {
        snapshots++;
        if (previous == null) {
            firstNanos = snapshot.monotonicNanos();
            for (GuestDescriptor.Port named : snapshot.namedPorts()) {
                accumulator(named.port()).name = named.name();
            }
        } else {
            long interval = snapshot.monotonicNanos() - previous.monotonicNanos();
            if (gapDetector.isGap(interval)) {
                gaps++;   // unknown: neither its time nor an edge across it counts
                for (PortAccumulator p : ports.values()) {
                    p.raisedAt = -1;
                }
                vcpus.values().forEach(v -> v.raisedAt = -1);
            } else {
                observedNanos += interval;
                weigh(previous, interval);
            }
        }
        edges(snapshot);
        previous = snapshot;
    }

    private PortAccumulator accumulator(int port) {
        return ports.computeIfAbsent(port, PortAccumulator::new);
    }

    /** The state {@code previous} showed held for {@code interval}. */
    private void weigh(Frame state, long interval) {
        for (PortAccumulator p : ports.values()) {
            boolean pending = state.isPending(p.port);
            boolean masked = state.isMasked(p.port);
            p.pendingNanos += pending ? interval : 0;
            p.maskedNanos += masked ? interval : 0;
            p.pendingMaskedNanos += pending && masked ? interval : 0;
        }
        for (int id = 0; id < state.vcpuCount(); id++) {
            VcpuAccumulator v = vcpus.computeIfAbsent(id, k -> new VcpuAccumulator());
            v.pendingNanos += state.upcallPending(id) ? interval : 0;
            v.maskedNanos += state.upcallMasked(id) ? interval : 0;
        }
    }

    private void edges(Frame snapshot) {
        long now = snapshot.monotonicNanos();
        for (int port : snapshot.pendingPorts()) {
            if (!ports.containsKey(port)) {
                accumulator(port).name = snapshot.portName(port);
            }
        }
        for (PortAccumulator p : ports.values()) {
            boolean was = previous != null && previous.isPending(p.port);
            boolean is = snapshot.isPending(p.port);
            if (is && !was) {
                p.edges++;
                p.raisedAt = previous == null ? -1 : now;   // pending at the first snapshot: raised when, unknown
            } else if (!is && was && p.raisedAt >= 0) {
                p.handledAfter(now - p.raisedAt);
                p.raisedAt = -1;
            }
        }
        for (int id = 0; id < snapshot.vcpuCount(); id++) {
            VcpuAccumulator v = vcpus.computeIfAbsent(id, k -> new VcpuAccumulator());
            boolean was = previous != null && id < previous.vcpuCount() && previous.upcallPending(id);
            boolean is = snapshot.upcallPending(id);
            if (is && !was) {
                v.edges++;
                v.raisedAt = previous == null ? -1 : now;
            } else if (!is && was && v.raisedAt >= 0) {
                v.longest = Math.max(v.longest, now - v.raisedAt);
                v.raisedAt = -1;
            }
        }
    }

    /** The figures so far. */
    public Result result() {
        double seconds = observedNanos / 1e9;
        List<PortStats> portStats = new ArrayList<>();
        for (PortAccumulator p : ports.values()) {
            long[] sorted = Arrays.copyOf(p.durations, p.handled);
            Arrays.sort(sorted);
            long longest = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
            long p99 = sorted.length == 0 ? 0 : sorted[(int) Math.ceil(0.99 * sorted.length) - 1];   // nearest rank
            portStats.add(new PortStats(p.port, p.name, p.edges, rate(p.edges, seconds), share(p.pendingNanos),
                    share(p.maskedNanos), share(p.pendingMaskedNanos), p.handled, longest, p99));
        }
        List<VcpuStats> vcpuStats = new ArrayList<>();
        vcpus.forEach((id, v) -> vcpuStats.add(new VcpuStats(id, v.edges, rate(v.edges, seconds), share(v.pendingNanos),
                share(v.maskedNanos), v.longest)));
        long span = previous == null ? 0 : previous.monotonicNanos() - firstNanos;
        return new Result(snapshots, gaps, observedNanos, span, portStats, vcpuStats);
    }

    private double share(long nanos) {
        return observedNanos == 0 ? 0 : (double) nanos / observedNanos;
    }

    private static double rate(long count, double seconds) {
        return seconds == 0 ? 0 : count / seconds;
    }

    /**
     * The whole result as CSV, as {@code xenguest stats --csv} prints it and the statistics view
     * exports it: the ports' table, a blank line, the vCPUs' table.
     */
    public static String csv(Result result) {
        return portsCsv(result) + "\n" + vcpusCsv(result);
    }

    /** The port figures as CSV (a header line, then a line a port; times in microseconds). */
    public static String portsCsv(Result result) {
        StringBuilder csv = new StringBuilder("port,name,events,events_per_second,share_pending,share_masked,"
                + "share_pending_while_masked,handled,longest_pending_us,p99_pending_us\n");
        for (PortStats p : result.ports()) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%d,%.3f,%.4f,%.4f,%.4f,%d,%d,%d%n", p.port(),
                    p.name() == null ? "" : p.name().replace(",", " "), p.events(), p.eventsPerSecond(), p.sharePending(),
                    p.shareMasked(), p.sharePendingWhileMasked(), p.handled(), p.longestPendingNanos() / 1000,
                    p.p99PendingNanos() / 1000));
        }
        return csv.toString();
    }

    /** The vCPU figures as CSV. */
    public static String vcpusCsv(Result result) {
        StringBuilder csv = new StringBuilder(
                "vcpu,upcalls,upcalls_per_second,share_upcall_pending,share_upcall_masked,longest_upcall_pending_us\n");
        for (VcpuStats v : result.vcpus()) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.3f,%.4f,%.4f,%d%n", v.vcpu(), v.upcalls(), v.upcallsPerSecond(),
                    v.shareUpcallPending(), v.shareUpcallMasked(), v.longestUpcallPendingNanos() / 1000));
        }
        return csv.toString();
    }
}
