package org.xenguest.debug.core.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotStore;

/** Runs the rules over a snapshot history and returns what they find in the latest snapshot. */
public final class FindingsEngine {

    private final RuleThresholds thresholds;
    private final List<Rule> rules;

    /** Every known rule with these thresholds. */
    public FindingsEngine(RuleThresholds thresholds) {
        this(thresholds, allRules());
    }

    public FindingsEngine(RuleThresholds thresholds, List<Rule> rules) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.rules = List.copyOf(rules);
    }

    /** One instance of every rule, in the order of {@link FindingCode}. */
    public static List<Rule> allRules() {
        return List.of(new EventChannelRules.PendingMasked(), new EventChannelRules.LostWakeup(),
                new EventChannelRules.UpcallNotHandled(), new StructureRules.GrantExhausted(),
                new StructureRules.RingUnanswered(), new StructureRules.RingEventNotArmed(),
                new StructureRules.XenbusHandshakeStuck(), new StructureRules.XenstoreRingStalled(),
                new EventChannelRules.VectorInService(), new EventChannelRules.PortVcpuMismatch());
    }

    /** The rule for one code, e.g. to test it alone. */
    public static Rule rule(FindingCode code) {
        return allRules().stream().filter(rule -> rule.code() == code).findFirst().orElseThrow();
    }

    public RuleThresholds thresholds() {
        return thresholds;
    }

    /** Findings for the last snapshot of {@code history} (oldest first); empty history, no findings. */
    public List<Finding> evaluate(List<Snapshot> history) {
        if (history.isEmpty()) {
            return List.of();
        }
        RuleContext context = new RuleContext(history, thresholds);
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            findings.addAll(rule.evaluate(context));
        }
        return findings;
    }

    public List<Finding> evaluate(SnapshotStore store) {
        return evaluate(store.history());
    }
}
