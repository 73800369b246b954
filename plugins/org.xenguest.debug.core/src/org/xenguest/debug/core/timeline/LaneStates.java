package org.xenguest.debug.core.timeline;

import org.xenguest.abi.SharedRingHeader;
import org.xenguest.abi.VcpuInfo;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.snapshot.DeviceState;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.view.PortColour;

/** How each kind of lane packs its state into an int, and reads it back. */
public final class LaneStates {
    public static final int PENDING = 1;
    public static final int MASKED = 2;
    public static final int SELECTOR = 4;

    public static final int UPCALL_PENDING = 1;
    public static final int UPCALL_MASK = 2;
    /** Xen says the vCPU is blocked (only where the source knows: the dom0 probe). */
    public static final int BLOCKED = 4;
    /** RFLAGS.IF is set (only where the source knows). */
    public static final int INTERRUPTS_ENABLED = 8;
    /** Xen's view of this vCPU was known for the snapshot: BLOCKED and INTERRUPTS_ENABLED mean something. */
    public static final int XEN_KNOWN = 16;

    private LaneStates() {
    }

    public static int port(PortState state) {
        return (state.pending() ? PENDING : 0) | (state.masked() ? MASKED : 0) | (state.selector() ? SELECTOR : 0);
    }

    /** The grid's colour of a port state: the lane is coloured as the Event Channels cell is. */
    public static PortColour portColour(int state) {
        boolean pending = (state & PENDING) != 0;
        boolean masked = (state & MASKED) != 0;
        if (pending && masked) {
            return PortColour.PENDING_MASKED;
        }
        if (pending) {
            return (state & SELECTOR) != 0 ? PortColour.PENDING_SELECTED : PortColour.PENDING;
        }
        return masked ? PortColour.MASKED : PortColour.IDLE;
    }

    public static int vcpu(VcpuInfo info, VcpuState xen) {
        int state = (info.evtchnUpcallPending() != 0 ? UPCALL_PENDING : 0) | (info.evtchnUpcallMask() != 0 ? UPCALL_MASK : 0);
        if (xen != null) {
            state |= XEN_KNOWN | (xen.blocked() ? BLOCKED : 0)
                    | (xen.hvm().flatMap(VcpuState.Hvm::interruptsEnabled).orElse(false) ? INTERRUPTS_ENABLED : 0);
        }
        return state;
    }

    /** A ring's indices: req_prod and rsp_prod, 16 bits each (what a person compares at a glance). */
    public static int ring(RingState ring) {
        SharedRingHeader header = ring.header();
        return (int) ((header.reqProd() & 0xFFFF) << 16 | (header.rspProd() & 0xFFFF));
    }

    public static int ringRequests(int state) {
        return state >>> 16;
    }

    public static int ringResponses(int state) {
        return state & 0xFFFF;
    }

    /** Requests the backend has not answered yet. */
    public static int ringOutstanding(int state) {
        return (ringRequests(state) - ringResponses(state)) & 0xFFFF;
    }

    /** A device's XenbusStates, frontend and backend, 8 bits each; 0xFF where unknown. */
    public static int device(DeviceState device) {
        return (int) (value(device.frontendState()) << 8 | value(device.backendState()));
    }

    private static long value(Long state) {
        return state == null || state < 0 || state > 0xFE ? 0xFF : state;
    }

    public static String deviceText(int state) {
        return DeviceState.label(raw(state >> 8)) + "/" + DeviceState.label(raw(state & 0xFF));
    }

    /** The frontend's XenbusState, or -1 when unknown. */
    public static int deviceFrontend(int state) {
        int raw = (state >> 8) & 0xFF;
        return raw == 0xFF ? -1 : raw;
    }

    private static Long raw(int value) {
        return value == 0xFF ? null : (long) value;
    }

    /** What the view writes on a lane when there is room. */
    public static String text(Lane.Kind kind, int state) {
        return switch (kind) {
            case PORT -> "[" + bit(state, PENDING) + "/" + bit(state, MASKED) + "/" + bit(state, SELECTOR) + "]";
            case VCPU -> "pending " + bit(state, UPCALL_PENDING) + " mask " + bit(state, UPCALL_MASK)
                    + ((state & XEN_KNOWN) != 0 ? ((state & BLOCKED) != 0 ? " blocked" : " running")
                            + " IF=" + bit(state, INTERRUPTS_ENABLED) : "");
            case RING -> "req " + ringRequests(state) + " rsp " + ringResponses(state);
            case DEVICE -> deviceText(state);
        };
    }

    private static int bit(int state, int flag) {
        return (state & flag) != 0 ? 1 : 0;
    }
}
