package org.xenguest.debug.core.findings;

import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.VcpuInfo;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;

/** The rules on shared_info: pending-and-masked ports, lost wake-ups, upcalls not handled. */
final class EventChannelRules {

    private EventChannelRules() {
    }

    static String portLabel(PortState port) {
        return "port " + port.port() + (port.name() == null ? "" : " (" + port.name() + ")");
    }

    /** {@link FindingCode#EVTCHN_PENDING_MASKED}: [1/1/x] held past the threshold. */
    static final class PendingMasked implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.EVTCHN_PENDING_MASKED;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            Snapshot latest = context.latest();
            for (int number : latest.sharedInfo().pendingMaskedPorts()) {
                RuleContext.Held held = context.held(s -> s.isPending(number) && s.isMasked(number));
                if (held.atLeast(context.thresholds().pendingMasked())) {
                    PortState port = latest.port(number);
                    findings.add(new Finding(code(), List.of(number), List.of("port " + number),
                            portLabel(port) + " " + port.flags() + " is pending while masked " + held.describe(),
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }
    }

    /** {@link FindingCode#EVTCHN_LOST_WAKEUP}: [1/0/1] with the event state frozen. */
    static final class LostWakeup implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.EVTCHN_LOST_WAKEUP;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            Snapshot latest = context.latest();
            for (int number : latest.sharedInfo().pendingPorts()) {
                PortState port = latest.port(number);
                if (!isWakeupPattern(port)) {
                    continue;
                }
                RuleContext.Held held = context.held(s -> isWakeupPattern(s.port(number)) && s.sameEventState(latest));
                if (held.atLeast(context.thresholds().lostWakeup())) {
                    findings.add(new Finding(code(), List.of(number), List.of("port " + number, "vcpu " + port.vcpu()),
                            portLabel(port) + " [1/0/1] on vCPU " + port.vcpu()
                                    + ": pending, unmasked, selected, and no event state changed " + held.describe()
                                    + ": the guest missed the wake-up",
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }

        private static boolean isWakeupPattern(PortState port) {
            return port.pending() && !port.masked() && port.selector();
        }
    }

    /** {@link FindingCode#UPCALL_NOT_HANDLED}: upcall_pending=1, upcall_mask=0, nothing moving. */
    static final class UpcallNotHandled implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.UPCALL_NOT_HANDLED;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            Snapshot latest = context.latest();
            for (int vcpu = 0; vcpu < latest.vcpuCount(); vcpu++) {
                int id = vcpu;
                if (!isUnhandled(latest.vcpu(id))) {
                    continue;
                }
                RuleContext.Held held = context.held(s -> isUnhandled(s.vcpu(id)) && s.sameEventState(latest));
                if (held.atLeast(context.thresholds().upcallNotHandled())) {
                    List<Integer> ports = new ArrayList<>();
                    for (int number : latest.sharedInfo().pendingPorts()) {
                        PortState port = latest.port(number);
                        if (port.vcpu() == id && !port.masked()) {
                            ports.add(number);
                        }
                    }
                    findings.add(new Finding(code(), ports, List.of("vcpu " + id),
                            "vCPU " + id + " has upcall_pending=1 with upcall_mask=0 and no event state changed "
                                    + held.describe() + (ports.isEmpty() ? "" : "; pending unmasked ports " + ports),
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }

        private static boolean isUnhandled(VcpuInfo vcpu) {
            return vcpu.isUpcallPending() && !vcpu.isUpcallMasked();
        }
    }
}
