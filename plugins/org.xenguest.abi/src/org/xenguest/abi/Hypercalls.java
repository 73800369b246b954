package org.xenguest.abi;

/**
 * Hypercall numbers, their sub-operations and the parameters a PVH guest sets, as the code
 * generator emits them. Sources: {@code xen/xen.h}, {@code xen/event_channel.h},
 * {@code xen/sched.h}, {@code xen/memory.h}, {@code xen/hvm/hvm_op.h},
 * {@code xen/hvm/params.h}, {@code xen/grant_table.h}, {@code xen/vcpu.h},
 * {@code xen/version.h}, {@code xen/features.h}, {@code xen/elfnote.h}.
 */
public final class Hypercalls {

    private Hypercalls() {
    }

    /**
     * The interface version generated C is built with ({@code -D__XEN_INTERFACE_VERSION__=}),
     * Xen 4.14's, the latest the 4.17 headers know. Without it xen.h maps event_channel_op to
     * the old compat hypercall (16) and drops vcpu_time_info.flags and grant table v2.
     */
    public static final int XEN_INTERFACE_VERSION = 0x00040e00;

    /** The same as the compiler option, for generators and build scripts. */
    public static String interfaceVersionDefine() {
        return String.format("-D__XEN_INTERFACE_VERSION__=0x%08x", XEN_INTERFACE_VERSION);
    }

    /**
     * Bytes per entry of the hypercall page: call {@code hypercall_page + 32 * number}. Only
     * written in a comment of arch-x86/xen-x86_64.h, not as a macro.
     */
    public static final int HYPERCALL_PAGE_ENTRY_SIZE = 32;

    // ---- __HYPERVISOR_* (xen.h) ---------------------------------------------------------------

    public static final int HYPERVISOR_MEMORY_OP = 12;
    public static final int HYPERVISOR_MULTICALL = 13;
    public static final int HYPERVISOR_SET_TIMER_OP = 15;
    /** The compat event_channel_op, used when no interface version is given. */
    public static final int HYPERVISOR_EVENT_CHANNEL_OP_COMPAT = 16;
    public static final int HYPERVISOR_XEN_VERSION = 17;
    public static final int HYPERVISOR_CONSOLE_IO = 18;
    public static final int HYPERVISOR_GRANT_TABLE_OP = 20;
    public static final int HYPERVISOR_VM_ASSIST = 21;
    public static final int HYPERVISOR_VCPU_OP = 24;
    public static final int HYPERVISOR_SCHED_OP = 29;
    public static final int HYPERVISOR_CALLBACK_OP = 30;
    public static final int HYPERVISOR_EVENT_CHANNEL_OP = 32;
    public static final int HYPERVISOR_PHYSDEV_OP = 33;
    public static final int HYPERVISOR_HVM_OP = 34;

    // ---- EVTCHNOP_* (event_channel.h) ---------------------------------------------------------

    public static final int EVTCHNOP_BIND_INTERDOMAIN = 0;
    public static final int EVTCHNOP_BIND_VIRQ = 1;
    public static final int EVTCHNOP_BIND_PIRQ = 2;
    public static final int EVTCHNOP_CLOSE = 3;
    public static final int EVTCHNOP_SEND = 4;
    public static final int EVTCHNOP_STATUS = 5;
    public static final int EVTCHNOP_ALLOC_UNBOUND = 6;
    public static final int EVTCHNOP_BIND_IPI = 7;
    public static final int EVTCHNOP_BIND_VCPU = 8;
    public static final int EVTCHNOP_UNMASK = 9;
    public static final int EVTCHNOP_RESET = 10;
    public static final int EVTCHNOP_INIT_CONTROL = 11;
    public static final int EVTCHNOP_EXPAND_ARRAY = 12;
    public static final int EVTCHNOP_SET_PRIORITY = 13;

    // ---- SCHEDOP_* and SHUTDOWN_* (sched.h) ---------------------------------------------------

