package org.xenguest.abi;

import static org.xenguest.abi.SharedInfoLayout.PVCLOCK_GUEST_STOPPED;
import static org.xenguest.abi.SharedInfoLayout.PVCLOCK_TSC_STABLE_BIT;
import static org.xenguest.abi.SharedInfoLayout.TIME_FLAGS_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.TIME_SYSTEM_TIME_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.TIME_TSC_SHIFT_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.TIME_TSC_TIMESTAMP_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.TIME_TSC_TO_SYSTEM_MUL_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.TIME_VERSION_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.VCPU_TIME_INFO_SIZE;

/**
 * A decoded {@code struct vcpu_time_info} (32 bytes, xen.h).
 *
 * @param version           u32; odd while Xen is updating the record
 * @param tscTimestamp      u64 raw bits: the TSC at the last update
 * @param systemTime        u64 raw bits: nanoseconds since boot at the last update
 * @param tscToSystemMul    u32: 32.32 fixed-point nanoseconds per (shifted) TSC tick
 * @param tscShift          signed 8-bit shift applied to the TSC delta first
 * @param flags             u8 XEN_PVCLOCK_* bits
 */
public record VcpuTimeInfo(long version, long tscTimestamp, long systemTime, long tscToSystemMul, int tscShift,
        int flags) {

    public static VcpuTimeInfo decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static VcpuTimeInfo decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, VCPU_TIME_INFO_SIZE, "struct vcpu_time_info");
        return new VcpuTimeInfo(
                LittleEndian.u32(bytes, offset + TIME_VERSION_OFFSET),
                LittleEndian.u64(bytes, offset + TIME_TSC_TIMESTAMP_OFFSET),
                LittleEndian.u64(bytes, offset + TIME_SYSTEM_TIME_OFFSET),
                LittleEndian.u32(bytes, offset + TIME_TSC_TO_SYSTEM_MUL_OFFSET),
                LittleEndian.s8(bytes, offset + TIME_TSC_SHIFT_OFFSET),
                LittleEndian.u8(bytes, offset + TIME_FLAGS_OFFSET));
    }

    /** An odd version means the snapshot caught Xen mid-update: read it again. */
    public boolean isUpdateInProgress() {
        return (version & 1) != 0;
    }

    public boolean isTscStable() {
        return (flags & PVCLOCK_TSC_STABLE_BIT) != 0;
    }

    public boolean isGuestStopped() {
        return (flags & PVCLOCK_GUEST_STOPPED) != 0;
    }

    /**
     * Xen system time (ns since boot) at TSC value {@code tsc}, by the formula in xen.h:
     * {@code system_time + ((((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32)},
     * a negative shift meaning a right shift. Arithmetic is unsigned 64-bit, wrapping like C.
     */
    public long systemTimeAt(long tsc) {
        long delta = tsc - tscTimestamp;
        delta = tscShift >= 0 ? delta << tscShift : delta >>> -tscShift;
        // (delta * mul) >> 32 with a 96-bit intermediate, split at bit 32 of delta.
        long scaled = (delta >>> 32) * tscToSystemMul + (((delta & 0xFFFF_FFFFL) * tscToSystemMul) >>> 32);
        return systemTime + scaled;
    }
}
