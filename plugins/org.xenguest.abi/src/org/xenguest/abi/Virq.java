package org.xenguest.abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Virtual IRQs a guest can bind an event channel to with EVTCHNOP_bind_virq ({@code VIRQ_*} in
 * {@code xen/xen.h}). Each has the lower-case name the DSL uses ({@code timer}, {@code debug},
 * {@code console}, ...).
 * <p>
 * Per-vCPU VIRQs ("V." in xen.h) are bound once per vCPU; global ones ("G.") only on vCPU 0.
 * Number 5 is unassigned. Number 10 is {@code VIRQ_MEM_EVENT} in the 4.17 headers although the
 * subsystem behind it is now called vm_event ({@code xen/vm_event.h}), so {@code vm_event} is
 * accepted as an alias.
 */
public enum Virq {
    TIMER(0, "timer", true),
    DEBUG(1, "debug", true),
    CONSOLE(2, "console", false),
    DOM_EXC(3, "dom_exc", false),
    TBUF(4, "tbuf", false),
    DEBUGGER(6, "debugger", false),
    XENOPROF(7, "xenoprof", true),
    CON_RING(8, "con_ring", false),
    PCPU_STATE(9, "pcpu_state", false),
    MEM_EVENT(10, "mem_event", false, "vm_event"),
    ARGO(11, "argo", false),
    ENOMEM(12, "enomem", false),
    XENPMU(13, "xenpmu", true),
    /* Architecture-specific slots; on x86 only ARCH_0 is used (VIRQ_MCA, global, xen-mca.h). */
    ARCH_0(16, "arch_0", false),
    ARCH_1(17, "arch_1", false),
    ARCH_2(18, "arch_2", false),
    ARCH_3(19, "arch_3", false),
    ARCH_4(20, "arch_4", false),
    ARCH_5(21, "arch_5", false),
    ARCH_6(22, "arch_6", false),
    ARCH_7(23, "arch_7", false);

    /** NR_VIRQS in xen.h: every VIRQ number is below this. */
    public static final int NR_VIRQS = 24;

    private final int number;
    private final String dslName;
    private final boolean perVcpu;
    private final String alias;

    Virq(int number, String dslName, boolean perVcpu) {
        this(number, dslName, perVcpu, null);
    }

    Virq(int number, String dslName, boolean perVcpu, String alias) {
        this.number = number;
        this.dslName = dslName;
        this.perVcpu = perVcpu;
        this.alias = alias;
    }

    public int number() {
        return number;
    }

    /** The name the DSL uses, e.g. {@code dom_exc}. */
    public String dslName() {
        return dslName;
    }

    /** The macro in xen.h, e.g. {@code VIRQ_DOM_EXC}. */
    public String cName() {
        return "VIRQ_" + name();
    }

    /** True if each vCPU has its own instance ("V." in xen.h); false if global (bind on vCPU 0). */
    public boolean isPerVcpu() {
        return perVcpu;
    }

    /** Other accepted DSL name, if any (e.g. {@code vm_event} for {@link #MEM_EVENT}). */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    /**
     * Finds a VIRQ by its DSL name ({@code timer}), alias ({@code vm_event}) or C name
     * ({@code VIRQ_TIMER}). DSL names are matched exactly (they are lower case); C names as
     * written in xen.h.
     */
    public static Optional<Virq> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Virq virq : values()) {
            if (virq.dslName.equals(name) || name.equals(virq.alias) || virq.cName().equals(name)) {
                return Optional.of(virq);
            }
        }
        return Optional.empty();
    }

    public static Optional<Virq> byNumber(long number) {
        for (Virq virq : values()) {
            if (virq.number == number) {
                return Optional.of(virq);
            }
        }
        return Optional.empty();
    }

    /** All DSL names (without aliases), in number order: for content assist and messages. */
    public static List<String> dslNames() {
        List<String> names = new ArrayList<>();
        for (Virq virq : values()) {
            names.add(virq.dslName);
        }
        return Collections.unmodifiableList(names);
    }
}
