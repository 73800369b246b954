package org.xenguest.tests.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.SharedInfoLayout;

/** Builds a 4 KiB shared_info page byte by byte, at the offsets of the abi bundle. */
public final class SharedInfoPage {

    public static final int SIZE = 4096;

    private final ByteBuffer page = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);

    public SharedInfoPage pending(int... ports) {
        for (int port : ports) {
            setBit(SharedInfoLayout.EVTCHN_PENDING_OFFSET, port, true);
        }
        return this;
    }

    public SharedInfoPage clearPending(int... ports) {
        for (int port : ports) {
            setBit(SharedInfoLayout.EVTCHN_PENDING_OFFSET, port, false);
        }
        return this;
    }

    public SharedInfoPage masked(int... ports) {
        for (int port : ports) {
            setBit(SharedInfoLayout.EVTCHN_MASK_OFFSET, port, true);
        }
        return this;
    }

    public SharedInfoPage unmasked(int... ports) {
        for (int port : ports) {
            setBit(SharedInfoLayout.EVTCHN_MASK_OFFSET, port, false);
        }
        return this;
    }

    /** Sets ({@code on}) or clears the pending bits of {@code ports}. */
    public SharedInfoPage pending(boolean on, int... ports) {
        for (int port : ports) {
            setBit(SharedInfoLayout.EVTCHN_PENDING_OFFSET, port, on);
        }
        return this;
    }

    /** Sets ({@code on}) or clears the mask bits of {@code ports}. */
    public SharedInfoPage masked(boolean on, int... ports) {
        for (int port : ports) {
            setBit(SharedInfoLayout.EVTCHN_MASK_OFFSET, port, on);
        }
        return this;
    }

    /** Masks every port from {@code from} to the last 2-level port, as guests do at start. */
    public SharedInfoPage maskFrom(int from) {
        for (int port = from; port < EventChannels.NR_CHANNELS_2L; port++) {
            setBit(SharedInfoLayout.EVTCHN_MASK_OFFSET, port, true);
        }
        return this;
    }

    /** Masks every port, as Mini-OS does at start. */
    public SharedInfoPage maskAll() {
        for (int word = 0; word < SharedInfoLayout.EVTCHN_WORDS; word++) {
            page.putLong(SharedInfoLayout.EVTCHN_MASK_OFFSET + word * 8, -1L);
        }
        return this;
    }

    /** Sets the selector bit of the port's word on {@code vcpu}. */
    public SharedInfoPage selected(int vcpu, int... ports) {
        int at = SharedInfoLayout.vcpuInfoOffset(vcpu) + SharedInfoLayout.VCPU_PENDING_SEL_OFFSET;
        long selector = page.getLong(at);
        for (int port : ports) {
            selector |= 1L << EventChannels.wordIndex(port);
        }
        page.putLong(at, selector);
        return this;
    }

    public SharedInfoPage pendingSel(int vcpu, long value) {
        page.putLong(SharedInfoLayout.vcpuInfoOffset(vcpu) + SharedInfoLayout.VCPU_PENDING_SEL_OFFSET, value);
        return this;
    }

    public SharedInfoPage upcall(int vcpu, int pending, int mask) {
        int base = SharedInfoLayout.vcpuInfoOffset(vcpu);
        page.put(base + SharedInfoLayout.VCPU_UPCALL_PENDING_OFFSET, (byte) pending);
        page.put(base + SharedInfoLayout.VCPU_UPCALL_MASK_OFFSET, (byte) mask);
        return this;
    }

    public SharedInfoPage systemTime(int vcpu, long nanos) {
        page.putLong(SharedInfoLayout.vcpuInfoOffset(vcpu) + SharedInfoLayout.VCPU_TIME_OFFSET
                + SharedInfoLayout.TIME_SYSTEM_TIME_OFFSET, nanos);
        return this;
    }

    public SharedInfoPage wallClock(long version, long seconds, long nanos) {
        page.putInt(SharedInfoLayout.WC_VERSION_OFFSET, (int) version);
        page.putInt(SharedInfoLayout.WC_SEC_OFFSET, (int) seconds);
        page.putInt(SharedInfoLayout.WC_NSEC_OFFSET, (int) nanos);
        page.putInt(SharedInfoLayout.WC_SEC_HI_OFFSET, (int) (seconds >>> 32));
        return this;
    }

    /** Fills the bytes after struct shared_info with a pattern, so whole-page reads are checked too. */
    public SharedInfoPage tailPattern() {
        for (int i = SharedInfoLayout.SHARED_INFO_SIZE; i < SIZE; i++) {
            page.put(i, (byte) (i * 7 + 3));
        }
        return this;
    }

    private void setBit(int base, int port, boolean on) {
        int at = base + EventChannels.wordIndex(port) * 8;
        long word = page.getLong(at);
        long bit = 1L << EventChannels.bitIndex(port);
        page.putLong(at, on ? word | bit : word & ~bit);
    }

    public byte[] bytes() {
        return page.array().clone();
    }

    /** The page every QEMU and CLI test loads: ports 3 [1/0/1], 5 [1/1/1], 7 [0/1/1], 70 [1/0/0], vCPU 0 upcall pending. */
    public static SharedInfoPage reference() {
        return new SharedInfoPage()
                .pending(3, 5, 70).masked(5, 7, 4095)
                .selected(0, 3)
                .upcall(0, 1, 0)
                .upcall(1, 0, 1).pendingSel(1, 0x8000_0000_0000_0002L)
                .systemTime(0, 123_456_789_000L)
                .wallClock(2, 1_700_000_000L, 500)
                .tailPattern();
    }
}
