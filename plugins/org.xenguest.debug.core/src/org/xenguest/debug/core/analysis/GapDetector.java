package org.xenguest.debug.core.analysis;

import java.util.Arrays;

/**
 * Tells a gap (a missed poll, a slow read, a disconnect) from the session's normal rhythm: an
 * interval between two snapshots longer than {@link #FACTOR} times the median of the recent
 * intervals, and longer than {@link #MIN_GAP_NANOS}. What happened in a gap is unknown: the
 * event list shows it as a gap and the statistics leave it out, never as "no change".
 */
public final class GapDetector {
    static final int FACTOR = 4;
    static final long MIN_GAP_NANOS = 200_000_000L;
    private static final int WINDOW = 64;

    private final long[] recent = new long[WINDOW];
    private int count;

    /** Takes the next interval; true when it is a gap. */
    public boolean isGap(long intervalNanos) {
        boolean gap = count >= 3 && intervalNanos > MIN_GAP_NANOS && intervalNanos > FACTOR * median();
        if (!gap) {   // a gap does not move the rhythm
            recent[count % WINDOW] = intervalNanos;
            count++;
        }
        return gap;
    }

    private long median() {
        long[] sorted = Arrays.copyOf(recent, Math.min(count, WINDOW));
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
