package org.xenguest.debug.core.probe;

import java.util.Objects;

import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.rsp.RspException;

/**
 * Guest-physical memory of the domain a {@link ProbeClient} is attached to, read live and
 * read-only through the dom0 probe (foreign mappings; the domain is not paused).
 */
public final class ProbeGuestMemory implements GuestMemory {

    private final ProbeClient client;

    ProbeGuestMemory(ProbeClient client) {
        this.client = Objects.requireNonNull(client, "client");
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
        return "dom0 probe " + client.target() + client.attachedDomain().stream().mapToObj(d -> " domain " + d)
                .findFirst().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }
}
