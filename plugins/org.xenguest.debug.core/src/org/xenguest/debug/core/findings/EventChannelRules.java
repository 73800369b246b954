package org.xenguest.debug.core.findings;

import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.VcpuInfo;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;

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
                                    + ": the guest missed the wake-up" + cause(latest, port.vcpu()),
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }

        /** What Xen says the vCPU is doing, when the source knows it (the dom0 probe). */
        private static String cause(Snapshot latest, int vcpu) {
            return latest.xen().flatMap(view -> view.vcpus().stream().filter(v -> v.vcpu() == vcpu).findFirst())
                    .filter(VcpuState::blockedWithInterruptsEnabled)
                    .map(state -> "; Xen: vCPU " + vcpu + " is blocked with interrupts enabled"
                            + state.hvm().flatMap(VcpuState.Hvm::rip).map(rip -> " at RIP 0x" + Long.toHexString(rip)).orElse("")
                            + ", so it sleeps through the event it already took")
                    .orElse("");
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

    /** {@link FindingCode#LAPIC_VECTOR_IN_SERVICE}: a vector in the LAPIC ISR past the threshold (Xen's view). */
    static final class VectorInService implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.LAPIC_VECTOR_IN_SERVICE;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            Snapshot latest = context.latest();
            for (VcpuState vcpu : latest.xen().map(view -> view.vcpus()).orElse(List.of())) {
                for (int vector : vcpu.hvm().map(VcpuState.Hvm::lapicIsr).orElse(List.of())) {
                    RuleContext.Held held = context.held(s -> inService(s, vcpu.vcpu(), vector));
                    if (held.atLeast(context.thresholds().upcallNotHandled())) {
                        findings.add(new Finding(code(), List.of(), List.of("vcpu " + vcpu.vcpu()),
                                String.format("vector 0x%02x is in service in vCPU %d's local APIC (ISR) %s: no EOI was"
                                        + " written, so no interrupt of its priority or below is delivered", vector,
                                        vcpu.vcpu(), held.describe()),
                                held.nanos(), held.snapshots()));
                    }
                }
            }
            return findings;
        }

        private static boolean inService(Snapshot s, int vcpu, int vector) {
            return s.xen().flatMap(view -> view.vcpus().stream().filter(v -> v.vcpu() == vcpu).findFirst())
                    .flatMap(VcpuState::hvm).map(hvm -> hvm.lapicIsr().contains(vector)).orElse(false);
        }
    }

    /** {@link FindingCode#PORT_VCPU_MISMATCH}: Xen notifies a port on another vCPU than the descriptor says. */
    static final class PortVcpuMismatch implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.PORT_VCPU_MISMATCH;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            Snapshot latest = context.latest();
            List<Finding> findings = new ArrayList<>();
            for (PortBinding binding : latest.xen().map(view -> view.ports()).orElse(List.of())) {
                latest.descriptor().port(binding.port()).filter(declared -> declared.vcpu() != binding.vcpu())
                        .ifPresent(declared -> findings.add(new Finding(code(), List.of(binding.port()),
                                List.of("port " + binding.port(), "vcpu " + binding.vcpu()),
                                portLabel(latest.port(binding.port())) + " is notified on vCPU " + binding.vcpu()
                                        + " by Xen, but the guest's description says vCPU " + declared.vcpu(),
                                0, 1)));
            }
            return findings;
        }
    }
}
