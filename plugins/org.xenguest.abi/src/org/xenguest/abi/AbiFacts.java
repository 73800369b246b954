package org.xenguest.abi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every fact this bundle claims, as data: the table the header test compiles against Xen's
 * headers and {@code xenguest abi} prints. The constants in the layout classes are the source;
 * this class only points at them and says which C expression must agree.
 */
public final class AbiFacts {

    /**
     * Headers the C expressions need, in an order that compiles: stdint.h and stddef.h first,
     * because the Xen headers use uint16_t and friends, and ring.h's __CONST_RING_SIZE uses
     * offsetof, without including them.
     */
    public static final List<String> C_HEADERS = List.of(
            "stdint.h", "stddef.h",
            "xen/xen.h", "xen/event_channel.h", "xen/grant_table.h", "xen/io/ring.h", "xen/io/netif.h",
            "xen/io/blkif.h", "xen/io/console.h", "xen/io/xs_wire.h", "xen/io/xenbus.h", "xen/hvm/params.h",
            "xen/hvm/hvm_op.h", "xen/memory.h", "xen/sched.h", "xen/vcpu.h", "xen/version.h", "xen/features.h",
            "xen/elfnote.h");

    private static final List<AbiFact> ALL = build();

    private AbiFacts() {
    }

    /** All facts, grouped, in a stable order. Names are unique. */
    public static List<AbiFact> all() {
        return ALL;
    }

    public static Optional<AbiFact> byName(String name) {
        return ALL.stream().filter(fact -> fact.name().equals(name)).findFirst();
    }

    /** Group names in table order. */
    public static List<String> groups() {
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        ALL.forEach(fact -> groups.add(fact.group()));
        return List.copyOf(groups);
    }

    /** The facts of one group, in table order (empty for an unknown group). */
    public static List<AbiFact> group(String group) {
        return ALL.stream().filter(fact -> fact.group().equals(group)).toList();
    }

    /** The whole table as aligned text, for {@code xenguest abi}. */
    public static String formatTable() {
        return formatTable(ALL);
    }

