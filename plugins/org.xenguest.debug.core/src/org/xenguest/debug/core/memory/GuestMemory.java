package org.xenguest.debug.core.memory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of a guest's memory, wherever they come from: a live stub, a dump, a core file, a test.
 * Addresses are whatever the source understands (the stub's current address space, the dump's
 * base, the core's segments); the caller passes the address it was given.
 */
public interface GuestMemory extends AutoCloseable {

    /**
     * Reads {@code length} bytes from {@code address}.
     *
     * @throws IOException if any byte of the range cannot be read; the message says which
     *                     range, from which source, and why
     */
    byte[] read(long address, int length) throws IOException;

    /**
     * Reads every range, in order: all of them or an exception. This default reads them one by
     * one; a source that answers many ranges in one exchange overrides it and {@link #readsRangesAtOnce()}.
     *
     * @throws GuestMemoryException if a range cannot be read (the source is still usable)
     * @throws IOException          if the source failed (as {@link #read(long, int)})
     */
    default List<byte[]> readAll(List<MemoryRange> ranges) throws IOException {
        List<byte[]> bytes = new ArrayList<>(ranges.size());
        for (MemoryRange range : ranges) {
            bytes.add(read(range.address(), range.length()));
        }
        return bytes;
    }

    /**
     * True when {@link #readAll(List)} costs about one exchange with the source whatever the
     * number of ranges (a stub over a slow line): then a snapshot's reads are worth gathering.
     */
    default boolean readsRangesAtOnce() {
        return false;
    }

    /** Where the bytes come from, for messages: e.g. {@code gdb stub 127.0.0.1:1234}. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
