package org.xenguest.abi;

import static org.xenguest.abi.XenstoreLayout.SOCKMSG_LEN_OFFSET;
import static org.xenguest.abi.XenstoreLayout.SOCKMSG_REQ_ID_OFFSET;
import static org.xenguest.abi.XenstoreLayout.SOCKMSG_SIZE;
import static org.xenguest.abi.XenstoreLayout.SOCKMSG_TX_ID_OFFSET;
import static org.xenguest.abi.XenstoreLayout.SOCKMSG_TYPE_OFFSET;

import java.util.Optional;

/**
 * A decoded {@code struct xsd_sockmsg} (16 bytes, xs_wire.h): the header in front of every
 * xenstore request and reply.
 *
 * @param type  u32 xsd_sockmsg_type
 * @param reqId u32, echoed in the reply
 * @param txId  u32 transaction id, 0 outside a transaction
 * @param len   u32 payload bytes that follow
 */
public record XsMessageHeader(long type, long reqId, long txId, long len) {

    public static XsMessageHeader decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static XsMessageHeader decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, SOCKMSG_SIZE, "struct xsd_sockmsg");
        return new XsMessageHeader(
                LittleEndian.u32(bytes, offset + SOCKMSG_TYPE_OFFSET),
                LittleEndian.u32(bytes, offset + SOCKMSG_REQ_ID_OFFSET),
                LittleEndian.u32(bytes, offset + SOCKMSG_TX_ID_OFFSET),
                LittleEndian.u32(bytes, offset + SOCKMSG_LEN_OFFSET));
    }

    /** The type as an enum, empty for numbers xs_wire.h does not define. */
    public Optional<XsMessageType> messageType() {
        return XsMessageType.byNumber(type);
    }

    /** False if the payload is longer than XENSTORE_PAYLOAD_MAX allows. */
    public boolean isPayloadLengthValid() {
        return len <= XenstoreLayout.PAYLOAD_MAX;
    }
}
