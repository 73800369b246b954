package org.xenguest.debug.core.rsp;

import java.nio.charset.StandardCharsets;

/**
 * The byte-level rules of the GDB remote serial protocol: framing ({@code $data#cc}), the
 * modulo-256 checksum, escaping ({@code '}'} then the byte XOR 0x20) and run-length encoding
 * ({@code '*'} then a count character: the previous byte repeated {@code count - 29} more
 * times). Pure functions, no I/O.
 */
public final class RspPackets {

    private RspPackets() {
    }

    public static final byte START = '$';
    public static final byte END = '#';
    public static final byte ESCAPE = '}';
    public static final byte RUN_LENGTH = '*';
    public static final byte ACK = '+';
    public static final byte NAK = '-';
    /** The interrupt byte (Ctrl-C), sent outside any packet. */
    public static final byte INTERRUPT = 0x03;

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Sum of the bytes modulo 256, as RSP checksums the data between '$' and '#'. */
    public static int checksum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += data[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** The bytes to put on the wire for {@code payload}: escaped where needed, framed, checksummed. */
    public static byte[] frame(String payload) {
        return frame(payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Frames raw payload bytes; '$', '#', '}' and '*' inside are escaped. */
    public static byte[] frame(byte[] payload) {
        int escapes = 0;
        for (byte b : payload) {
            if (needsEscape(b)) {
                escapes++;
            }
        }
        byte[] wire = new byte[payload.length + escapes + 4];
        int at = 0;
        wire[at++] = START;
        for (byte b : payload) {
            if (needsEscape(b)) {
                wire[at++] = ESCAPE;
                wire[at++] = (byte) (b ^ 0x20);
            } else {
                wire[at++] = b;
            }
        }
        int sum = checksum(wire, 1, at - 1);
        wire[at++] = END;
        wire[at++] = HEX_DIGITS[sum >> 4];
        wire[at] = HEX_DIGITS[sum & 0xF];
        return wire;
    }

    private static boolean needsEscape(byte b) {
        return b == START || b == END || b == ESCAPE || b == RUN_LENGTH;
    }

    /**
     * Undoes escaping and run-length encoding of the data of one received packet (the bytes
     * between '$' and '#', checksum already verified).
     *
     * @throws IllegalArgumentException if the data is malformed (a dangling escape, a run with
     *                                  nothing to repeat, an impossible count); the message
     *                                  names the offset
     */
    public static byte[] decodeData(byte[] wire, int offset, int length) {
        byte[] out = new byte[Math.max(16, length)];
        int size = 0;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = wire[i];
            if (b == ESCAPE) {
                if (i + 1 >= end) {
                    throw new IllegalArgumentException("escape character '}' at the end of the packet (offset "
                            + (i - offset) + ")");
                }
                out = ensure(out, size + 1);
                out[size++] = (byte) (wire[++i] ^ 0x20);
            } else if (b == RUN_LENGTH) {
                if (size == 0) {
                    throw new IllegalArgumentException("run-length marker '*' with nothing before it (offset "
                            + (i - offset) + ")");
                }
                if (i + 1 >= end) {
                    throw new IllegalArgumentException("run-length marker '*' at the end of the packet (offset "
                            + (i - offset) + ")");
                }
                int count = (wire[++i] & 0xFF) - 29;
                if (count < 3 || count > 126 - 29) {
                    throw new IllegalArgumentException("run-length count character 0x"
                            + Integer.toHexString(wire[i] & 0xFF) + " at offset " + (i - offset) + " is not valid");
                }
                out = ensure(out, size + count);
                byte repeated = out[size - 1];
                for (int r = 0; r < count; r++) {
                    out[size++] = repeated;
                }
            } else {
                out = ensure(out, size + 1);
                out[size++] = b;
            }
        }
        return size == out.length ? out : java.util.Arrays.copyOf(out, size);
    }

    private static byte[] ensure(byte[] buffer, int needed) {
        return needed <= buffer.length ? buffer : java.util.Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }

    /**
     * Run-length encodes data as a stub may (for tests and stubs): runs of 4 or more equal
     * bytes become the byte, '*' and a count character; counts that would produce '#' or '$'
     * (6 and 7) are avoided as the protocol requires.
     */
    public static byte[] runLengthEncode(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length);
        int i = 0;
        while (i < data.length) {
            byte b = data[i];
            int run = 1;
            while (i + run < data.length && data[i + run] == b && run < 98) {
                run++;
            }
            out.write(b);
            int repeats = run - 1;
            if (repeats == 6 || repeats == 7) {
                repeats = 5;
            }
            if (repeats >= 3) {
                out.write(RUN_LENGTH);
                out.write(repeats + 29);
                i += repeats + 1;
            } else {
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Lower-case hex of {@code data}, two digits a byte, as {@code m} replies carry it. */
    public static String toHex(byte[] data) {
        byte[] hex = new byte[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            hex[2 * i] = HEX_DIGITS[(data[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX_DIGITS[data[i] & 0xF];
        }
        return new String(hex, StandardCharsets.US_ASCII);
    }

    /**
     * Decodes {@code length} hex digits from {@code hex[offset..]} into {@code dest[destOffset..]}.
     *
     * @return false if {@code length} is odd or a character is not a hex digit
     */
    public static boolean decodeHex(byte[] hex, int offset, int length, byte[] dest, int destOffset) {
        if ((length & 1) != 0) {
            return false;
        }
        for (int i = 0; i < length; i += 2) {
            int high = hexValue(hex[offset + i]);
            int low = hexValue(hex[offset + i + 1]);
            if (high < 0 || low < 0) {
                return false;
            }
            dest[destOffset + i / 2] = (byte) (high << 4 | low);
        }
        return true;
    }

    /** The value of one hex digit, or -1. */
    public static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A short printable form of packet data for error messages (at most 60 characters). */
    public static String printable(byte[] data, int offset, int length) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(length, 60);
        for (int i = offset; i < offset + shown; i++) {
            int c = data[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        if (length > shown) {
            text.append("... (").append(length).append(" bytes)");
        }
        return text.toString();
    }

    /** An error reply: {@code E} and two hex digits, or {@code E.} and a message. */
    public static boolean isErrorReply(byte[] data) {
        if (data.length == 3 && data[0] == 'E' && hexValue(data[1]) >= 0 && hexValue(data[2]) >= 0) {
            return true;
        }
        return data.length >= 2 && data[0] == 'E' && data[1] == '.';
    }
}
