package org.xenguest.debug.core.findings;

/**
 * The failure patterns the rules know, each with a stable code (never renamed: CLI output,
 * recordings and markers refer to it), an explanation and the fix.
 */
public enum FindingCode {

    EVTCHN_PENDING_MASKED(Severity.WARNING, "Event pending while masked",
            "The port's pending bit is set while its mask bit is set, and has stayed so past the threshold. "
                    + "Xen raises no upcall for a masked port, so the event waits until the guest unmasks it. "
                    + "That is right while the guest deliberately holds the port masked, but a port that stays "
                    + "[1/1/x] usually means the guest masked it in its handler and never unmasked it, or unmasked it "
                    + "without re-checking the pending bit, which loses the event that came in meanwhile.",
            "Unmask with an atomic test-and-clear of the mask bit, then test evtchn_pending (not evtchn_mask); on "
                    + "HVM/PVH, if it is pending, set the mask again and call EVTCHNOP_unmask so that Xen re-raises "
                    + "the upcall (Linux evtchn_2l_unmask does this). Make sure every path through the port's handler "
                    + "unmasks it."),

    EVTCHN_LOST_WAKEUP(Severity.ERROR, "Lost wake-up ([1/0/1] with no progress)",
            "The port is pending, unmasked and its selector bit is set in the notify vCPU's evtchn_pending_sel "
                    + "([1/0/1] in Xen's 'e' key), and nothing in the event state has changed since: Xen did its "
                    + "part, the guest did not run its upcall. This is the signature of the PVHv2 hangs: the guest "
                    + "checked for events with interrupts enabled and then executed a plain hlt, so the upcall that "
                    + "came in between was taken before the hlt and nothing wakes the vCPU again.",
            "Block race-free: cli; if vcpu_info->evtchn_upcall_pending then sti and return; otherwise arm the "
                    + "timer (set_timer_op) and execute sti; hlt as two adjacent instructions, so the STI shadow "
                    + "covers the hlt. In the upcall, clear evtchn_upcall_pending before exchanging "
                    + "evtchn_pending_sel with 0, and loop while evtchn_upcall_pending was set again."),

    UPCALL_NOT_HANDLED(Severity.ERROR, "Upcall pending and not handled",
            "The vCPU's evtchn_upcall_pending is set and evtchn_upcall_mask is clear, and nothing in the event state "
                    + "changes: Xen has asked for an upcall the guest is not taking. Either the guest has no working "
                    + "callback (HVM_PARAM_CALLBACK_IRQ or the per-vCPU upcall vector is not set up, or on PVH the "
                    + "LAPIC was never EOI'd so the vector stays in service), or the vCPU runs with interrupts "
                    + "disabled, or it is halted in a way no interrupt ends.",
            "Check the callback set-up (HVM_PARAM_CALLBACK_IRQ = vector | HVM_PARAM_CALLBACK_TYPE_VECTOR << 56, or "
                    + "HVMOP_set_evtchn_upcall_vector with a LAPIC EOI per upcall), that interrupts are enabled where "
                    + "the guest waits, and that the upcall clears evtchn_upcall_pending before scanning."),

    GRANT_TABLE_EXHAUSTED(Severity.ERROR, "Grant table exhausted",
            "Every usable entry of the guest's grant frames is in use (or fewer remain free than the threshold). "
                    + "The next grant allocation fails or waits: netfront logs \"Waiting for free grant\" and stops "
                    + "posting RX buffers or sending. A netfront with 256-slot rings needs about 514 grants, more "
                    + "than one v1 frame holds (504 usable).",
            "Give the guest more grant frames (Mini-OS, Unikraft and mirage-xen use 4 frames, 2048 entries; raise "
                    + "max_grant_frames in xl.cfg if needed), post fewer RX buffers, and make sure grants are ended "
                    + "(gnttab_end_access) when responses come back."),

