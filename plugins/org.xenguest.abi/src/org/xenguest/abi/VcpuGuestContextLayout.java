package org.xenguest.abi;

/**
 * {@code struct vcpu_guest_context} of an x86-64 guest (xen/arch-x86/xen.h, what
 * XEN_DOMCTL_getvcpucontext returns and {@code xl dump-core} stores per vCPU in
 * {@code .xen_prstatus}); only the members the debugger reads. Checked against the headers by
 * AbiHeadersTest.
 */
public final class VcpuGuestContextLayout {

    private VcpuGuestContextLayout() {
    }

    /** sizeof(struct vcpu_guest_context) on x86-64. */
    public static final int SIZE = 5168;
    /** unsigned long flags: VGCF_* bits. */
    public static final int FLAGS_OFFSET = 512;
    /** The vCPU is up (not VPF_down): set by Xen in what it returns. */
    public static final long VGCF_ONLINE = 1L << 5;
    /** struct cpu_user_regs user_regs. */
    public static final int USER_REGS_OFFSET = 520;
    public static final int RIP_OFFSET = 648;
    public static final int RFLAGS_OFFSET = 664;
    public static final int RSP_OFFSET = 672;
    /** unsigned long ctrlreg[8]: cr0, cr1, cr2, cr3, cr4, ... */
    public static final int CTRLREG_OFFSET = 4984;
    public static final int CR3_OFFSET = CTRLREG_OFFSET + 3 * 8;
    /** RFLAGS.IF: the vCPU takes interrupts. */
    public static final long RFLAGS_IF = 1L << 9;
}
