package org.xenguest.abi;

import static org.xenguest.abi.SharedInfoLayout.VCPU_ARCH_CR2_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.VCPU_INFO_SIZE;
import static org.xenguest.abi.SharedInfoLayout.VCPU_PENDING_SEL_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.VCPU_TIME_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.VCPU_UPCALL_MASK_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.VCPU_UPCALL_PENDING_OFFSET;

import java.util.Objects;

/**
 * A decoded {@code struct vcpu_info} (64 bytes on x86-64, xen.h).
 *
 * @param evtchnUpcallPending u8 written non-zero by Xen when an upcall is due
 * @param evtchnUpcallMask    u8; non-zero blocks upcalls (PV; HVM/PVH use the interrupt flag)
 * @param evtchnPendingSel    2-level selector word: bit i set means evtchn_pending word i has work
 * @param archCr2             arch_vcpu_info.cr2 (PV page-fault address; unused by PVH)
 * @param time                the embedded vcpu_time_info
 */
public record VcpuInfo(int evtchnUpcallPending, int evtchnUpcallMask, long evtchnPendingSel, long archCr2,
        VcpuTimeInfo time) {

    public VcpuInfo {
        Objects.requireNonNull(time, "time");
    }

    public static VcpuInfo decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static VcpuInfo decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, VCPU_INFO_SIZE, "struct vcpu_info");
        return new VcpuInfo(
                LittleEndian.u8(bytes, offset + VCPU_UPCALL_PENDING_OFFSET),
                LittleEndian.u8(bytes, offset + VCPU_UPCALL_MASK_OFFSET),
                LittleEndian.u64(bytes, offset + VCPU_PENDING_SEL_OFFSET),
                LittleEndian.u64(bytes, offset + VCPU_ARCH_CR2_OFFSET),
                VcpuTimeInfo.decode(bytes, offset + VCPU_TIME_OFFSET));
    }

    public boolean isUpcallPending() {
        return evtchnUpcallPending != 0;
    }

    public boolean isUpcallMasked() {
        return evtchnUpcallMask != 0;
    }

    /** True if the selector bit for evtchn_pending word {@code wordIndex} (0..63) is set. */
    public boolean isWordSelected(int wordIndex) {
        if (wordIndex < 0 || wordIndex >= EventChannels.WORDS_2L) {
            throw new IllegalArgumentException("selector word index must be 0.." + (EventChannels.WORDS_2L - 1)
                    + ", was " + wordIndex);
        }
        return (evtchnPendingSel >>> wordIndex & 1) != 0;
    }

    /** True if the selector bit covering {@code port} is set (the 's' of the 'e' key's [p/m/s]). */
    public boolean isPortSelected(int port) {
        return isWordSelected(EventChannels.wordIndex(port));
    }
}
