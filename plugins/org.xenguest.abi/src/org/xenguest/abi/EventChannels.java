package org.xenguest.abi;

import java.util.Optional;

/**
 * Event-channel facts for the 2-level ABI on x86-64 ({@code xen/event_channel.h},
 * {@code xen/xen.h}) and the two numberings of a channel's state.
 */
public final class EventChannels {

    private EventChannels() {
    }

    /** Bits in one xen_ulong_t word of evtchn_pending / evtchn_mask / evtchn_pending_sel. */
    public static final int BITS_PER_WORD = SharedInfoLayout.XEN_ULONG_SIZE * 8;
    /** EVTCHN_2L_NR_CHANNELS: sizeof(xen_ulong_t)^2 * 64 = 4096 on 64-bit. */
    public static final int NR_CHANNELS_2L = BITS_PER_WORD * BITS_PER_WORD;
    /** Words of evtchn_pending (and of evtchn_mask) the 2-level ABI uses: 64. */
    public static final int WORDS_2L = NR_CHANNELS_2L / BITS_PER_WORD;
    /** Port 0 is never a valid channel, so a guest can use at most 4095. */
    public static final int USABLE_PORTS_2L = NR_CHANNELS_2L - 1;
    public static final int FIRST_VALID_PORT = 1;
    public static final int LAST_PORT_2L = NR_CHANNELS_2L - 1;

    /** True for a port a 2-level guest can have bound (1..4095). */
    public static boolean isValidPort2L(long port) {
        return port >= FIRST_VALID_PORT && port <= LAST_PORT_2L;
    }

    /** Index of the evtchn_pending / evtchn_mask word holding {@code port}; also its selector bit. */
    public static int wordIndex(int port) {
        checkBitmapIndex(port);
        return port / BITS_PER_WORD;
    }

    /** Bit of {@code port} inside its word. */
    public static int bitIndex(int port) {
        checkBitmapIndex(port);
        return port % BITS_PER_WORD;
    }

    /** Accepts 0..4095: every bit of the 2-level bitmaps, including the never-valid port 0. */
    static void checkBitmapIndex(int port) {
        if (port < 0 || port > LAST_PORT_2L) {
            throw new IllegalArgumentException("port " + port + " is outside the 2-level event channel bitmaps (0.."
                    + LAST_PORT_2L + ")");
        }
    }

    /** Channel status as EVTCHNOP_status reports it ({@code EVTCHNSTAT_*} in event_channel.h). */
    public enum Status {
        CLOSED(0, "EVTCHNSTAT_closed"),
        UNBOUND(1, "EVTCHNSTAT_unbound"),
        INTERDOMAIN(2, "EVTCHNSTAT_interdomain"),
        PIRQ(3, "EVTCHNSTAT_pirq"),
        VIRQ(4, "EVTCHNSTAT_virq"),
        IPI(5, "EVTCHNSTAT_ipi");

        private final int number;
        private final String cName;

        Status(int number, String cName) {
            this.number = number;
            this.cName = cName;
        }

        public int number() {
            return number;
        }

        /** The macro in event_channel.h. */
        public String cName() {
            return cName;
        }

        public static Optional<Status> byNumber(long number) {
            for (Status status : values()) {
                if (status.number == number) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The hypervisor's own channel states ({@code ECS_*} in Xen's private
     * {@code xen/include/xen/sched.h}), the numbers the {@code 'e'} debug key prints.
     * <p>
     * They are NOT part of the public headers, so no test can compile them against
     * libxen-dev (they appear in {@link AbiFacts} with a null C expression). The numbering
     * is Xen's since ECS_RESERVED was added (very early Xen had no RESERVED and numbered
     * unbound 1, interdomain 2, ...). Note the shift against {@link Status}: internal
     * UNBOUND is 2 while EVTCHNOP_status reports unbound as 1.
     */
    public enum InternalState {
        FREE(0, "ECS_FREE", Status.CLOSED),
        RESERVED(1, "ECS_RESERVED", Status.CLOSED),
        UNBOUND(2, "ECS_UNBOUND", Status.UNBOUND),
        INTERDOMAIN(3, "ECS_INTERDOMAIN", Status.INTERDOMAIN),
        PIRQ(4, "ECS_PIRQ", Status.PIRQ),
        VIRQ(5, "ECS_VIRQ", Status.VIRQ),
        IPI(6, "ECS_IPI", Status.IPI);

        private final int number;
        private final String macroName;
        private final Status publicStatus;

        InternalState(int number, String macroName, Status publicStatus) {
            this.number = number;
            this.macroName = macroName;
            this.publicStatus = publicStatus;
        }

        public int number() {
            return number;
        }

        /** The macro in Xen's private sched.h (not in any public header). */
        public String macroName() {
            return macroName;
        }

        /** What EVTCHNOP_status reports for a channel in this state (free and reserved read as closed). */
        public Status publicStatus() {
            return publicStatus;
        }

        public static Optional<InternalState> byNumber(long number) {
            for (InternalState state : values()) {
                if (state.number == number) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }
}
