package org.xenguest.debug.core.memory;

import java.io.IOException;

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

    /** Where the bytes come from, for messages: e.g. {@code gdb stub 127.0.0.1:1234}. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