    public static final int SCHEDOP_YIELD = 0;
    /** On HVM/PVH this checks pending vectors, not pending event channels. */
    public static final int SCHEDOP_BLOCK = 1;
    public static final int SCHEDOP_SHUTDOWN = 2;
    public static final int SCHEDOP_POLL = 3;
    public static final int SCHEDOP_REMOTE_SHUTDOWN = 4;
    public static final int SCHEDOP_SHUTDOWN_CODE = 5;
    public static final int SCHEDOP_WATCHDOG = 6;
    public static final int SHUTDOWN_POWEROFF = 0;
    public static final int SHUTDOWN_REBOOT = 1;
    public static final int SHUTDOWN_SUSPEND = 2;
    public static final int SHUTDOWN_CRASH = 3;
    public static final int SHUTDOWN_WATCHDOG = 4;
    public static final int SHUTDOWN_SOFT_RESET = 5;

    // ---- XENMEM_* and XENMAPSPACE_* (memory.h) ------------------------------------------------

    public static final int XENMEM_INCREASE_RESERVATION = 0;
    public static final int XENMEM_DECREASE_RESERVATION = 1;
    public static final int XENMEM_POPULATE_PHYSMAP = 6;
    public static final int XENMEM_ADD_TO_PHYSMAP = 7;
    public static final int XENMEM_MEMORY_MAP = 9;
    public static final int XENMEM_REMOVE_FROM_PHYSMAP = 15;
    public static final int XENMAPSPACE_SHARED_INFO = 0;
    public static final int XENMAPSPACE_GRANT_TABLE = 1;
    public static final int XENMAPSPACE_GMFN = 2;
    public static final int XENMAPSPACE_GMFN_RANGE = 3;
    /** OR'ed into the idx of a grant_table mapping to map a v2 status frame. */
    public static final long XENMAPIDX_GRANT_TABLE_STATUS = 0x8000_0000L;

    // ---- HVMOP_* (hvm/hvm_op.h) and HVM_PARAM_* (hvm/params.h) --------------------------------

    public static final int HVMOP_SET_PARAM = 0;
    public static final int HVMOP_GET_PARAM = 1;
    public static final int HVMOP_PAGETABLE_DYING = 9;
    public static final int HVMOP_GET_TIME = 10;
    /** Per-vCPU upcall vector (x86 only), the recommended PVH way; needs a LAPIC EOI. */
    public static final int HVMOP_SET_EVTCHN_UPCALL_VECTOR = 23;

    /** Where CPU0's event-channel notifications go; value = type in bits 63:56 | payload. */
    public static final int HVM_PARAM_CALLBACK_IRQ = 0;
    public static final int HVM_PARAM_STORE_PFN = 1;
    public static final int HVM_PARAM_STORE_EVTCHN = 2;
    public static final int HVM_PARAM_CONSOLE_PFN = 17;
    public static final int HVM_PARAM_CONSOLE_EVTCHN = 18;
    public static final int HVM_NR_PARAMS = 39;
    public static final int HVM_PARAM_CALLBACK_TYPE_GSI = 0;
    public static final int HVM_PARAM_CALLBACK_TYPE_PCI_INTX = 1;
    /** x86 only: payload bits 7:0 are an IDT vector. */
    public static final int HVM_PARAM_CALLBACK_TYPE_VECTOR = 2;
    /** The type sits in bits 63:56 (HVM_PARAM_CALLBACK_IRQ_TYPE_MASK = 0xFF00000000000000). */
    public static final int HVM_PARAM_CALLBACK_TYPE_SHIFT = 56;

    /**
     * The HVM_PARAM_CALLBACK_IRQ value that delivers upcalls on IDT vector {@code vector}.
     * Vectors below 0x20 are CPU exceptions and are refused.
     */
    public static long callbackIrqForVector(int vector) {
        if (vector < 0x20 || vector > 0xFF) {
            throw new IllegalArgumentException("callback vector must be 0x20..0xff (below 0x20 are CPU exceptions),"
                    + " was 0x" + Integer.toHexString(vector));
        }
        return (long) HVM_PARAM_CALLBACK_TYPE_VECTOR << HVM_PARAM_CALLBACK_TYPE_SHIFT | vector;
    }