    /**
     * Aligned text with columns GROUP, NAME, DECIMAL, HEX and C EXPRESSION (facts the public
     * headers cannot express show {@code (not in public headers)}), and a summary line.
     * Lines end with {@code \n} and carry no trailing blanks.
     */
    public static String formatTable(Collection<AbiFact> facts) {
        String[] titles = {"GROUP", "NAME", "DECIMAL", "HEX", "C EXPRESSION"};
        List<String[]> rows = new ArrayList<>();
        for (AbiFact fact : facts) {
            rows.add(new String[] {fact.group(), fact.name(), Long.toString(fact.value()), hex(fact.value()),
                    fact.isCheckedAgainstHeaders() ? fact.cExpression() : "(not in public headers)"});
        }
        int[] widths = new int[titles.length];
        for (int column = 0; column < titles.length; column++) {
            widths[column] = titles[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendRow(text, titles, widths);
        for (String[] row : rows) {
            appendRow(text, row, widths);
        }
        long checked = facts.stream().filter(AbiFact::isCheckedAgainstHeaders).count();
        text.append(facts.size()).append(" facts, ").append(checked)
                .append(" checked against Xen's public headers (x86-64, __XEN_INTERFACE_VERSION__ ")
                .append(String.format(Locale.ROOT, "0x%08x", Hypercalls.XEN_INTERFACE_VERSION)).append(")\n");
        return text.toString();
    }

    /** Numbers are right-aligned, text left-aligned; two blanks between columns. */
    private static void appendRow(StringBuilder text, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            if (column > 0) {
                line.append("  ");
            }
            boolean numeric = column == 2 || column == 3;
            String padding = " ".repeat(widths[column] - cells[column].length());
            line.append(numeric ? padding + cells[column] : cells[column] + padding);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** {@code 0x1f}; negative values (status codes) as {@code -0x1}, not as 64-bit two's complement. */
    static String hex(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }

    // ---- the table --------------------------------------------------------------------------------

    private static List<AbiFact> build() {
        Table t = new Table();

        t.group("shared_info");
        t.constant("XEN_LEGACY_MAX_VCPUS", SharedInfoLayout.XEN_LEGACY_MAX_VCPUS);
        t.size("xen_ulong_t", SharedInfoLayout.XEN_ULONG_SIZE);
        t.size("struct shared_info", SharedInfoLayout.SHARED_INFO_SIZE);
        t.offset("struct shared_info", "vcpu_info", SharedInfoLayout.VCPU_INFO_ARRAY_OFFSET);
        t.offset("struct shared_info", "evtchn_pending", SharedInfoLayout.EVTCHN_PENDING_OFFSET);
        t.offset("struct shared_info", "evtchn_mask", SharedInfoLayout.EVTCHN_MASK_OFFSET);
        t.fact("shared_info.evtchn_pending.words", SharedInfoLayout.EVTCHN_WORDS,
                "sizeof(((struct shared_info *)0)->evtchn_pending) / sizeof(xen_ulong_t)");
        t.offset("struct shared_info", "wc_version", SharedInfoLayout.WC_VERSION_OFFSET);
        t.offset("struct shared_info", "wc_sec", SharedInfoLayout.WC_SEC_OFFSET);
        t.offset("struct shared_info", "wc_nsec", SharedInfoLayout.WC_NSEC_OFFSET);
        t.offset("struct shared_info", "wc_sec_hi", SharedInfoLayout.WC_SEC_HI_OFFSET);
        t.offset("struct shared_info", "arch", SharedInfoLayout.ARCH_OFFSET);
        t.size("struct arch_shared_info", SharedInfoLayout.ARCH_SHARED_INFO_SIZE);
        t.offset("struct shared_info", "arch.max_pfn", SharedInfoLayout.ARCH_MAX_PFN_OFFSET);
        t.offset("struct shared_info", "arch.pfn_to_mfn_frame_list_list",
                SharedInfoLayout.ARCH_PFN_TO_MFN_FRAME_LIST_LIST_OFFSET);
        t.offset("struct shared_info", "arch.nmi_reason", SharedInfoLayout.ARCH_NMI_REASON_OFFSET);
        t.offset("struct shared_info", "arch.p2m_cr3", SharedInfoLayout.ARCH_P2M_CR3_OFFSET);
        t.offset("struct shared_info", "arch.p2m_vaddr", SharedInfoLayout.ARCH_P2M_VADDR_OFFSET);
        t.offset("struct shared_info", "arch.p2m_generation", SharedInfoLayout.ARCH_P2M_GENERATION_OFFSET);

        t.group("vcpu_info");
        t.size("struct vcpu_info", SharedInfoLayout.VCPU_INFO_SIZE);
        t.offset("struct vcpu_info", "evtchn_upcall_pending", SharedInfoLayout.VCPU_UPCALL_PENDING_OFFSET);
        t.offset("struct vcpu_info", "evtchn_upcall_mask", SharedInfoLayout.VCPU_UPCALL_MASK_OFFSET);
        t.offset("struct vcpu_info", "evtchn_pending_sel", SharedInfoLayout.VCPU_PENDING_SEL_OFFSET);
        t.offset("struct vcpu_info", "arch", SharedInfoLayout.VCPU_ARCH_OFFSET);
        t.offset("struct vcpu_info", "arch.cr2", SharedInfoLayout.VCPU_ARCH_CR2_OFFSET);
        t.size("struct arch_vcpu_info", SharedInfoLayout.ARCH_VCPU_INFO_SIZE);
        t.offset("struct vcpu_info", "time", SharedInfoLayout.VCPU_TIME_OFFSET);
        t.size("struct vcpu_time_info", SharedInfoLayout.VCPU_TIME_INFO_SIZE);
        t.offset("struct vcpu_time_info", "version", SharedInfoLayout.TIME_VERSION_OFFSET);
        t.offset("struct vcpu_time_info", "tsc_timestamp", SharedInfoLayout.TIME_TSC_TIMESTAMP_OFFSET);
        t.offset("struct vcpu_time_info", "system_time", SharedInfoLayout.TIME_SYSTEM_TIME_OFFSET);
        t.offset("struct vcpu_time_info", "tsc_to_system_mul", SharedInfoLayout.TIME_TSC_TO_SYSTEM_MUL_OFFSET);
        t.offset("struct vcpu_time_info", "tsc_shift", SharedInfoLayout.TIME_TSC_SHIFT_OFFSET);
        t.offset("struct vcpu_time_info", "flags", SharedInfoLayout.TIME_FLAGS_OFFSET);
        t.constant("XEN_PVCLOCK_TSC_STABLE_BIT", SharedInfoLayout.PVCLOCK_TSC_STABLE_BIT);
        t.constant("XEN_PVCLOCK_GUEST_STOPPED", SharedInfoLayout.PVCLOCK_GUEST_STOPPED);

        t.group("event_channel");
        t.fact("evtchn.bits_per_word", EventChannels.BITS_PER_WORD, "sizeof(xen_ulong_t) * 8");
        t.constant("EVTCHN_2L_NR_CHANNELS", EventChannels.NR_CHANNELS_2L);
        t.fact("evtchn.words_2l", EventChannels.WORDS_2L, "EVTCHN_2L_NR_CHANNELS / (sizeof(xen_ulong_t) * 8)");
        t.fact("evtchn.usable_ports_2l", EventChannels.USABLE_PORTS_2L, "EVTCHN_2L_NR_CHANNELS - 1");
        t.size("evtchn_port_t", 4);
        for (EventChannels.Status status : EventChannels.Status.values()) {
            t.constant(status.cName(), status.number());
        }
        // Xen-internal state numbers (the 'e' debug key): in no public header, so not checkable.
        for (EventChannels.InternalState state : EventChannels.InternalState.values()) {
            t.fact(state.macroName(), state.number(), null);
        }

        t.group("virq");
        for (Virq virq : Virq.values()) {
            t.constant(virq.cName(), virq.number());
        }
        t.constant("NR_VIRQS", Virq.NR_VIRQS);

        t.group("grant_table");
        t.size("grant_ref_t", 4);
        t.size("struct grant_entry_v1", GrantTableLayout.V1_ENTRY_SIZE);
        t.offset("struct grant_entry_v1", "flags", GrantTableLayout.V1_FLAGS_OFFSET);
        t.offset("struct grant_entry_v1", "domid", GrantTableLayout.V1_DOMID_OFFSET);
        t.offset("struct grant_entry_v1", "frame", GrantTableLayout.V1_FRAME_OFFSET);
        t.fact("grant_entry_v1.per_frame", GrantTableLayout.V1_ENTRIES_PER_FRAME, "4096 / sizeof(grant_entry_v1_t)");
        t.size("union grant_entry_v2", GrantTableLayout.V2_ENTRY_SIZE);
        t.size("grant_entry_header_t", GrantTableLayout.V2_HEADER_SIZE);
        t.offset("union grant_entry_v2", "hdr.flags", GrantTableLayout.V2_FLAGS_OFFSET);
        t.offset("union grant_entry_v2", "hdr.domid", GrantTableLayout.V2_DOMID_OFFSET);
        t.offset("union grant_entry_v2", "full_page.frame", GrantTableLayout.V2_FULL_PAGE_FRAME_OFFSET);
        t.offset("union grant_entry_v2", "sub_page.page_off", GrantTableLayout.V2_SUB_PAGE_OFFSET_OFFSET);
        t.offset("union grant_entry_v2", "sub_page.length", GrantTableLayout.V2_SUB_PAGE_LENGTH_OFFSET);
        t.offset("union grant_entry_v2", "sub_page.frame", GrantTableLayout.V2_SUB_PAGE_FRAME_OFFSET);
        t.offset("union grant_entry_v2", "transitive.trans_domid", GrantTableLayout.V2_TRANSITIVE_DOMID_OFFSET);
        t.offset("union grant_entry_v2", "transitive.gref", GrantTableLayout.V2_TRANSITIVE_GREF_OFFSET);
        t.fact("grant_entry_v2.per_frame", GrantTableLayout.V2_ENTRIES_PER_FRAME, "4096 / sizeof(grant_entry_v2_t)");
        t.size("grant_status_t", GrantTableLayout.V2_STATUS_SIZE);
        t.fact("grant_status_t.per_frame", GrantTableLayout.V2_STATUS_ENTRIES_PER_FRAME,
                "4096 / sizeof(grant_status_t)");
        t.constant("GNTTAB_NR_RESERVED_ENTRIES", GrantTableLayout.NR_RESERVED_ENTRIES);
        t.constant("GNTTAB_RESERVED_CONSOLE", GrantTableLayout.RESERVED_CONSOLE);
        t.constant("GNTTAB_RESERVED_XENSTORE", GrantTableLayout.RESERVED_XENSTORE);
        t.constant("GTF_invalid", GrantTableLayout.GTF_INVALID);
        t.constant("GTF_permit_access", GrantTableLayout.GTF_PERMIT_ACCESS);
        t.constant("GTF_accept_transfer", GrantTableLayout.GTF_ACCEPT_TRANSFER);
        t.constant("GTF_transitive", GrantTableLayout.GTF_TRANSITIVE);
        t.constant("GTF_type_mask", GrantTableLayout.GTF_TYPE_MASK);
        t.constant("GTF_readonly", GrantTableLayout.GTF_READONLY);
        t.constant("GTF_reading", GrantTableLayout.GTF_READING);
        t.constant("GTF_writing", GrantTableLayout.GTF_WRITING);
        t.constant("GTF_PWT", GrantTableLayout.GTF_PWT);
        t.constant("GTF_PCD", GrantTableLayout.GTF_PCD);
        t.constant("GTF_PAT", GrantTableLayout.GTF_PAT);
        t.constant("GTF_sub_page", GrantTableLayout.GTF_SUB_PAGE);
        t.constant("GTF_transfer_committed", GrantTableLayout.GTF_TRANSFER_COMMITTED);
        t.constant("GTF_transfer_completed", GrantTableLayout.GTF_TRANSFER_COMPLETED);
        t.constant("GNTST_okay", GrantTableLayout.GNTST_OKAY);
        t.constant("GNTST_general_error", GrantTableLayout.GNTST_GENERAL_ERROR);
        t.constant("GNTST_bad_domain", GrantTableLayout.GNTST_BAD_DOMAIN);
        t.constant("GNTST_bad_gntref", GrantTableLayout.GNTST_BAD_GNTREF);
        t.constant("GNTST_bad_handle", GrantTableLayout.GNTST_BAD_HANDLE);
        t.constant("GNTST_bad_virt_addr", GrantTableLayout.GNTST_BAD_VIRT_ADDR);
        t.constant("GNTST_bad_dev_addr", GrantTableLayout.GNTST_BAD_DEV_ADDR);
        t.constant("GNTST_no_device_space", GrantTableLayout.GNTST_NO_DEVICE_SPACE);
        t.constant("GNTST_permission_denied", GrantTableLayout.GNTST_PERMISSION_DENIED);
        t.constant("GNTST_bad_page", GrantTableLayout.GNTST_BAD_PAGE);
        t.constant("GNTST_bad_copy_arg", GrantTableLayout.GNTST_BAD_COPY_ARG);
        t.constant("GNTST_address_too_big", GrantTableLayout.GNTST_ADDRESS_TOO_BIG);
        t.constant("GNTST_eagain", GrantTableLayout.GNTST_EAGAIN);
        t.constant("GNTST_no_space", GrantTableLayout.GNTST_NO_SPACE);

        t.group("ring");
        t.size("RING_IDX", RingLayout.RING_IDX_SIZE);
        t.offset("struct netif_tx_sring", "req_prod", RingLayout.REQ_PROD_OFFSET);
        t.offset("struct netif_tx_sring", "req_event", RingLayout.REQ_EVENT_OFFSET);
        t.offset("struct netif_tx_sring", "rsp_prod", RingLayout.RSP_PROD_OFFSET);
        t.offset("struct netif_tx_sring", "rsp_event", RingLayout.RSP_EVENT_OFFSET);
        t.offset("struct netif_tx_sring", "pvt", RingLayout.PVT_OFFSET);
        t.offset("struct netif_tx_sring", "ring", RingLayout.RING_ENTRIES_OFFSET);
        // The header does not depend on the entry type: check it on rings with other entries too.
        t.offset("struct netif_rx_sring", "ring", RingLayout.RING_ENTRIES_OFFSET);
        t.offset("struct blkif_sring", "ring", RingLayout.RING_ENTRIES_OFFSET);
        t.offset("struct blkif_sring", "rsp_event", RingLayout.RSP_EVENT_OFFSET);
        // the frontend's private half (DEFINE_RING_TYPES), where the debugger reads rsp_cons
        t.offset("struct netif_tx_front_ring", "req_prod_pvt", FrontRingLayout.REQ_PROD_PVT_OFFSET);
        t.offset("struct netif_tx_front_ring", "rsp_cons", FrontRingLayout.RSP_CONS_OFFSET);
        t.offset("struct netif_tx_front_ring", "nr_ents", FrontRingLayout.NR_ENTS_OFFSET);
        t.offset("struct netif_tx_front_ring", "sring", FrontRingLayout.SRING_OFFSET);
        t.size("struct netif_tx_front_ring", FrontRingLayout.SIZE);
        t.offset("struct netif_rx_front_ring", "rsp_cons", FrontRingLayout.RSP_CONS_OFFSET);
        t.size("struct netif_rx_front_ring", FrontRingLayout.SIZE);
        t.size("union netif_tx_sring_entry", RingLayout.NETIF_TX_ENTRY_SIZE);
        t.size("union netif_rx_sring_entry", RingLayout.NETIF_RX_ENTRY_SIZE);
        t.size("union blkif_sring_entry", RingLayout.BLKIF_ENTRY_SIZE);
        t.size("union xen_netif_ctrl_sring_entry", RingLayout.NETIF_CTRL_ENTRY_SIZE);
        t.fact("netif_tx.ring_size", RingLayout.NETIF_TX_RING_SIZE, "__CONST_RING_SIZE(netif_tx, 4096)");
        t.fact("netif_rx.ring_size", RingLayout.NETIF_RX_RING_SIZE, "__CONST_RING_SIZE(netif_rx, 4096)");
        t.fact("blkif.ring_size", RingLayout.BLKIF_RING_SIZE, "__CONST_RING_SIZE(blkif, 4096)");
        t.fact("xen_netif_ctrl.ring_size", RingLayout.NETIF_CTRL_RING_SIZE, "__CONST_RING_SIZE(xen_netif_ctrl, 4096)");
        // RingLayout.ringSize against the macro for multi-page rings (blkif ring-page-order).
        for (int pages : new int[] {2, 4, 8}) {
            int bytes = pages * RingLayout.PAGE_SIZE;
            t.fact("netif_tx.ring_size." + pages + "_pages", RingLayout.ringSize(bytes, RingLayout.NETIF_TX_ENTRY_SIZE),
                    "__CONST_RING_SIZE(netif_tx, " + bytes + ")");
            t.fact("blkif.ring_size." + pages + "_pages", RingLayout.ringSize(bytes, RingLayout.BLKIF_ENTRY_SIZE),
                    "__CONST_RING_SIZE(blkif, " + bytes + ")");
        }

        t.group("netif");
        t.size("struct netif_tx_request", RingLayout.NETIF_TX_REQUEST_SIZE);
        t.offset("struct netif_tx_request", "gref", RingLayout.NETIF_TX_REQUEST_GREF_OFFSET);
        t.offset("struct netif_tx_request", "offset", RingLayout.NETIF_TX_REQUEST_OFFSET_OFFSET);
        t.offset("struct netif_tx_request", "flags", RingLayout.NETIF_TX_REQUEST_FLAGS_OFFSET);
        t.offset("struct netif_tx_request", "id", RingLayout.NETIF_TX_REQUEST_ID_OFFSET);
        t.offset("struct netif_tx_request", "size", RingLayout.NETIF_TX_REQUEST_SIZE_OFFSET);
        t.size("struct netif_tx_response", RingLayout.NETIF_TX_RESPONSE_SIZE);
        t.offset("struct netif_tx_response", "id", RingLayout.NETIF_TX_RESPONSE_ID_OFFSET);
        t.offset("struct netif_tx_response", "status", RingLayout.NETIF_TX_RESPONSE_STATUS_OFFSET);
        t.size("struct netif_rx_request", RingLayout.NETIF_RX_REQUEST_SIZE);
        t.offset("struct netif_rx_request", "id", RingLayout.NETIF_RX_REQUEST_ID_OFFSET);
        t.offset("struct netif_rx_request", "gref", RingLayout.NETIF_RX_REQUEST_GREF_OFFSET);
        t.size("struct netif_rx_response", RingLayout.NETIF_RX_RESPONSE_SIZE);
        t.offset("struct netif_rx_response", "id", RingLayout.NETIF_RX_RESPONSE_ID_OFFSET);
        t.offset("struct netif_rx_response", "offset", RingLayout.NETIF_RX_RESPONSE_OFFSET_OFFSET);
        t.offset("struct netif_rx_response", "flags", RingLayout.NETIF_RX_RESPONSE_FLAGS_OFFSET);
        t.offset("struct netif_rx_response", "status", RingLayout.NETIF_RX_RESPONSE_STATUS_OFFSET);
        t.size("struct netif_extra_info", RingLayout.NETIF_EXTRA_INFO_SIZE);
        t.constant("XEN_NETIF_NR_SLOTS_MIN", RingLayout.NETIF_NR_SLOTS_MIN);
        t.constant("XEN_NETIF_MAX_TX_SIZE", RingLayout.NETIF_MAX_TX_SIZE);
        t.constant("NETTXF_csum_blank", RingLayout.NETTXF_CSUM_BLANK);
        t.constant("NETTXF_data_validated", RingLayout.NETTXF_DATA_VALIDATED);
        t.constant("NETTXF_more_data", RingLayout.NETTXF_MORE_DATA);
        t.constant("NETTXF_extra_info", RingLayout.NETTXF_EXTRA_INFO);
        t.constant("NETRXF_data_validated", RingLayout.NETRXF_DATA_VALIDATED);
        t.constant("NETRXF_csum_blank", RingLayout.NETRXF_CSUM_BLANK);
        t.constant("NETRXF_more_data", RingLayout.NETRXF_MORE_DATA);
        t.constant("NETRXF_extra_info", RingLayout.NETRXF_EXTRA_INFO);
        t.constant("NETRXF_gso_prefix", RingLayout.NETRXF_GSO_PREFIX);
        t.constant("NETIF_RSP_DROPPED", RingLayout.NETIF_RSP_DROPPED);
        t.constant("NETIF_RSP_ERROR", RingLayout.NETIF_RSP_ERROR);
        t.constant("NETIF_RSP_OKAY", RingLayout.NETIF_RSP_OKAY);
        t.constant("NETIF_RSP_NULL", RingLayout.NETIF_RSP_NULL);
        t.constant("XEN_NETIF_EXTRA_TYPE_NONE", RingLayout.NETIF_EXTRA_TYPE_NONE);
        t.constant("XEN_NETIF_EXTRA_TYPE_GSO", RingLayout.NETIF_EXTRA_TYPE_GSO);
        t.constant("XEN_NETIF_EXTRA_TYPE_MCAST_ADD", RingLayout.NETIF_EXTRA_TYPE_MCAST_ADD);
        t.constant("XEN_NETIF_EXTRA_TYPE_MCAST_DEL", RingLayout.NETIF_EXTRA_TYPE_MCAST_DEL);
        t.constant("XEN_NETIF_EXTRA_TYPE_HASH", RingLayout.NETIF_EXTRA_TYPE_HASH);
        t.constant("XEN_NETIF_EXTRA_FLAG_MORE", RingLayout.NETIF_EXTRA_FLAG_MORE);
        t.constant("XEN_NETIF_GSO_TYPE_NONE", RingLayout.NETIF_GSO_TYPE_NONE);
        t.constant("XEN_NETIF_GSO_TYPE_TCPV4", RingLayout.NETIF_GSO_TYPE_TCPV4);
        t.constant("XEN_NETIF_GSO_TYPE_TCPV6", RingLayout.NETIF_GSO_TYPE_TCPV6);

        t.group("blkif");
        t.size("struct blkif_request_segment", RingLayout.BLKIF_SEGMENT_SIZE);
        t.constant("BLKIF_MAX_SEGMENTS_PER_REQUEST", RingLayout.BLKIF_MAX_SEGMENTS_PER_REQUEST);
        t.size("struct blkif_request", RingLayout.BLKIF_REQUEST_SIZE);
        t.offset("struct blkif_request", "id", RingLayout.BLKIF_REQUEST_ID_OFFSET);
        t.offset("struct blkif_request", "sector_number", RingLayout.BLKIF_REQUEST_SECTOR_OFFSET);
        t.offset("struct blkif_request", "seg", RingLayout.BLKIF_REQUEST_SEGMENTS_OFFSET);
        t.size("struct blkif_response", RingLayout.BLKIF_RESPONSE_SIZE);
        t.offset("struct blkif_response", "status", RingLayout.BLKIF_RESPONSE_STATUS_OFFSET);
        t.constant("BLKIF_OP_READ", RingLayout.BLKIF_OP_READ);
        t.constant("BLKIF_OP_WRITE", RingLayout.BLKIF_OP_WRITE);
        t.constant("BLKIF_OP_FLUSH_DISKCACHE", RingLayout.BLKIF_OP_FLUSH_DISKCACHE);
        t.constant("BLKIF_OP_DISCARD", RingLayout.BLKIF_OP_DISCARD);
        t.constant("BLKIF_OP_INDIRECT", RingLayout.BLKIF_OP_INDIRECT);
        t.constant("BLKIF_RSP_EOPNOTSUPP", RingLayout.BLKIF_RSP_EOPNOTSUPP);
        t.constant("BLKIF_RSP_ERROR", RingLayout.BLKIF_RSP_ERROR);
        t.constant("BLKIF_RSP_OKAY", RingLayout.BLKIF_RSP_OKAY);

        t.group("console");
        t.size("struct xencons_interface", RingLayout.CONSOLE_INTERFACE_SIZE);
        t.offset("struct xencons_interface", "in", RingLayout.CONSOLE_IN_OFFSET);
        t.fact("xencons_interface.in.size", RingLayout.CONSOLE_IN_SIZE, "sizeof(((struct xencons_interface *)0)->in)");
        t.offset("struct xencons_interface", "out", RingLayout.CONSOLE_OUT_OFFSET);
        t.fact("xencons_interface.out.size", RingLayout.CONSOLE_OUT_SIZE,
                "sizeof(((struct xencons_interface *)0)->out)");
        t.offset("struct xencons_interface", "in_cons", RingLayout.CONSOLE_IN_CONS_OFFSET);
        t.offset("struct xencons_interface", "in_prod", RingLayout.CONSOLE_IN_PROD_OFFSET);
        t.offset("struct xencons_interface", "out_cons", RingLayout.CONSOLE_OUT_CONS_OFFSET);
        t.offset("struct xencons_interface", "out_prod", RingLayout.CONSOLE_OUT_PROD_OFFSET);

        t.group("xenstore");
        t.size("struct xenstore_domain_interface", XenstoreLayout.INTERFACE_SIZE);
        t.offset("struct xenstore_domain_interface", "req", XenstoreLayout.REQ_OFFSET);
        t.offset("struct xenstore_domain_interface", "rsp", XenstoreLayout.RSP_OFFSET);
        t.offset("struct xenstore_domain_interface", "req_cons", XenstoreLayout.REQ_CONS_OFFSET);
        t.offset("struct xenstore_domain_interface", "req_prod", XenstoreLayout.REQ_PROD_OFFSET);
        t.offset("struct xenstore_domain_interface", "rsp_cons", XenstoreLayout.RSP_CONS_OFFSET);
        t.offset("struct xenstore_domain_interface", "rsp_prod", XenstoreLayout.RSP_PROD_OFFSET);
        t.offset("struct xenstore_domain_interface", "server_features", XenstoreLayout.SERVER_FEATURES_OFFSET);
        t.offset("struct xenstore_domain_interface", "connection", XenstoreLayout.CONNECTION_OFFSET);
        t.offset("struct xenstore_domain_interface", "error", XenstoreLayout.ERROR_OFFSET);
        t.constant("XENSTORE_RING_SIZE", XenstoreLayout.RING_SIZE);
        t.constant("XENSTORE_PAYLOAD_MAX", XenstoreLayout.PAYLOAD_MAX);
        t.constant("XENSTORE_ABS_PATH_MAX", XenstoreLayout.ABS_PATH_MAX);
        t.constant("XENSTORE_REL_PATH_MAX", XenstoreLayout.REL_PATH_MAX);
        t.constant("XENSTORE_SERVER_FEATURE_RECONNECTION", XenstoreLayout.SERVER_FEATURE_RECONNECTION);
        t.constant("XENSTORE_SERVER_FEATURE_ERROR", XenstoreLayout.SERVER_FEATURE_ERROR);
        t.constant("XENSTORE_CONNECTED", XenstoreLayout.CONNECTED);
        t.constant("XENSTORE_RECONNECT", XenstoreLayout.RECONNECT);
        t.constant("XENSTORE_ERROR_NONE", XenstoreLayout.ERROR_NONE);
        t.constant("XENSTORE_ERROR_COMM", XenstoreLayout.ERROR_COMM);
        t.constant("XENSTORE_ERROR_RINGIDX", XenstoreLayout.ERROR_RINGIDX);
        t.constant("XENSTORE_ERROR_PROTO", XenstoreLayout.ERROR_PROTO);
        t.size("struct xsd_sockmsg", XenstoreLayout.SOCKMSG_SIZE);
        t.offset("struct xsd_sockmsg", "type", XenstoreLayout.SOCKMSG_TYPE_OFFSET);
        t.offset("struct xsd_sockmsg", "req_id", XenstoreLayout.SOCKMSG_REQ_ID_OFFSET);
        t.offset("struct xsd_sockmsg", "tx_id", XenstoreLayout.SOCKMSG_TX_ID_OFFSET);
        t.offset("struct xsd_sockmsg", "len", XenstoreLayout.SOCKMSG_LEN_OFFSET);
        for (XsMessageType type : XsMessageType.values()) {
            t.constant(type.cName(), type.number());
        }
        t.constant("XS_TYPE_COUNT", XsMessageType.TYPE_COUNT);
        t.constant("XS_WATCH_PATH", XenstoreLayout.WATCH_PATH);
        t.constant("XS_WATCH_TOKEN", XenstoreLayout.WATCH_TOKEN);

        t.group("xenbus");
        for (XenbusState state : XenbusState.values()) {
            t.constant(state.cName(), state.number());
        }

        t.group("hypercall");
        t.fact("hypercall_page.entry_size", Hypercalls.HYPERCALL_PAGE_ENTRY_SIZE, null);
        t.constant("__HYPERVISOR_memory_op", Hypercalls.HYPERVISOR_MEMORY_OP);
        t.constant("__HYPERVISOR_multicall", Hypercalls.HYPERVISOR_MULTICALL);
        t.constant("__HYPERVISOR_set_timer_op", Hypercalls.HYPERVISOR_SET_TIMER_OP);
        t.constant("__HYPERVISOR_event_channel_op_compat", Hypercalls.HYPERVISOR_EVENT_CHANNEL_OP_COMPAT);
        t.constant("__HYPERVISOR_xen_version", Hypercalls.HYPERVISOR_XEN_VERSION);
        t.constant("__HYPERVISOR_console_io", Hypercalls.HYPERVISOR_CONSOLE_IO);
        t.constant("__HYPERVISOR_grant_table_op", Hypercalls.HYPERVISOR_GRANT_TABLE_OP);
        t.constant("__HYPERVISOR_vm_assist", Hypercalls.HYPERVISOR_VM_ASSIST);
        t.constant("__HYPERVISOR_vcpu_op", Hypercalls.HYPERVISOR_VCPU_OP);
        t.constant("__HYPERVISOR_sched_op", Hypercalls.HYPERVISOR_SCHED_OP);
        t.constant("__HYPERVISOR_callback_op", Hypercalls.HYPERVISOR_CALLBACK_OP);
        t.constant("__HYPERVISOR_event_channel_op", Hypercalls.HYPERVISOR_EVENT_CHANNEL_OP);
        t.constant("__HYPERVISOR_physdev_op", Hypercalls.HYPERVISOR_PHYSDEV_OP);
        t.constant("__HYPERVISOR_hvm_op", Hypercalls.HYPERVISOR_HVM_OP);
        t.constant("CONSOLEIO_write", Hypercalls.CONSOLEIO_WRITE);
        t.constant("CONSOLEIO_read", Hypercalls.CONSOLEIO_READ);

        t.group("evtchnop");
        t.constant("EVTCHNOP_bind_interdomain", Hypercalls.EVTCHNOP_BIND_INTERDOMAIN);
        t.constant("EVTCHNOP_bind_virq", Hypercalls.EVTCHNOP_BIND_VIRQ);
        t.constant("EVTCHNOP_bind_pirq", Hypercalls.EVTCHNOP_BIND_PIRQ);
        t.constant("EVTCHNOP_close", Hypercalls.EVTCHNOP_CLOSE);
        t.constant("EVTCHNOP_send", Hypercalls.EVTCHNOP_SEND);
        t.constant("EVTCHNOP_status", Hypercalls.EVTCHNOP_STATUS);
        t.constant("EVTCHNOP_alloc_unbound", Hypercalls.EVTCHNOP_ALLOC_UNBOUND);
        t.constant("EVTCHNOP_bind_ipi", Hypercalls.EVTCHNOP_BIND_IPI);
        t.constant("EVTCHNOP_bind_vcpu", Hypercalls.EVTCHNOP_BIND_VCPU);
        t.constant("EVTCHNOP_unmask", Hypercalls.EVTCHNOP_UNMASK);
        t.constant("EVTCHNOP_reset", Hypercalls.EVTCHNOP_RESET);
        t.constant("EVTCHNOP_init_control", Hypercalls.EVTCHNOP_INIT_CONTROL);
        t.constant("EVTCHNOP_expand_array", Hypercalls.EVTCHNOP_EXPAND_ARRAY);
        t.constant("EVTCHNOP_set_priority", Hypercalls.EVTCHNOP_SET_PRIORITY);

        t.group("schedop");
        t.constant("SCHEDOP_yield", Hypercalls.SCHEDOP_YIELD);
        t.constant("SCHEDOP_block", Hypercalls.SCHEDOP_BLOCK);
        t.constant("SCHEDOP_shutdown", Hypercalls.SCHEDOP_SHUTDOWN);
        t.constant("SCHEDOP_poll", Hypercalls.SCHEDOP_POLL);
        t.constant("SCHEDOP_remote_shutdown", Hypercalls.SCHEDOP_REMOTE_SHUTDOWN);
        t.constant("SCHEDOP_shutdown_code", Hypercalls.SCHEDOP_SHUTDOWN_CODE);
        t.constant("SCHEDOP_watchdog", Hypercalls.SCHEDOP_WATCHDOG);
        t.constant("SHUTDOWN_poweroff", Hypercalls.SHUTDOWN_POWEROFF);
        t.constant("SHUTDOWN_reboot", Hypercalls.SHUTDOWN_REBOOT);
        t.constant("SHUTDOWN_suspend", Hypercalls.SHUTDOWN_SUSPEND);
        t.constant("SHUTDOWN_crash", Hypercalls.SHUTDOWN_CRASH);
        t.constant("SHUTDOWN_watchdog", Hypercalls.SHUTDOWN_WATCHDOG);
        t.constant("SHUTDOWN_soft_reset", Hypercalls.SHUTDOWN_SOFT_RESET);

        t.group("memory");
        t.constant("XENMEM_increase_reservation", Hypercalls.XENMEM_INCREASE_RESERVATION);
        t.constant("XENMEM_decrease_reservation", Hypercalls.XENMEM_DECREASE_RESERVATION);
        t.constant("XENMEM_populate_physmap", Hypercalls.XENMEM_POPULATE_PHYSMAP);
        t.constant("XENMEM_add_to_physmap", Hypercalls.XENMEM_ADD_TO_PHYSMAP);
        t.constant("XENMEM_memory_map", Hypercalls.XENMEM_MEMORY_MAP);
        t.constant("XENMEM_remove_from_physmap", Hypercalls.XENMEM_REMOVE_FROM_PHYSMAP);
        t.constant("XENMAPSPACE_shared_info", Hypercalls.XENMAPSPACE_SHARED_INFO);
        t.constant("XENMAPSPACE_grant_table", Hypercalls.XENMAPSPACE_GRANT_TABLE);
        t.constant("XENMAPSPACE_gmfn", Hypercalls.XENMAPSPACE_GMFN);
        t.constant("XENMAPSPACE_gmfn_range", Hypercalls.XENMAPSPACE_GMFN_RANGE);
        t.constant("XENMAPIDX_grant_table_status", Hypercalls.XENMAPIDX_GRANT_TABLE_STATUS);

        t.group("hvm");
        t.constant("HVMOP_set_param", Hypercalls.HVMOP_SET_PARAM);
        t.constant("HVMOP_get_param", Hypercalls.HVMOP_GET_PARAM);
        t.constant("HVMOP_pagetable_dying", Hypercalls.HVMOP_PAGETABLE_DYING);
        t.constant("HVMOP_get_time", Hypercalls.HVMOP_GET_TIME);
        t.constant("HVMOP_set_evtchn_upcall_vector", Hypercalls.HVMOP_SET_EVTCHN_UPCALL_VECTOR);
        t.constant("HVM_PARAM_CALLBACK_IRQ", Hypercalls.HVM_PARAM_CALLBACK_IRQ);
        t.constant("HVM_PARAM_STORE_PFN", Hypercalls.HVM_PARAM_STORE_PFN);
        t.constant("HVM_PARAM_STORE_EVTCHN", Hypercalls.HVM_PARAM_STORE_EVTCHN);
        t.constant("HVM_PARAM_CONSOLE_PFN", Hypercalls.HVM_PARAM_CONSOLE_PFN);
        t.constant("HVM_PARAM_CONSOLE_EVTCHN", Hypercalls.HVM_PARAM_CONSOLE_EVTCHN);
        t.constant("HVM_NR_PARAMS", Hypercalls.HVM_NR_PARAMS);
        t.constant("HVM_PARAM_CALLBACK_TYPE_GSI", Hypercalls.HVM_PARAM_CALLBACK_TYPE_GSI);
        t.constant("HVM_PARAM_CALLBACK_TYPE_PCI_INTX", Hypercalls.HVM_PARAM_CALLBACK_TYPE_PCI_INTX);
        t.constant("HVM_PARAM_CALLBACK_TYPE_VECTOR", Hypercalls.HVM_PARAM_CALLBACK_TYPE_VECTOR);
        // params.h has only the mask 0xFF00000000000000; the shift is its lowest set bit.
        t.fact("HVM_PARAM_CALLBACK_TYPE_SHIFT", Hypercalls.HVM_PARAM_CALLBACK_TYPE_SHIFT,
                "__builtin_ctzll(HVM_PARAM_CALLBACK_IRQ_TYPE_MASK)");

        t.group("gnttabop");
        t.constant("GNTTABOP_map_grant_ref", Hypercalls.GNTTABOP_MAP_GRANT_REF);
        t.constant("GNTTABOP_unmap_grant_ref", Hypercalls.GNTTABOP_UNMAP_GRANT_REF);
        t.constant("GNTTABOP_setup_table", Hypercalls.GNTTABOP_SETUP_TABLE);
        t.constant("GNTTABOP_dump_table", Hypercalls.GNTTABOP_DUMP_TABLE);
        t.constant("GNTTABOP_transfer", Hypercalls.GNTTABOP_TRANSFER);
        t.constant("GNTTABOP_copy", Hypercalls.GNTTABOP_COPY);
        t.constant("GNTTABOP_query_size", Hypercalls.GNTTABOP_QUERY_SIZE);
        t.constant("GNTTABOP_unmap_and_replace", Hypercalls.GNTTABOP_UNMAP_AND_REPLACE);
        t.constant("GNTTABOP_set_version", Hypercalls.GNTTABOP_SET_VERSION);
        t.constant("GNTTABOP_get_status_frames", Hypercalls.GNTTABOP_GET_STATUS_FRAMES);
        t.constant("GNTTABOP_get_version", Hypercalls.GNTTABOP_GET_VERSION);

        t.group("vcpuop");
        t.constant("VCPUOP_initialise", Hypercalls.VCPUOP_INITIALISE);
        t.constant("VCPUOP_up", Hypercalls.VCPUOP_UP);
        t.constant("VCPUOP_down", Hypercalls.VCPUOP_DOWN);
        t.constant("VCPUOP_is_up", Hypercalls.VCPUOP_IS_UP);
        t.constant("VCPUOP_get_runstate_info", Hypercalls.VCPUOP_GET_RUNSTATE_INFO);
        t.constant("VCPUOP_register_runstate_memory_area", Hypercalls.VCPUOP_REGISTER_RUNSTATE_MEMORY_AREA);
        t.constant("VCPUOP_set_periodic_timer", Hypercalls.VCPUOP_SET_PERIODIC_TIMER);
        t.constant("VCPUOP_stop_periodic_timer", Hypercalls.VCPUOP_STOP_PERIODIC_TIMER);
        t.constant("VCPUOP_set_singleshot_timer", Hypercalls.VCPUOP_SET_SINGLESHOT_TIMER);
        t.constant("VCPUOP_stop_singleshot_timer", Hypercalls.VCPUOP_STOP_SINGLESHOT_TIMER);
        t.constant("VCPUOP_register_vcpu_info", Hypercalls.VCPUOP_REGISTER_VCPU_INFO);
        t.constant("VCPU_SSHOTTMR_future", Hypercalls.VCPU_SSHOTTMR_FUTURE);

        t.group("version");
        t.constant("XENVER_version", Hypercalls.XENVER_VERSION);
        t.constant("XENVER_extraversion", Hypercalls.XENVER_EXTRAVERSION);
        t.constant("XENVER_capabilities", Hypercalls.XENVER_CAPABILITIES);
        t.constant("XENVER_get_features", Hypercalls.XENVER_GET_FEATURES);
        t.constant("XENVER_pagesize", Hypercalls.XENVER_PAGESIZE);
        t.constant("XENFEAT_auto_translated_physmap", Hypercalls.XENFEAT_AUTO_TRANSLATED_PHYSMAP);
        t.constant("XENFEAT_hvm_callback_vector", Hypercalls.XENFEAT_HVM_CALLBACK_VECTOR);
        t.constant("XENFEAT_hvm_safe_pvclock", Hypercalls.XENFEAT_HVM_SAFE_PVCLOCK);

        t.group("elfnote");
        t.constant("XEN_ELFNOTE_ENTRY", Hypercalls.XEN_ELFNOTE_ENTRY);
        t.constant("XEN_ELFNOTE_HYPERCALL_PAGE", Hypercalls.XEN_ELFNOTE_HYPERCALL_PAGE);
        t.constant("XEN_ELFNOTE_XEN_VERSION", Hypercalls.XEN_ELFNOTE_XEN_VERSION);
        t.constant("XEN_ELFNOTE_GUEST_OS", Hypercalls.XEN_ELFNOTE_GUEST_OS);
        t.constant("XEN_ELFNOTE_LOADER", Hypercalls.XEN_ELFNOTE_LOADER);
        t.constant("XEN_ELFNOTE_FEATURES", Hypercalls.XEN_ELFNOTE_FEATURES);
        t.constant("XEN_ELFNOTE_PHYS32_ENTRY", Hypercalls.XEN_ELFNOTE_PHYS32_ENTRY);
        t.constant("XEN_ELFNOTE_DUMPCORE_NONE", XenCoreFormat.XEN_ELFNOTE_DUMPCORE_NONE);
        t.constant("XEN_ELFNOTE_DUMPCORE_HEADER", XenCoreFormat.XEN_ELFNOTE_DUMPCORE_HEADER);
        t.constant("XEN_ELFNOTE_DUMPCORE_XEN_VERSION", XenCoreFormat.XEN_ELFNOTE_DUMPCORE_XEN_VERSION);
        t.constant("XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION", XenCoreFormat.XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION);

        t.group("domid");
        t.size("domid_t", 2);
        t.constant("DOMID_SELF", Hypercalls.DOMID_SELF);
        t.constant("DOMID_FIRST_RESERVED", Hypercalls.DOMID_FIRST_RESERVED);
        t.constant("DOMID_IO", Hypercalls.DOMID_IO);
        t.constant("DOMID_XEN", Hypercalls.DOMID_XEN);
        t.constant("DOMID_INVALID", Hypercalls.DOMID_INVALID);
        t.constant("DOMID_IDLE", Hypercalls.DOMID_IDLE);

        t.group("hypercall_args");
        t.size("struct evtchn_alloc_unbound", HypercallArgs.EVTCHN_ALLOC_UNBOUND_SIZE);
        t.offset("struct evtchn_alloc_unbound", "dom", HypercallArgs.EVTCHN_ALLOC_UNBOUND_DOM_OFFSET);
        t.offset("struct evtchn_alloc_unbound", "remote_dom", HypercallArgs.EVTCHN_ALLOC_UNBOUND_REMOTE_DOM_OFFSET);
        t.offset("struct evtchn_alloc_unbound", "port", HypercallArgs.EVTCHN_ALLOC_UNBOUND_PORT_OFFSET);
        t.size("struct evtchn_bind_interdomain", HypercallArgs.EVTCHN_BIND_INTERDOMAIN_SIZE);
        t.offset("struct evtchn_bind_interdomain", "remote_dom",
                HypercallArgs.EVTCHN_BIND_INTERDOMAIN_REMOTE_DOM_OFFSET);
        t.offset("struct evtchn_bind_interdomain", "remote_port",
                HypercallArgs.EVTCHN_BIND_INTERDOMAIN_REMOTE_PORT_OFFSET);
        t.offset("struct evtchn_bind_interdomain", "local_port",
                HypercallArgs.EVTCHN_BIND_INTERDOMAIN_LOCAL_PORT_OFFSET);
        t.size("struct evtchn_bind_virq", HypercallArgs.EVTCHN_BIND_VIRQ_SIZE);
        t.offset("struct evtchn_bind_virq", "virq", HypercallArgs.EVTCHN_BIND_VIRQ_VIRQ_OFFSET);
        t.offset("struct evtchn_bind_virq", "vcpu", HypercallArgs.EVTCHN_BIND_VIRQ_VCPU_OFFSET);
        t.offset("struct evtchn_bind_virq", "port", HypercallArgs.EVTCHN_BIND_VIRQ_PORT_OFFSET);
        t.size("struct evtchn_bind_ipi", HypercallArgs.EVTCHN_BIND_IPI_SIZE);
        t.offset("struct evtchn_bind_ipi", "vcpu", HypercallArgs.EVTCHN_BIND_IPI_VCPU_OFFSET);
        t.offset("struct evtchn_bind_ipi", "port", HypercallArgs.EVTCHN_BIND_IPI_PORT_OFFSET);
        t.size("struct evtchn_bind_vcpu", HypercallArgs.EVTCHN_BIND_VCPU_SIZE);
        t.offset("struct evtchn_bind_vcpu", "port", HypercallArgs.EVTCHN_BIND_VCPU_PORT_OFFSET);
        t.offset("struct evtchn_bind_vcpu", "vcpu", HypercallArgs.EVTCHN_BIND_VCPU_VCPU_OFFSET);
        t.size("struct evtchn_send", HypercallArgs.EVTCHN_PORT_ONLY_SIZE);
        t.size("struct evtchn_close", HypercallArgs.EVTCHN_PORT_ONLY_SIZE);
        t.size("struct evtchn_unmask", HypercallArgs.EVTCHN_PORT_ONLY_SIZE);
        t.size("struct evtchn_status", HypercallArgs.EVTCHN_STATUS_SIZE);
        t.offset("struct evtchn_status", "dom", HypercallArgs.EVTCHN_STATUS_DOM_OFFSET);
        t.offset("struct evtchn_status", "port", HypercallArgs.EVTCHN_STATUS_PORT_OFFSET);
        t.offset("struct evtchn_status", "status", HypercallArgs.EVTCHN_STATUS_STATUS_OFFSET);
        t.offset("struct evtchn_status", "vcpu", HypercallArgs.EVTCHN_STATUS_VCPU_OFFSET);
        t.offset("struct evtchn_status", "u", HypercallArgs.EVTCHN_STATUS_UNION_OFFSET);
        t.offset("struct evtchn_status", "u.interdomain.port", HypercallArgs.EVTCHN_STATUS_INTERDOMAIN_PORT_OFFSET);
        t.size("struct sched_shutdown", HypercallArgs.SCHED_SHUTDOWN_SIZE);
        t.size("struct sched_poll", HypercallArgs.SCHED_POLL_SIZE);
        t.offset("struct sched_poll", "ports", HypercallArgs.SCHED_POLL_PORTS_OFFSET);
        t.offset("struct sched_poll", "nr_ports", HypercallArgs.SCHED_POLL_NR_PORTS_OFFSET);
        t.offset("struct sched_poll", "timeout", HypercallArgs.SCHED_POLL_TIMEOUT_OFFSET);
        t.size("struct xen_add_to_physmap", HypercallArgs.ADD_TO_PHYSMAP_SIZE);
        t.offset("struct xen_add_to_physmap", "domid", HypercallArgs.ADD_TO_PHYSMAP_DOMID_OFFSET);
        t.offset("struct xen_add_to_physmap", "size", HypercallArgs.ADD_TO_PHYSMAP_SIZE_OFFSET);
        t.offset("struct xen_add_to_physmap", "space", HypercallArgs.ADD_TO_PHYSMAP_SPACE_OFFSET);
        t.offset("struct xen_add_to_physmap", "idx", HypercallArgs.ADD_TO_PHYSMAP_IDX_OFFSET);
        t.offset("struct xen_add_to_physmap", "gpfn", HypercallArgs.ADD_TO_PHYSMAP_GPFN_OFFSET);
        t.size("struct xen_hvm_param", HypercallArgs.HVM_PARAM_SIZE);
        t.offset("struct xen_hvm_param", "domid", HypercallArgs.HVM_PARAM_DOMID_OFFSET);
        t.offset("struct xen_hvm_param", "index", HypercallArgs.HVM_PARAM_INDEX_OFFSET);
        t.offset("struct xen_hvm_param", "value", HypercallArgs.HVM_PARAM_VALUE_OFFSET);
        t.size("struct xen_hvm_evtchn_upcall_vector", HypercallArgs.HVM_EVTCHN_UPCALL_VECTOR_SIZE);
        t.offset("struct xen_hvm_evtchn_upcall_vector", "vcpu", HypercallArgs.HVM_EVTCHN_UPCALL_VECTOR_VCPU_OFFSET);
        t.offset("struct xen_hvm_evtchn_upcall_vector", "vector",
                HypercallArgs.HVM_EVTCHN_UPCALL_VECTOR_VECTOR_OFFSET);
        t.size("struct gnttab_setup_table", HypercallArgs.GNTTAB_SETUP_TABLE_SIZE);
        t.offset("struct gnttab_setup_table", "dom", HypercallArgs.GNTTAB_SETUP_TABLE_DOM_OFFSET);
        t.offset("struct gnttab_setup_table", "nr_frames", HypercallArgs.GNTTAB_SETUP_TABLE_NR_FRAMES_OFFSET);
        t.offset("struct gnttab_setup_table", "status", HypercallArgs.GNTTAB_SETUP_TABLE_STATUS_OFFSET);
        t.offset("struct gnttab_setup_table", "frame_list", HypercallArgs.GNTTAB_SETUP_TABLE_FRAME_LIST_OFFSET);
        t.size("struct gnttab_query_size", HypercallArgs.GNTTAB_QUERY_SIZE_SIZE);
        t.offset("struct gnttab_query_size", "dom", HypercallArgs.GNTTAB_QUERY_SIZE_DOM_OFFSET);
        t.offset("struct gnttab_query_size", "nr_frames", HypercallArgs.GNTTAB_QUERY_SIZE_NR_FRAMES_OFFSET);
        t.offset("struct gnttab_query_size", "max_nr_frames", HypercallArgs.GNTTAB_QUERY_SIZE_MAX_NR_FRAMES_OFFSET);
        t.offset("struct gnttab_query_size", "status", HypercallArgs.GNTTAB_QUERY_SIZE_STATUS_OFFSET);
        t.size("struct gnttab_set_version", HypercallArgs.GNTTAB_SET_VERSION_SIZE);
        t.size("struct vcpu_register_vcpu_info", HypercallArgs.VCPU_REGISTER_VCPU_INFO_SIZE);
        t.offset("struct vcpu_register_vcpu_info", "mfn", HypercallArgs.VCPU_REGISTER_VCPU_INFO_MFN_OFFSET);
        t.offset("struct vcpu_register_vcpu_info", "offset", HypercallArgs.VCPU_REGISTER_VCPU_INFO_OFFSET_OFFSET);
        t.size("struct vcpu_set_singleshot_timer", HypercallArgs.VCPU_SET_SINGLESHOT_TIMER_SIZE);
        t.offset("struct vcpu_set_singleshot_timer", "timeout_abs_ns",
                HypercallArgs.VCPU_SET_SINGLESHOT_TIMER_TIMEOUT_OFFSET);
        t.offset("struct vcpu_set_singleshot_timer", "flags", HypercallArgs.VCPU_SET_SINGLESHOT_TIMER_FLAGS_OFFSET);


        t.group("vcpu_guest_context");
        t.size("struct vcpu_guest_context", VcpuGuestContextLayout.SIZE);
        t.offset("struct vcpu_guest_context", "flags", VcpuGuestContextLayout.FLAGS_OFFSET);
        t.constant("VGCF_online", VcpuGuestContextLayout.VGCF_ONLINE);
        t.offset("struct vcpu_guest_context", "user_regs", VcpuGuestContextLayout.USER_REGS_OFFSET);
        t.offset("struct vcpu_guest_context", "user_regs.rip", VcpuGuestContextLayout.RIP_OFFSET);
        t.offset("struct vcpu_guest_context", "user_regs.rflags", VcpuGuestContextLayout.RFLAGS_OFFSET);
        t.offset("struct vcpu_guest_context", "user_regs.rsp", VcpuGuestContextLayout.RSP_OFFSET);
        t.offset("struct vcpu_guest_context", "ctrlreg", VcpuGuestContextLayout.CTRLREG_OFFSET);
        t.offset("struct vcpu_guest_context", "ctrlreg[3]", VcpuGuestContextLayout.CR3_OFFSET);

        return t.finish();
    }

    /** Collects facts under the current group and rejects duplicate names. */
    private static final class Table {
        private final List<AbiFact> facts = new ArrayList<>();
        private final LinkedHashSet<String> names = new LinkedHashSet<>();
        private String group;

        void group(String name) {
            group = name;
        }

        void fact(String name, long value, String cExpression) {
            if (!names.add(name)) {
                throw new IllegalStateException("duplicate ABI fact name " + name);
            }
            facts.add(new AbiFact(name, value, cExpression, group));
        }

        /** A macro or enumerator that the headers define under the same name. */
        void constant(String cName, long value) {
            fact(cName, value, cName);
        }

        /** {@code sizeof(type)}, named {@code sizeof(type without struct/union)}. */
        void size(String cType, long value) {
            fact("sizeof(" + bareName(cType) + ")", value, "sizeof(" + cType + ")");
        }

        /** {@code offsetof(type, member)}, named {@code type.member}. */
        void offset(String cType, String member, long value) {
            fact(bareName(cType) + "." + member, value, "offsetof(" + cType + ", " + member + ")");
        }

        private static String bareName(String cType) {
            return cType.replaceFirst("^(struct|union) ", "");
        }

        List<AbiFact> finish() {
            return Collections.unmodifiableList(new ArrayList<>(facts));
        }
    }
}
