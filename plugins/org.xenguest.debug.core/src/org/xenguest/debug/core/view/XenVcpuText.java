package org.xenguest.debug.core.view;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * One vCPU as Xen sees it (the dom0 probe), in the vCPUs view's words: online, blocked,
 * running, RFLAGS.IF, RIP and the local APIC's IRR and ISR vectors with the upcall vector picked
 * out. What the source does not report is said to be unknown, never shown as false. No UI.
 */
public final class XenVcpuText {

    /** The whole line when the source reports no Xen view (the serial stub, QEMU's gdbstub). */
    public static final String NOT_REPORTED = "Xen's view: not reported by this source (blocked, IF, LAPIC unknown)";
    /** A fact the source does not know. */
    public static final String UNKNOWN = "?";

    private XenVcpuText() {
    }

    /** Xen's state of {@code vcpu}, when the source reports Xen's view and lists the vCPU. */
    public static Optional<VcpuState> state(Snapshot snapshot, int vcpu) {
        return snapshot.xen().flatMap(view -> view.vcpus().stream().filter(v -> v.vcpu() == vcpu).findFirst());
    }

    /**
     * e.g. {@code Xen: online, blocked, not running · IF=1 · RIP 0xffffffff81000123 · LAPIC IRR
     * 0xf3(upcall) ISR none}; {@code IF=?} and {@code LAPIC ?} where Xen gave no HVM record.
     *
     * @param upcallVector the IDT vector upcalls arrive on, when known: marked in the lists
     */
    public static String line(Snapshot snapshot, int vcpu, OptionalInt upcallVector) {
        if (snapshot.xen().isEmpty()) {
            return NOT_REPORTED;
        }
        Optional<VcpuState> found = state(snapshot, vcpu);
        if (found.isEmpty()) {
            return "Xen: vCPU " + vcpu + " not listed";
        }
        VcpuState state = found.get();
        StringBuilder text = new StringBuilder("Xen: ");
        if (!state.online()) {
            return text.append("offline").toString();
        }
        text.append("online, ").append(state.blocked() ? "blocked" : "not blocked").append(", ")
                .append(state.running() ? "running" : "not running");
        Optional<Boolean> interrupts = state.hvm().flatMap(VcpuState.Hvm::interruptsEnabled);
        text.append(" \u00b7 IF=").append(interrupts.map(on -> on ? "1" : "0").orElse(UNKNOWN));
        text.append(" \u00b7 RIP ").append(state.hvm().flatMap(VcpuState.Hvm::rip).map(Addresses::format).orElse(UNKNOWN));
        if (state.hvm().map(VcpuState.Hvm::lapicKnown).orElse(false)) {
            VcpuState.Hvm hvm = state.hvm().get();
            text.append(" \u00b7 LAPIC IRR ").append(vectors(hvm.lapicIrr(), upcallVector)).append(" ISR ")
                    .append(vectors(hvm.lapicIsr(), upcallVector));
        } else {
            text.append(" \u00b7 LAPIC ").append(UNKNOWN);
        }
        return text.toString();
    }

    /** {@code none}, or the vectors in hex, the upcall vector marked {@code (upcall)}. */
    static String vectors(List<Integer> vectors, OptionalInt upcallVector) {
        if (vectors.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (int vector : vectors) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(String.format("0x%02x", vector));
            if (upcallVector.isPresent() && upcallVector.getAsInt() == vector) {
                text.append("(upcall)");
            }
        }
        return text.toString();
    }
}
