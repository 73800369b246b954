package org.xenguest.debug.core.memory;

import java.util.Objects;

import org.xenguest.debug.core.rsp.RspClient;
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

    @Override
    public String describe() {
        return "gdb stub " + client.target();
    }

    @Override
    public void close() {
        client.close();
    }
}
