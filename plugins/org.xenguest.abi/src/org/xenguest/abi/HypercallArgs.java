package org.xenguest.abi;

/**
 * Layouts of the argument structures a guest passes by pointer to the hypercalls in
 * {@link Hypercalls}, so generated code can build them without the Xen headers and the debug
 * views can decode them from guest memory. Names are {@code STRUCT_FIELD_OFFSET} and
 * {@code STRUCT_SIZE} after the C struct (prefix {@code xen_} dropped).
 */
public final class HypercallArgs {

    private HypercallArgs() {
    }

    // ---- event_channel.h ------------------------------------------------------------------------

    /** struct evtchn_alloc_unbound: dom, remote_dom (u16 each), OUT port (u32). */
    public static final int EVTCHN_ALLOC_UNBOUND_SIZE = 8;
    public static final int EVTCHN_ALLOC_UNBOUND_DOM_OFFSET = 0;
    public static final int EVTCHN_ALLOC_UNBOUND_REMOTE_DOM_OFFSET = 2;
    public static final int EVTCHN_ALLOC_UNBOUND_PORT_OFFSET = 4;

    /** struct evtchn_bind_interdomain: remote_dom u16, (pad), remote_port, OUT local_port. */
    public static final int EVTCHN_BIND_INTERDOMAIN_SIZE = 12;
    public static final int EVTCHN_BIND_INTERDOMAIN_REMOTE_DOM_OFFSET = 0;
    public static final int EVTCHN_BIND_INTERDOMAIN_REMOTE_PORT_OFFSET = 4;
    public static final int EVTCHN_BIND_INTERDOMAIN_LOCAL_PORT_OFFSET = 8;

    /** struct evtchn_bind_virq: virq, vcpu, OUT port (u32 each). */
    public static final int EVTCHN_BIND_VIRQ_SIZE = 12;
    public static final int EVTCHN_BIND_VIRQ_VIRQ_OFFSET = 0;
    public static final int EVTCHN_BIND_VIRQ_VCPU_OFFSET = 4;
    public static final int EVTCHN_BIND_VIRQ_PORT_OFFSET = 8;

    /** struct evtchn_bind_ipi: vcpu, OUT port. */
    public static final int EVTCHN_BIND_IPI_SIZE = 8;
    public static final int EVTCHN_BIND_IPI_VCPU_OFFSET = 0;
    public static final int EVTCHN_BIND_IPI_PORT_OFFSET = 4;

    /** struct evtchn_bind_vcpu: port, vcpu. */
    public static final int EVTCHN_BIND_VCPU_SIZE = 8;
    public static final int EVTCHN_BIND_VCPU_PORT_OFFSET = 0;
    public static final int EVTCHN_BIND_VCPU_VCPU_OFFSET = 4;

    /** struct evtchn_send, evtchn_close and evtchn_unmask are each just a u32 port. */
    public static final int EVTCHN_PORT_ONLY_SIZE = 4;

    /** struct evtchn_status: dom u16, port, OUT status, vcpu, then a union. */
    public static final int EVTCHN_STATUS_SIZE = 24;
    public static final int EVTCHN_STATUS_DOM_OFFSET = 0;
    public static final int EVTCHN_STATUS_PORT_OFFSET = 4;
    public static final int EVTCHN_STATUS_STATUS_OFFSET = 8;
    public static final int EVTCHN_STATUS_VCPU_OFFSET = 12;
    /** u.unbound.dom, u.interdomain.dom, u.pirq and u.virq all start here. */
    public static final int EVTCHN_STATUS_UNION_OFFSET = 16;
    public static final int EVTCHN_STATUS_INTERDOMAIN_PORT_OFFSET = 20;

    // ---- sched.h --------------------------------------------------------------------------------

    /** struct sched_shutdown: reason (SHUTDOWN_*). */
    public static final int SCHED_SHUTDOWN_SIZE = 4;
    /** struct sched_poll: guest handle to the port array, nr_ports, u64 timeout. */
    public static final int SCHED_POLL_SIZE = 24;
    public static final int SCHED_POLL_PORTS_OFFSET = 0;
    public static final int SCHED_POLL_NR_PORTS_OFFSET = 8;
    public static final int SCHED_POLL_TIMEOUT_OFFSET = 16;

