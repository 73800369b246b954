package org.xenguest.abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Reads little-endian integers out of guest memory copies. x86-64 is little-endian, so every
 * structure of the Xen ABI this bundle decodes is laid out this way.
 * <p>
 * Unsigned values are widened: u8 and u16 to {@code int}, u32 to {@code long}. A u64 stays a
 * {@code long} holding the raw 64 bits (use {@link Long#toUnsignedString(long)} to print it).
 */
final class LittleEndian {

    private LittleEndian() {
    }

    /**
     * Checks that {@code bytes} holds {@code needed} bytes from {@code offset} on.
     *
     * @param what the C structure being decoded, for the message (e.g. "struct shared_info")
     * @throws IllegalArgumentException naming the structure, the bytes needed and the bytes given
     */
    static void require(byte[] bytes, int offset, int needed, String what) {
        Objects.requireNonNull(bytes, () -> what + ": bytes must not be null");
        if (offset < 0) {
            throw new IllegalArgumentException(what + ": offset must not be negative, was " + offset);
        }
        int available = Math.max(0, bytes.length - offset);
        if (available < needed) {
            String where = offset == 0 ? "" : " from offset " + offset + " of a " + bytes.length + "-byte array";
            throw new IllegalArgumentException(what + " needs " + needed + " bytes but " + available
                    + " were given" + where);
        }
    }

    static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    static int s8(byte[] bytes, int at) {
        return bytes[at];
    }

    static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    static int s16(byte[] bytes, int at) {
        return (short) u16(bytes, at);
    }

    static long u32(byte[] bytes, int at) {
        return (u16(bytes, at) | (long) u16(bytes, at + 2) << 16) & 0xFFFF_FFFFL;
    }

    static long u64(byte[] bytes, int at) {
        return u32(bytes, at) | u32(bytes, at + 4) << 32;
    }

    /** Decodes every whole fixed-size entry of an array (a grant frame, say), index 0 first. */
    static <T> List<T> decodeAll(byte[] bytes, int entrySize, String what, BiFunction<byte[], Integer, T> decodeAt) {
        require(bytes, 0, entrySize, what);
        List<T> entries = new ArrayList<>(bytes.length / entrySize);
        for (int at = 0; at + entrySize <= bytes.length; at += entrySize) {
            entries.add(decodeAt.apply(bytes, at));
        }
        return Collections.unmodifiableList(entries);
    }
}