    RING_REQUESTS_UNANSWERED(Severity.WARNING, "Ring requests unanswered",
            "The ring has requests without responses (req_prod != rsp_prod) and its indices have not moved past the "
                    + "threshold: the backend is not consuming. Usually the backend was never notified (the frontend "
                    + "pushed requests without RING_PUSH_REQUESTS_AND_CHECK_NOTIFY, or notified the wrong port), or "
                    + "the backend is not connected yet.",
            "Publish requests with RING_PUSH_REQUESTS_AND_CHECK_NOTIFY and send an event on the ring's port when it "
                    + "says so; only push requests once the backend's state is Connected."),

    RING_EVENT_NOT_ARMED(Severity.ERROR, "Ring response event not armed",
            "Requests are outstanding, but rsp_event is not ahead of the frontend's response consumer (rsp_event <= "
                    + "rsp_cons): the backend will not send an event for the next response, so a frontend that waits "
                    + "for one waits forever.",
            "After consuming responses, use RING_FINAL_CHECK_FOR_RESPONSES (it sets rsp_event = rsp_cons + 1 and "
                    + "re-checks) before going to sleep."),

    XENBUS_HANDSHAKE_STUCK(Severity.WARNING, "Xenbus handshake stuck",
            "The device's frontend/backend XenbusState has not changed past the threshold and is not a settled "
                    + "state (Connected or Closed). One side waits for the other: typically the frontend never wrote "
                    + "its ring references and event channel or its state, or it waits on a watch that never fires.",
            "Follow the handshake: read backend and backend-id, grant the rings, allocate the port, write tx-ring-ref, "
                    + "rx-ring-ref, event-channel, request-rx-copy and the state Connected (4) in one transaction, "
                    + "then wait on a watch of <backend>/state until it is Connected; check the xenstore ring for "
                    + "error replies."),

    XENSTORE_RING_STALLED(Severity.WARNING, "Xenstore ring stalled",
            "The xenstore ring has unread bytes that have not moved past the threshold: requests xenstored has not "
                    + "consumed (it was not notified on the xenstore port) or responses the guest has not read (its "
                    + "xenstore event handling is not running).",
            "Notify the xenstore event channel after writing requests, and check that the guest's xenstore port is "
                    + "unmasked and handled."),

    LAPIC_VECTOR_IN_SERVICE(Severity.ERROR, "Interrupt vector stuck in the local APIC's ISR (no EOI)",
            "Xen's view of the vCPU (the dom0 probe, from the HVM save record LAPIC_REGS) shows a vector in the "
                    + "local APIC's in-service register that has stayed there past the threshold. Until the guest "
                    + "writes the EOI, the APIC delivers no interrupt of that priority or below: an upcall vector set "
                    + "with HVMOP_set_evtchn_upcall_vector (or any LAPIC-routed upcall) that is never EOI'd delivers "
                    + "one event and then no more. This is the failure the xen-devel thread patched Xen to see.",
            "Write the local APIC's EOI register (x2APIC MSR 0x80B, or xAPIC 0xFEE000B0) at the end of the upcall "
                    + "handler for LAPIC-routed upcall vectors; or use HVM_PARAM_CALLBACK_IRQ of the vector type, "
                    + "which needs no EOI."),

    PORT_VCPU_MISMATCH(Severity.WARNING, "Port bound to another vCPU than the guest's model says",
            "Xen notifies the port on a vCPU (EVTCHNOP_status, through the dom0 probe) other than the one the "
                    + "guest's model or descriptor names. Its pending event then sets the selector bit and "
                    + "upcall_pending of that other vCPU: if the guest only looks at the vCPU it expects, or that "
                    + "vCPU runs with upcalls masked, the event waits unseen.",
            "Bind the port with EVTCHNOP_bind_vcpu to the vCPU the model says (the generated code does it after "
                    + "binding), or correct the model's vcpu for the port.");

    private final Severity severity;
    private final String title;
    private final String explanation;
    private final String fix;

    FindingCode(Severity severity, String title, String explanation, String fix) {
        this.severity = severity;
        this.title = title;
        this.explanation = explanation;
        this.fix = fix;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    /** One paragraph: what the pattern means and its usual causes. */
    public String explanation() {
        return explanation;
    }

    /** One paragraph: what to change. */
    public String fix() {
        return fix;
    }
}
