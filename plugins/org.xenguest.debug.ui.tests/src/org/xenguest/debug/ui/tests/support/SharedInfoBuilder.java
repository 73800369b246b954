package org.xenguest.debug.ui.tests.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.SharedInfoLayout;

/** A 4 KiB shared_info page set bit by bit, at the abi bundle's offsets. */
public final class SharedInfoBuilder {

    private final ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    public SharedInfoBuilder pending(boolean on, int... ports) {
        for (int port : ports) {
            bit(SharedInfoLayout.EVTCHN_PENDING_OFFSET, port, on);
        }
        return this;
    }

    public SharedInfoBuilder masked(boolean on, int... ports) {
        for (int port : ports) {
            bit(SharedInfoLayout.EVTCHN_MASK_OFFSET, port, on);
        }
        return this;
    }

    /** Masks every port from {@code from} to 4095, as guests do at start. */
    public SharedInfoBuilder maskFrom(int from) {
        for (int port = from; port < EventChannels.NR_CHANNELS_2L; port++) {
            bit(SharedInfoLayout.EVTCHN_MASK_OFFSET, port, true);
        }
        return this;
    }

    public SharedInfoBuilder pendingSel(int vcpu, long value) {
        page.putLong(SharedInfoLayout.vcpuInfoOffset(vcpu) + SharedInfoLayout.VCPU_PENDING_SEL_OFFSET, value);
        return this;
    }

    public SharedInfoBuilder upcall(int vcpu, int pending, int mask) {
        int base = SharedInfoLayout.vcpuInfoOffset(vcpu);
        page.put(base + SharedInfoLayout.VCPU_UPCALL_PENDING_OFFSET, (byte) pending);
        page.put(base + SharedInfoLayout.VCPU_UPCALL_MASK_OFFSET, (byte) mask);
        return this;
    }

    private void bit(int base, int port, boolean on) {
        int at = base + EventChannels.wordIndex(port) * 8;
        long word = page.getLong(at);
        long bit = 1L << EventChannels.bitIndex(port);
        page.putLong(at, on ? word | bit : word & ~bit);
    }

    public byte[] bytes() {
        return page.array().clone();
    }
}
