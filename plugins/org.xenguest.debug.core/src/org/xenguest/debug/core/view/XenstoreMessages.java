package org.xenguest.debug.core.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xenguest.abi.XenstoreLayout;
import org.xenguest.abi.XsMessageHeader;
import org.xenguest.abi.XsMessageType;

/**
 * Reads xenstore messages ({@code xsd_sockmsg} header and payload) out of one 1024-byte ring of
 * the xenstore page, for people: the last message written (the one ending at the producer
 * index, found by its header, since consumed bytes stay in the ring until overwritten) and the
 * messages not consumed yet. Best effort: bytes that do not form a message are said to be so.
 * Plain Java (no SWT), so it can move to debug.core.
 */
public final class XenstoreMessages {

    /** Longest payload text shown before it is cut with "...". */
    public static final int MAX_TEXT = 96;

    private static final int RING = XenstoreLayout.RING_SIZE;
    private static final int HEADER = XenstoreLayout.SOCKMSG_SIZE;

    private XenstoreMessages() {
    }

    /**
     * The last whole message in {@code ring} that ends exactly at {@code producer}: a valid
     * header (a type xs_wire.h defines) whose length reaches the producer index, the nearest one
     * wins. Empty if nothing was written or no header fits.
     */
    public static Optional<String> lastMessage(byte[] ring, long producer) {
        for (int back = HEADER; back <= RING; back++) {
            if (back > producer) {
                break; // nothing was ever written before index 0
            }
            long start = producer - back;
            XsMessageHeader header = XsMessageHeader.decode(copy(ring, start, HEADER));
            Optional<XsMessageType> type = header.messageType();
            if (type.isPresent() && type.get() != XsMessageType.INVALID && header.len() == back - HEADER) {
                return Optional.of(describe(header, copy(ring, start + HEADER, back - HEADER)));
            }
        }
        return Optional.empty();
    }

    /**
     * The unread bytes between {@code consumer} and {@code producer} as messages, assuming the
     * consumer stands at a message boundary; a message not all written yet is named as partial.
     */
    public static List<String> unread(byte[] ring, long consumer, long producer) {
        List<String> messages = new ArrayList<>();
        long unread = Math.min(producer - consumer & 0xFFFF_FFFFL, RING);
        long at = consumer;
        long end = consumer + unread;
        while (at < end) {
            long left = end - at;
            if (left < HEADER) {
                messages.add("(" + left + " bytes of a header)");
                break;
            }
            XsMessageHeader header = XsMessageHeader.decode(copy(ring, at, HEADER));
            if (header.messageType().isEmpty() || !header.isPayloadLengthValid()) {
                messages.add("(" + left + " bytes that are not a message: type " + header.type() + ", len "
                        + header.len() + ")");
                break;
            }
            long payload = Math.min(header.len(), left - HEADER);
            String text = describe(header, copy(ring, at + HEADER, (int) payload));
            if (payload < header.len()) {
                text += " (partial: " + payload + " of " + header.len() + " payload bytes)";
            }
            messages.add(text);
            at += HEADER + payload;
        }
        return messages;
    }

    /** {@code XS_READ #7 "device/vif/0/state"}, with the transaction id when there is one. */
    public static String describe(XsMessageHeader header, byte[] payload) {
        String type = header.messageType().map(XsMessageType::cName).orElse("type " + header.type());
        StringBuilder text = new StringBuilder(type).append(" #").append(header.reqId());
        if (header.txId() != 0) {
            text.append(" tx ").append(header.txId());
        }
        if (payload.length > 0) {
            text.append(' ').append(payloadText(payload));
        }
        return text.toString();
    }

    /** The NUL-separated strings of a payload, quoted, non-printable bytes as \xNN. */
    static String payloadText(byte[] payload) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < payload.length; i++) {
            int b = payload[i] & 0xFF;
            if (b == 0) {
                parts.add(part.toString());
                part.setLength(0);
            } else if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                part.append((char) b);
            } else {
                part.append(String.format("\\x%02x", b));
            }
        }
        if (part.length() > 0) {
            parts.add(part.toString());
        }
        StringBuilder text = new StringBuilder();
        for (String each : parts) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append('"').append(each).append('"');
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 3) + "..." : text.toString();
    }

    private static byte[] copy(byte[] ring, long from, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = ring[(int) (from + i & RING - 1)];
        }
        return out;
    }
}
