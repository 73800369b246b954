package org.xenguest.abi;

import static org.xenguest.abi.XenstoreLayout.CONNECTION_OFFSET;
import static org.xenguest.abi.XenstoreLayout.ERROR_OFFSET;
import static org.xenguest.abi.XenstoreLayout.INTERFACE_SIZE;
import static org.xenguest.abi.XenstoreLayout.REQ_CONS_OFFSET;
import static org.xenguest.abi.XenstoreLayout.REQ_OFFSET;
import static org.xenguest.abi.XenstoreLayout.REQ_PROD_OFFSET;
import static org.xenguest.abi.XenstoreLayout.RING_SIZE;
import static org.xenguest.abi.XenstoreLayout.RSP_CONS_OFFSET;
import static org.xenguest.abi.XenstoreLayout.RSP_OFFSET;
import static org.xenguest.abi.XenstoreLayout.RSP_PROD_OFFSET;
import static org.xenguest.abi.XenstoreLayout.SERVER_FEATURES_OFFSET;

import java.util.Arrays;

/**
 * A decoded {@code struct xenstore_domain_interface} (xs_wire.h): the guest's xenstore page.
 * The guest produces into {@code req} and consumes {@code rsp}; xenstored does the opposite.
 * Indices are free-running u32 byte counters masked with {@code RING_SIZE - 1}.
 * <p>
 * The two ring arrays are copied in and out, so instances stay immutable.
 *
 * @param requestRing    the 1024-byte req ring (a copy)
 * @param responseRing   the 1024-byte rsp ring (a copy)
 * @param reqCons        u32, advanced by xenstored
 * @param reqProd        u32, advanced by the guest
 * @param rspCons        u32, advanced by the guest
 * @param rspProd        u32, advanced by xenstored
 * @param serverFeatures u32 XENSTORE_SERVER_FEATURE_* bits
 * @param connection     u32 XENSTORE_CONNECTED / XENSTORE_RECONNECT
 * @param error          u32 XENSTORE_ERROR_*
 */
public record XenstoreInterface(byte[] requestRing, byte[] responseRing, long reqCons, long reqProd, long rspCons,
        long rspProd, long serverFeatures, long connection, long error) {

    public XenstoreInterface {
        requestRing = copyRing("requestRing", requestRing);
        responseRing = copyRing("responseRing", responseRing);
    }

    private static byte[] copyRing(String what, byte[] ring) {
        if (ring == null || ring.length != RING_SIZE) {
            throw new IllegalArgumentException(what + " must have " + RING_SIZE + " bytes, had "
                    + (ring == null ? "none" : ring.length));
        }
        return ring.clone();
    }

    public static XenstoreInterface decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static XenstoreInterface decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, INTERFACE_SIZE, "struct xenstore_domain_interface");
        return new XenstoreInterface(
                Arrays.copyOfRange(bytes, offset + REQ_OFFSET, offset + REQ_OFFSET + RING_SIZE),
                Arrays.copyOfRange(bytes, offset + RSP_OFFSET, offset + RSP_OFFSET + RING_SIZE),
                LittleEndian.u32(bytes, offset + REQ_CONS_OFFSET),
                LittleEndian.u32(bytes, offset + REQ_PROD_OFFSET),
                LittleEndian.u32(bytes, offset + RSP_CONS_OFFSET),
                LittleEndian.u32(bytes, offset + RSP_PROD_OFFSET),
                LittleEndian.u32(bytes, offset + SERVER_FEATURES_OFFSET),
                LittleEndian.u32(bytes, offset + CONNECTION_OFFSET),
                LittleEndian.u32(bytes, offset + ERROR_OFFSET));
    }

    @Override
    public byte[] requestRing() {
        return requestRing.clone();
    }

    @Override
    public byte[] responseRing() {
        return responseRing.clone();
    }

    /** Request bytes the guest produced that xenstored has not consumed (req_prod - req_cons). */
    public long pendingRequestBytes() {
        return SharedRingHeader.distance(reqCons, reqProd);
    }

    /** Response bytes xenstored produced that the guest has not consumed (rsp_prod - rsp_cons). */
    public long pendingResponseBytes() {
        return SharedRingHeader.distance(rspCons, rspProd);
    }

    /** False if either ring claims more unread bytes than it holds: a corrupted page. */
    public boolean isConsistent() {
        return pendingRequestBytes() <= RING_SIZE && pendingResponseBytes() <= RING_SIZE;
    }

    /** The unread request bytes in order, unwrapped (at most RING_SIZE). */
    public byte[] unreadRequestBytes() {
        return unread(requestRing, reqCons, pendingRequestBytes());
    }

    /** The unread response bytes in order, unwrapped (at most RING_SIZE). */
    public byte[] unreadResponseBytes() {
        return unread(responseRing, rspCons, pendingResponseBytes());
    }

    private static byte[] unread(byte[] ring, long consumer, long pending) {
        int count = (int) Math.min(pending, RING_SIZE);
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = ring[(int) ((consumer + i) & (RING_SIZE - 1))];
        }
        return out;
    }

    public boolean supportsReconnection() {
        return (serverFeatures & XenstoreLayout.SERVER_FEATURE_RECONNECTION) != 0;
    }

    /** True if the server fills in the error field. */
    public boolean reportsErrors() {
        return (serverFeatures & XenstoreLayout.SERVER_FEATURE_ERROR) != 0;
    }

    public boolean isReconnecting() {
        return connection == XenstoreLayout.RECONNECT;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XenstoreInterface that
                && Arrays.equals(requestRing, that.requestRing)
                && Arrays.equals(responseRing, that.responseRing)
                && reqCons == that.reqCons && reqProd == that.reqProd
                && rspCons == that.rspCons && rspProd == that.rspProd
                && serverFeatures == that.serverFeatures && connection == that.connection
                && error == that.error;
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(requestRing);
        hash = 31 * hash + Arrays.hashCode(responseRing);
        for (long value : new long[] {reqCons, reqProd, rspCons, rspProd, serverFeatures, connection, error}) {
            hash = 31 * hash + Long.hashCode(value);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "XenstoreInterface[reqCons=" + reqCons + ", reqProd=" + reqProd + ", rspCons=" + rspCons
                + ", rspProd=" + rspProd + ", serverFeatures=" + serverFeatures + ", connection=" + connection
                + ", error=" + error + "]";
    }
}