    // ---- memory.h -------------------------------------------------------------------------------

    /** struct xen_add_to_physmap: domid u16, size u16, space u32, idx and gpfn (u64). */
    public static final int ADD_TO_PHYSMAP_SIZE = 24;
    public static final int ADD_TO_PHYSMAP_DOMID_OFFSET = 0;
    public static final int ADD_TO_PHYSMAP_SIZE_OFFSET = 2;
    public static final int ADD_TO_PHYSMAP_SPACE_OFFSET = 4;
    public static final int ADD_TO_PHYSMAP_IDX_OFFSET = 8;
    public static final int ADD_TO_PHYSMAP_GPFN_OFFSET = 16;

    // ---- hvm/hvm_op.h ---------------------------------------------------------------------------

    /** struct xen_hvm_param: domid u16, pad u16, index u32, value u64. */
    public static final int HVM_PARAM_SIZE = 16;
    public static final int HVM_PARAM_DOMID_OFFSET = 0;
    public static final int HVM_PARAM_INDEX_OFFSET = 4;
    public static final int HVM_PARAM_VALUE_OFFSET = 8;

    /** struct xen_hvm_evtchn_upcall_vector: vcpu u32, vector u8, padded to 8. */
    public static final int HVM_EVTCHN_UPCALL_VECTOR_SIZE = 8;
    public static final int HVM_EVTCHN_UPCALL_VECTOR_VCPU_OFFSET = 0;
    public static final int HVM_EVTCHN_UPCALL_VECTOR_VECTOR_OFFSET = 4;

    // ---- grant_table.h --------------------------------------------------------------------------

    /** struct gnttab_setup_table: dom u16, nr_frames u32, OUT status s16, frame_list handle. */
    public static final int GNTTAB_SETUP_TABLE_SIZE = 24;
    public static final int GNTTAB_SETUP_TABLE_DOM_OFFSET = 0;
    public static final int GNTTAB_SETUP_TABLE_NR_FRAMES_OFFSET = 4;
    public static final int GNTTAB_SETUP_TABLE_STATUS_OFFSET = 8;
    public static final int GNTTAB_SETUP_TABLE_FRAME_LIST_OFFSET = 16;

    /** struct gnttab_query_size: dom u16, OUT nr_frames, max_nr_frames (u32), status s16. */
    public static final int GNTTAB_QUERY_SIZE_SIZE = 16;
    public static final int GNTTAB_QUERY_SIZE_DOM_OFFSET = 0;
    public static final int GNTTAB_QUERY_SIZE_NR_FRAMES_OFFSET = 4;
    public static final int GNTTAB_QUERY_SIZE_MAX_NR_FRAMES_OFFSET = 8;
    public static final int GNTTAB_QUERY_SIZE_STATUS_OFFSET = 12;

    /** struct gnttab_set_version: IN/OUT version (u32). */
    public static final int GNTTAB_SET_VERSION_SIZE = 4;

    // ---- vcpu.h ---------------------------------------------------------------------------------

    /** struct vcpu_register_vcpu_info: u64 mfn, u32 offset, u32 rsvd. */
    public static final int VCPU_REGISTER_VCPU_INFO_SIZE = 16;
    public static final int VCPU_REGISTER_VCPU_INFO_MFN_OFFSET = 0;
    public static final int VCPU_REGISTER_VCPU_INFO_OFFSET_OFFSET = 8;

    /** struct vcpu_set_singleshot_timer: u64 timeout_abs_ns, u32 flags, padded to 16. */
    public static final int VCPU_SET_SINGLESHOT_TIMER_SIZE = 16;
    public static final int VCPU_SET_SINGLESHOT_TIMER_TIMEOUT_OFFSET = 0;
    public static final int VCPU_SET_SINGLESHOT_TIMER_FLAGS_OFFSET = 8;
}
