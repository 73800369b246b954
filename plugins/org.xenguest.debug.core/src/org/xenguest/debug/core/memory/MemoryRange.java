package org.xenguest.debug.core.memory;

/** A range of guest memory: {@code length} bytes from {@code address}. */
public record MemoryRange(long address, int length) {

    public MemoryRange {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
    }

    /** True if this range holds every byte of {@code other}. */
    public boolean contains(MemoryRange other) {
        long offset = other.address - address;
        return offset >= 0 && offset <= length && other.length <= length - offset;
    }
}
