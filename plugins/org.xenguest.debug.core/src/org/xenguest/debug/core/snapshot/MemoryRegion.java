package org.xenguest.debug.core.snapshot;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes read for one part of a snapshot, kept so that a recording can be replayed through the
 * same decoders.
 *
 * @param role    what the bytes are: {@code shared_info}, {@code grant_table}, {@code ring:NAME},
 *                {@code front_ring:NAME}, {@code xenstore}, {@code frontend_state:NAME},
 *                {@code backend_state:NAME}, {@code extra:NAME}
 * @param address where they were read
 * @param bytes   the bytes (copied in and out)
 */
public record MemoryRegion(String role, long address, byte[] bytes) {

    public static final String SHARED_INFO = "shared_info";
    public static final String GRANT_TABLE = "grant_table";
    public static final String RING = "ring:";
    public static final String FRONT_RING = "front_ring:";
    public static final String XENSTORE = "xenstore";
    public static final String FRONTEND_STATE = "frontend_state:";
    public static final String BACKEND_STATE = "backend_state:";
    /** A range read with every snapshot for whoever watches (see {@link SnapshotReader#alsoRead}). */
    public static final String EXTRA = "extra:";

    public MemoryRegion {
        Objects.requireNonNull(role, "role");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for decoders in this package that do not keep or change them. */
    byte[] bytesUnsafe() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemoryRegion that && role.equals(that.role) && address == that.address
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, address, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "MemoryRegion[" + role + " @0x" + Long.toHexString(address) + ", " + bytes.length + " bytes]";
    }
}
