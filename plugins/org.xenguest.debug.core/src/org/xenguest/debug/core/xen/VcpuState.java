package org.xenguest.debug.core.xen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One vCPU as Xen sees it ({@code qXenguest.Vcpus}).
 *
 * @param vcpu      the vCPU number
 * @param online    xc_vcpu_getinfo
 * @param blocked   xc_vcpu_getinfo: waiting for an event
 * @param running   xc_vcpu_getinfo: on a physical CPU now
 * @param cpu       the physical CPU it last ran on
 * @param cpuTimeNs CPU time used
 * @param hvm       the HVM save records' view (PVH/HVM and online only; empty when Xen refused)
 */
public record VcpuState(int vcpu, boolean online, boolean blocked, boolean running, int cpu, long cpuTimeNs,
        Optional<Hvm> hvm) {

    /**
     * From the HVM save records.
     *
     * @param interruptsEnabled RFLAGS.IF (HVM_SAVE_CODE(CPU)); present with {@code rip}
     * @param rip               the instruction pointer
     * @param rflags            RFLAGS
     * @param lapicIrr          vectors requested (LAPIC IRR, HVM_SAVE_CODE(LAPIC_REGS)); empty when none
     * @param lapicIsr          vectors in service (LAPIC ISR): one that stays means an EOI never written
     * @param lapicKnown        false when Xen did not give the LAPIC record (the two lists are then empty)
     */
    public record Hvm(Optional<Boolean> interruptsEnabled, Optional<Long> rip, Optional<Long> rflags,
            List<Integer> lapicIrr, List<Integer> lapicIsr, boolean lapicKnown) {

        public Hvm {
            Objects.requireNonNull(interruptsEnabled, "interruptsEnabled");
            Objects.requireNonNull(rip, "rip");
            Objects.requireNonNull(rflags, "rflags");
            lapicIrr = List.copyOf(lapicIrr);
            lapicIsr = List.copyOf(lapicIsr);
        }
    }

    public VcpuState {
        Objects.requireNonNull(hvm, "hvm");
    }

    /** The lost wake-up's signature: blocked while interrupts are enabled (then an event must wake it). */
    public boolean blockedWithInterruptsEnabled() {
        return blocked && hvm.flatMap(Hvm::interruptsEnabled).orElse(false);
    }
}
