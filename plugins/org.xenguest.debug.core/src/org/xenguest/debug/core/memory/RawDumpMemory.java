package org.xenguest.debug.core.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A raw memory dump file (e.g. gdb's {@code dump binary memory}, QEMU's {@code pmemsave}) whose
 * first byte is guest address {@code baseAddress}.
 */
public final class RawDumpMemory implements GuestMemory {

    private final Path file;
    private final long baseAddress;
    private final FileChannel channel;
    private final long size;

    public RawDumpMemory(Path file, long baseAddress) throws IOException {
        this.file = file;
        this.baseAddress = baseAddress;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.size = channel.size();
        } catch (IOException e) {
            throw new GuestMemoryException("cannot open memory dump " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized byte[] read(long address, int length) throws IOException {
        long offset = address - baseAddress;
        if (length < 0 || offset < 0 || offset + length > size || Long.compareUnsigned(address, baseAddress) < 0) {
            throw new GuestMemoryException("guest range " + GuestMemoryException.range(address, length)
                    + " is outside the dump " + file + ", which holds "
                    + GuestMemoryException.range(baseAddress, (int) Math.min(size, Integer.MAX_VALUE))
                    + ": check the address and the dump's base address");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset + buffer.position());
            if (n < 0) {
                throw new GuestMemoryException("memory dump " + file + " ended early at offset " + (offset + buffer.position()));
            }
        }
        return buffer.array();
    }

    @Override
    public String describe() {
        return "memory dump " + file + " at 0x" + Long.toHexString(baseAddress);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
