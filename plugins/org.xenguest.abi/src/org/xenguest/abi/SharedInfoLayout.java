package org.xenguest.abi;

/**
 * Byte layout of {@code struct shared_info}, {@code struct vcpu_info} and
 * {@code struct vcpu_time_info} on x86-64, from {@code xen/xen.h},
 * {@code xen/arch-x86/xen.h} and {@code xen/arch-x86/xen-x86_64.h}, built with
 * {@code __XEN_INTERFACE_VERSION__ >= 0x00040601} (older versions have no {@code flags} byte
 * in {@code vcpu_time_info}).
 * <p>
 * Every value here is checked against the installed headers by the test bundle.
 */
public final class SharedInfoLayout {

    private SharedInfoLayout() {
    }

    /** {@code xen_ulong_t} is {@code unsigned long} on x86-64 (arch-x86/xen.h). */
    public static final int XEN_ULONG_SIZE = 8;

    /** vcpu_info slots inside shared_info (arch-x86/xen.h); more vCPUs need VCPUOP_register_vcpu_info. */
    public static final int XEN_LEGACY_MAX_VCPUS = 32;

    // ---- struct vcpu_time_info (xen.h), 32 bytes --------------------------------------------

    public static final int VCPU_TIME_INFO_SIZE = 32;
    /** u32, odd while Xen updates the record (seqlock style). */
    public static final int TIME_VERSION_OFFSET = 0;
    /** u64, TSC at the last update. */
    public static final int TIME_TSC_TIMESTAMP_OFFSET = 8;
    /** u64, nanoseconds since boot at the last update. */
    public static final int TIME_SYSTEM_TIME_OFFSET = 16;
    /** u32, 32.32 fixed-point multiplier from shifted TSC ticks to nanoseconds. */
    public static final int TIME_TSC_TO_SYSTEM_MUL_OFFSET = 24;
    /** s8, shift applied to the TSC delta before the multiplication. */
    public static final int TIME_TSC_SHIFT_OFFSET = 28;
    /** u8, XEN_PVCLOCK_* bits (only with interface version > 0x040600). */
    public static final int TIME_FLAGS_OFFSET = 29;

    /** XEN_PVCLOCK_TSC_STABLE_BIT in vcpu_time_info.flags. */
    public static final int PVCLOCK_TSC_STABLE_BIT = 1 << 0;
    /** XEN_PVCLOCK_GUEST_STOPPED in vcpu_time_info.flags. */
    public static final int PVCLOCK_GUEST_STOPPED = 1 << 1;

    // ---- struct vcpu_info (xen.h), 64 bytes on x86 ------------------------------------------

    public static final int VCPU_INFO_SIZE = 64;
    /** u8, set by Xen when an upcall is due; the guest clears it before scanning. */
    public static final int VCPU_UPCALL_PENDING_OFFSET = 0;
    /** u8, evtchn_upcall_mask (exists because arch-x86 defines XEN_HAVE_PV_UPCALL_MASK). */
    public static final int VCPU_UPCALL_MASK_OFFSET = 1;
    /** xen_ulong_t selector: bit i means evtchn_pending word i may hold work (2-level ABI). */
    public static final int VCPU_PENDING_SEL_OFFSET = 8;
    /** struct arch_vcpu_info: cr2 then a pad word (arch-x86/xen-x86_64.h). */
    public static final int VCPU_ARCH_OFFSET = 16;
    public static final int VCPU_ARCH_CR2_OFFSET = 16;
    public static final int ARCH_VCPU_INFO_SIZE = 16;
    /** The embedded struct vcpu_time_info. */
    public static final int VCPU_TIME_OFFSET = 32;

    // ---- struct shared_info (xen.h) ---------------------------------------------------------

    public static final int VCPU_INFO_ARRAY_OFFSET = 0;
    /** Words in each of evtchn_pending and evtchn_mask: sizeof(xen_ulong_t) * 8. */
    public static final int EVTCHN_WORDS = XEN_ULONG_SIZE * 8;
    /** Directly after the 32 vcpu_info slots: 32 * 64. */
    public static final int EVTCHN_PENDING_OFFSET = VCPU_INFO_ARRAY_OFFSET + XEN_LEGACY_MAX_VCPUS * VCPU_INFO_SIZE;
    public static final int EVTCHN_MASK_OFFSET = EVTCHN_PENDING_OFFSET + EVTCHN_WORDS * XEN_ULONG_SIZE;
    /** u32 wall-clock version counter, same protocol as vcpu_time_info.version. */
    public static final int WC_VERSION_OFFSET = EVTCHN_MASK_OFFSET + EVTCHN_WORDS * XEN_ULONG_SIZE;
    public static final int WC_SEC_OFFSET = WC_VERSION_OFFSET + 4;
    public static final int WC_NSEC_OFFSET = WC_VERSION_OFFSET + 8;
    /** Upper 32 bits of the wall-clock seconds; lives here (not in arch) on x86-64. */
    public static final int WC_SEC_HI_OFFSET = WC_VERSION_OFFSET + 12;
    /** struct arch_shared_info (arch-x86/xen.h): six unsigned longs, right after wc_sec_hi (8-aligned). */
    public static final int ARCH_OFFSET = WC_VERSION_OFFSET + 16;
    public static final int ARCH_MAX_PFN_OFFSET = ARCH_OFFSET;
    public static final int ARCH_PFN_TO_MFN_FRAME_LIST_LIST_OFFSET = ARCH_OFFSET + 8;
    public static final int ARCH_NMI_REASON_OFFSET = ARCH_OFFSET + 16;
    public static final int ARCH_P2M_CR3_OFFSET = ARCH_OFFSET + 24;
    public static final int ARCH_P2M_VADDR_OFFSET = ARCH_OFFSET + 32;
    public static final int ARCH_P2M_GENERATION_OFFSET = ARCH_OFFSET + 40;
    public static final int ARCH_SHARED_INFO_SIZE = 48;
    public static final int SHARED_INFO_SIZE = ARCH_OFFSET + ARCH_SHARED_INFO_SIZE;

    /** Offset of {@code vcpu_info[vcpu]} inside shared_info. */
    public static int vcpuInfoOffset(int vcpu) {
        if (vcpu < 0 || vcpu >= XEN_LEGACY_MAX_VCPUS) {
            throw new IllegalArgumentException("vCPU " + vcpu + " has no vcpu_info slot in shared_info (0.."
                    + (XEN_LEGACY_MAX_VCPUS - 1) + "); a guest with more vCPUs registers vcpu_info elsewhere");
        }
        return VCPU_INFO_ARRAY_OFFSET + vcpu * VCPU_INFO_SIZE;
    }
}