    // ---- GNTTABOP_* (grant_table.h) -----------------------------------------------------------

    public static final int GNTTABOP_MAP_GRANT_REF = 0;
    public static final int GNTTABOP_UNMAP_GRANT_REF = 1;
    public static final int GNTTABOP_SETUP_TABLE = 2;
    public static final int GNTTABOP_DUMP_TABLE = 3;
    public static final int GNTTABOP_TRANSFER = 4;
    public static final int GNTTABOP_COPY = 5;
    public static final int GNTTABOP_QUERY_SIZE = 6;
    public static final int GNTTABOP_UNMAP_AND_REPLACE = 7;
    public static final int GNTTABOP_SET_VERSION = 8;
    public static final int GNTTABOP_GET_STATUS_FRAMES = 9;
    public static final int GNTTABOP_GET_VERSION = 10;

    // ---- CONSOLEIO_* (xen.h) ------------------------------------------------------------------

    public static final int CONSOLEIO_WRITE = 0;
    public static final int CONSOLEIO_READ = 1;

    // ---- VCPUOP_* (vcpu.h) ----------------------------------------------------------------------

    public static final int VCPUOP_INITIALISE = 0;
    public static final int VCPUOP_UP = 1;
    public static final int VCPUOP_DOWN = 2;
    public static final int VCPUOP_IS_UP = 3;
    public static final int VCPUOP_GET_RUNSTATE_INFO = 4;
    public static final int VCPUOP_REGISTER_RUNSTATE_MEMORY_AREA = 5;
    public static final int VCPUOP_SET_PERIODIC_TIMER = 6;
    public static final int VCPUOP_STOP_PERIODIC_TIMER = 7;
    public static final int VCPUOP_SET_SINGLESHOT_TIMER = 8;
    public static final int VCPUOP_STOP_SINGLESHOT_TIMER = 9;
    /** Moves a vCPU's vcpu_info out of shared_info (needed beyond 32 vCPUs). */
    public static final int VCPUOP_REGISTER_VCPU_INFO = 10;
    /** VCPU_SSHOTTMR_future: fail with -ETIME if the deadline has already passed. */
    public static final int VCPU_SSHOTTMR_FUTURE = 1;

    // ---- XENVER_* (version.h) and XENFEAT_* (features.h) --------------------------------------

    public static final int XENVER_VERSION = 0;
    public static final int XENVER_EXTRAVERSION = 1;
    public static final int XENVER_CAPABILITIES = 3;
    public static final int XENVER_GET_FEATURES = 6;
    public static final int XENVER_PAGESIZE = 7;
    public static final int XENFEAT_AUTO_TRANSLATED_PHYSMAP = 2;
    public static final int XENFEAT_HVM_CALLBACK_VECTOR = 8;
    public static final int XENFEAT_HVM_SAFE_PVCLOCK = 9;

    // ---- ELF notes (elfnote.h) ----------------------------------------------------------------

    public static final int XEN_ELFNOTE_ENTRY = 1;
    public static final int XEN_ELFNOTE_HYPERCALL_PAGE = 2;
    public static final int XEN_ELFNOTE_XEN_VERSION = 5;
    public static final int XEN_ELFNOTE_GUEST_OS = 6;
    public static final int XEN_ELFNOTE_LOADER = 8;
    public static final int XEN_ELFNOTE_FEATURES = 10;
    /** 32-bit physical entry point: what makes an ELF a PVH kernel. */
    public static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;

    // ---- domain ids (xen.h) ---------------------------------------------------------------------

    /** Also DOMID_FIRST_RESERVED: ids from here on are not ordinary domains. */
    public static final int DOMID_SELF = 0x7FF0;
    public static final int DOMID_FIRST_RESERVED = 0x7FF0;
    public static final int DOMID_IO = 0x7FF1;
    public static final int DOMID_XEN = 0x7FF2;
    public static final int DOMID_INVALID = 0x7FF4;
    public static final int DOMID_IDLE = 0x7FFF;
}
