package org.xenguest.debug.core.findings;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * What a rule sees: the history (oldest first, the latest last) and the thresholds, with a
 * helper that measures how long a condition has held.
 */
public final class RuleContext {

    /** How long a condition has held: time and the number of consecutive snapshots. */
    public record Held(long nanos, int snapshots) {
        public boolean atLeast(Duration threshold) {
            return nanos >= threshold.toNanos();
        }

        /** "for 1.2 s over 13 snapshots" or "in one snapshot (persistence not measured)". */
        public String describe() {
            if (snapshots <= 1) {
                return "in one snapshot (persistence not measured)";
            }
            return String.format("for %.1f s over %d snapshots", nanos / 1e9, snapshots);
        }
    }

    private final List<Snapshot> history;
    private final RuleThresholds thresholds;

    public RuleContext(List<Snapshot> history, RuleThresholds thresholds) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("rules need at least one snapshot");
        }
        this.history = List.copyOf(history);
        this.thresholds = thresholds;
    }

    public Snapshot latest() {
        return history.get(history.size() - 1);
    }

    public List<Snapshot> history() {
        return history;
    }

    public RuleThresholds thresholds() {
        return thresholds;
    }

    /**
     * How long {@code condition} has held without interruption, counting back from the latest
     * snapshot; null if it does not hold in the latest.
     */
    public Held held(Predicate<Snapshot> condition) {
        Snapshot latest = latest();
        if (!condition.test(latest)) {
            return null;
        }
        Snapshot earliest = latest;
        int count = 1;
        for (int i = history.size() - 2; i >= 0; i--) {
            Snapshot candidate = history.get(i);
            if (!condition.test(candidate)) {
                break;
            }
            earliest = candidate;
            count++;
        }
        return new Held(latest.monotonicNanos() - earliest.monotonicNanos(), count);
    }
}
