package org.xenguest.abi;

import static org.xenguest.abi.RingLayout.REQ_EVENT_OFFSET;
import static org.xenguest.abi.RingLayout.REQ_PROD_OFFSET;
import static org.xenguest.abi.RingLayout.RSP_EVENT_OFFSET;
import static org.xenguest.abi.RingLayout.RSP_PROD_OFFSET;

/**
 * The four indices at the start of every shared ring page ({@code DEFINE_RING_TYPES} in
 * io/ring.h). Indices are free-running u32 counters; all differences here are taken modulo
 * 2^32 as the C macros do.
 * <p>
 * The consumer positions (the frontend's rsp_cons, the backend's req_cons) are private to each
 * end and not in the shared page, so helpers that need one take it as an argument.
 *
 * @param reqProd  requests published by the frontend
 * @param reqEvent the backend wants a notification when reqProd passes this
 * @param rspProd  responses published by the backend
 * @param rspEvent the frontend wants a notification when rspProd passes this
 */
public record SharedRingHeader(long reqProd, long reqEvent, long rspProd, long rspEvent) {

    /** Bytes holding the four indices (the full header, with padding, is 64). */
    public static final int INDICES_SIZE = 16;

    private static final long U32 = 0xFFFF_FFFFL;

    public SharedRingHeader {
        requireU32("reqProd", reqProd);
        requireU32("reqEvent", reqEvent);
        requireU32("rspProd", rspProd);
        requireU32("rspEvent", rspEvent);
    }

    private static void requireU32(String what, long value) {
        if ((value & ~U32) != 0) {
            throw new IllegalArgumentException(what + " is a 32-bit ring index, was " + value);
        }
    }

    public static SharedRingHeader decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static SharedRingHeader decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, INDICES_SIZE, "shared ring header (req_prod..rsp_event)");
        return new SharedRingHeader(
                LittleEndian.u32(bytes, offset + REQ_PROD_OFFSET),
                LittleEndian.u32(bytes, offset + REQ_EVENT_OFFSET),
                LittleEndian.u32(bytes, offset + RSP_PROD_OFFSET),
                LittleEndian.u32(bytes, offset + RSP_EVENT_OFFSET));
    }

    /** {@code to - from} modulo 2^32: how far a free-running index has moved. */
    public static long distance(long from, long to) {
        return (to - from) & U32;
    }

    /** Requests published that have no published response yet (req_prod - rsp_prod). */
    public long inFlightRequests() {
        return distance(rspProd, reqProd);
    }

    /**
     * Ring slots the frontend holds: requests it published whose responses it has not consumed
     * yet (req_prod - rsp_cons). The frontend may publish only while this is below the ring size.
     */
    public long outstandingRequests(long rspConsumer) {
        return distance(rspConsumer, reqProd);
    }

    /** Responses published that the frontend has not consumed yet (rsp_prod - rsp_cons). */
    public long unconsumedResponses(long rspConsumer) {
        return distance(rspConsumer, rspProd);
    }

    /**
     * Request slots still free for the frontend; negative if the indices are inconsistent
     * (more outstanding than the ring holds, e.g. a corrupted or hostile page).
     */
    public long freeRequestSlots(int ringSize, long rspConsumer) {
        return ringSize - outstandingRequests(rspConsumer);
    }

    /** False if the backend claims responses the frontend never requested, or over a full ring. */
    public boolean isConsistent(int ringSize) {
        return inFlightRequests() <= ringSize;
    }

    /**
     * The notification rule of RING_PUSH_REQUESTS_AND_CHECK_NOTIFY (and of responses): after
     * moving a producer index from {@code oldProd} to {@code newProd}, the peer must be notified
     * iff its event index lies in (oldProd, newProd].
     */
    public static boolean notifyNeeded(long oldProd, long newProd, long event) {
        return distance(event, newProd) < distance(oldProd, newProd);
    }
}
