package org.xenguest.debug.core.memory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspErrorReplyException;
import org.xenguest.debug.core.rsp.RspException;

/**
 * Guest memory read live through a GDB remote stub. A failed read leaves the client
 * disconnected; the next read connects again, so a poller recovers by just reading on.
 */
public final class RspGuestMemory implements GuestMemory {

    private final RspClient client;

    public RspGuestMemory(RspClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public RspClient client() {
        return client;
    }

    @Override
    public byte[] read(long address, int length) throws RspException {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        return client.readMemory(address, length);
    }

    /** With a stub that offers {@code qXenguest.Read}: every range in one exchange (or a few). */
    @Override
    public List<byte[]> readAll(List<MemoryRange> ranges) throws IOException {
        long[] addresses = new long[ranges.size()];
        int[] lengths = new int[ranges.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = ranges.get(i).address();
            lengths[i] = ranges.get(i).length();
        }
        try {
            return Arrays.asList(client.readRanges(addresses, lengths));
        } catch (RspErrorReplyException e) {
            throw new GuestMemoryException(e.getMessage(), e);
        }
    }

    @Override
    public boolean readsRangesAtOnce() {
        return client.offersRangeReads();
    }

    @Override
    public String describe() {
        return "gdb stub " + client.target();
    }

    @Override
    public void close() {
        client.close();
    }
}
