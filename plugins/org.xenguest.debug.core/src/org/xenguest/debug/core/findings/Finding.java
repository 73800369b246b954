package org.xenguest.debug.core.findings;

import java.util.List;
import java.util.Objects;

/**
 * One failure pattern seen in the latest snapshot.
 *
 * @param code       the stable code; the explanation and fix come from it
 * @param ports      event-channel ports concerned (may be empty)
 * @param structures other structures concerned, e.g. {@code vcpu 0}, {@code ring vif0-tx},
 *                   {@code grant table}, {@code device vif0}, {@code xenstore}
 * @param message    one line: what is seen, where, for how long
 * @param heldNanos  how long the pattern has held without change (0 if seen in one snapshot)
 * @param snapshots  how many consecutive snapshots showed it
 */
public record Finding(FindingCode code, List<Integer> ports, List<String> structures, String message, long heldNanos,
        int snapshots) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        ports = List.copyOf(ports);
        structures = List.copyOf(structures);
    }

    public Severity severity() {
        return code.severity();
    }

    public String explanation() {
        return code.explanation();
    }

    public String fix() {
        return code.fix();
    }

    /** {@code CODE: message} */
    @Override
    public String toString() {
        return code + ": " + message;
    }
}
