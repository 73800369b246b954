package org.xenguest.testbed.refguest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The reference guest's {@code struct refguest_counters} (releng/refguest/main.c), read through
 * its debug stub at the ELF symbol {@value #SYMBOL}. Receivers, in order: b0..b3, a0..a3, kick.
 */
public record RefguestCounters(int phase, long sent, long handled, long doubled, long lost, long rounds, long masks,
        long unmasks, long timerEvents, long blocks, long[] sentTo, long[] handledBy) {

    public static final String SYMBOL = "refguest_counters";
    public static final int MAGIC = 0x43574752; // "RGWC"
    /** magic, phase (u32), ten u64 counters, sent_to[9] and handled_by[9] (u64). */
    public static final int RECEIVERS = 9;
    public static final int SIZE = 8 + 9 * 8 + 2 * RECEIVERS * 8;
    public static final String[] PHASES = { "boot", "setup", "workload", "done", "failed" };
    public static final int WORKLOAD = 2;

    /** @throws IllegalArgumentException when the bytes are not the counters (wrong magic) */
    public static RefguestCounters decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < SIZE || b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not the reference guest's counters (magic 0x"
                    + (bytes.length < 4 ? "?" : Integer.toHexString(b.getInt(0))) + ")");
        }
        long[] sentTo = new long[RECEIVERS];
        long[] handledBy = new long[RECEIVERS];
        for (int r = 0; r < RECEIVERS; r++) {
            sentTo[r] = b.getLong(80 + 8 * r);
            handledBy[r] = b.getLong(80 + 8 * RECEIVERS + 8 * r);
        }
        return new RefguestCounters(b.getInt(4), b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32),
                b.getLong(40), b.getLong(48), b.getLong(56), b.getLong(64), b.getLong(72), sentTo, handledBy);
    }

    public String phaseName() {
        return phase >= 0 && phase < PHASES.length ? PHASES[phase] : "phase " + phase;
    }
}
