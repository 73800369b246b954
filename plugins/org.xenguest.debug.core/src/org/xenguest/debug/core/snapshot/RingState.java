package org.xenguest.debug.core.snapshot;

import org.xenguest.abi.SharedRingHeader;
import org.xenguest.debug.core.guest.GuestDescriptor;

/**
 * A shared ring's indices at one moment.
 *
 * @param ring        the ring as described
 * @param header      req_prod, req_event, rsp_prod, rsp_event from the shared page
 * @param rspConsumer the frontend's rsp_cons from its private front ring, or null if unknown
 */
public record RingState(GuestDescriptor.Ring ring, SharedRingHeader header, Long rspConsumer) {

    public String name() {
        return ring.name();
    }

    /** Requests published without a published response: req_prod - rsp_prod. */
    public long unansweredRequests() {
        return header.inFlightRequests();
    }

    /**
     * The response consumer used by the rules: the real rsp_cons if known, else rsp_prod (as if
     * the frontend had consumed every published response).
     */
    public long effectiveRspConsumer() {
        return rspConsumer != null ? rspConsumer : header.rspProd();
    }

    /**
     * True if the next response will raise an event: rsp_event lies after the consumer, i.e.
     * {@code rsp_event - rsp_cons} is in 1..ring size (modulo 2^32). A frontend that consumed
     * responses and did not move rsp_event on (RING_FINAL_CHECK_FOR_RESPONSES) sleeps forever.
     */
    public boolean responseEventArmed() {
        long ahead = SharedRingHeader.distance(effectiveRspConsumer(), header.rspEvent());
        return ahead >= 1 && ahead <= ring.size();
    }

    /** True if the indices are impossible for a ring of this size (corrupt or hostile page). */
    public boolean isInconsistent() {
        return !header.isConsistent(ring.size());
    }
}
