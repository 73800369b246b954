package org.xenguest.debug.core.rsp;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds an {@link RspClient} keeps. Every wait of the client is covered by one of the
 * durations here, so no call can block longer than {@code connectTimeout} (connecting) or
 * {@code replyTimeout} (one request and its reply, including acknowledgements and retries).
 * Connecting takes at most {@code connectTimeout} plus two {@code replyTimeout}s (qSupported
 * and QStartNoAckMode).
 *
 * @param connectTimeout   the TCP connect
 * @param replyTimeout     one whole exchange: sending, the stub's ack, and the complete reply
 * @param maxRetries       retransmissions after a '-' (NAK) or a corrupt packet, in ack mode
 * @param maxPacketBytes   the longest reply accepted before the packet counts as oversized
 *                         (on the wire, before run-length expansion)
 * @param maxJunkBytes     bytes that are not a packet start tolerated before a reply
 * @param maxReadChunk     upper bound for one {@code m}/{@code x} read, also capped by the
 *                         stub's PacketSize
 * @param preferNoAck      switch to no-ack mode when the stub offers QStartNoAckMode
 * @param preferBinary     use {@code x} binary reads when the stub offers binary-upload
 * @param preferRangeReads read many ranges in one {@code qXenguest.Read} when the stub offers it
 */
public record RspOptions(Duration connectTimeout, Duration replyTimeout, int maxRetries, int maxPacketBytes,
        int maxJunkBytes, int maxReadChunk, boolean preferNoAck, boolean preferBinary, boolean preferRangeReads) {

    /** PacketSize assumed when the stub does not say (gdb's own conservative default is similar). */
    public static final int DEFAULT_PACKET_SIZE = 1024;

    public RspOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("replyTimeout", replyTimeout);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        if (maxPacketBytes < 64) {
            throw new IllegalArgumentException("maxPacketBytes must be at least 64, was " + maxPacketBytes);
        }
        if (maxJunkBytes < 0) {
            throw new IllegalArgumentException("maxJunkBytes must not be negative, was " + maxJunkBytes);
        }
        if (maxReadChunk < 1) {
            throw new IllegalArgumentException("maxReadChunk must be positive, was " + maxReadChunk);
        }
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
    }

    /** 2 s to connect, 2 s per exchange, 3 retries, 256 KiB packets, 8 KiB reads, every offered speed-up. */
    public static RspOptions defaults() {
        return new RspOptions(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, 256 * 1024, 64 * 1024, 8192, true,
                true, true);
    }

    public RspOptions withConnectTimeout(Duration value) {
        return new RspOptions(value, replyTimeout, maxRetries, maxPacketBytes, maxJunkBytes, maxReadChunk, preferNoAck,
                preferBinary, preferRangeReads);
    }

    public RspOptions withReplyTimeout(Duration value) {
        return new RspOptions(connectTimeout, value, maxRetries, maxPacketBytes, maxJunkBytes, maxReadChunk, preferNoAck,
                preferBinary, preferRangeReads);
    }

    public RspOptions withMaxRetries(int value) {
        return new RspOptions(connectTimeout, replyTimeout, value, maxPacketBytes, maxJunkBytes, maxReadChunk, preferNoAck,
                preferBinary, preferRangeReads);
    }

    public RspOptions withMaxPacketBytes(int value) {
        return new RspOptions(connectTimeout, replyTimeout, maxRetries, value, maxJunkBytes, maxReadChunk, preferNoAck,
                preferBinary, preferRangeReads);
    }

    public RspOptions withMaxJunkBytes(int value) {
        return new RspOptions(connectTimeout, replyTimeout, maxRetries, maxPacketBytes, value, maxReadChunk, preferNoAck,
                preferBinary, preferRangeReads);
    }

    public RspOptions withMaxReadChunk(int value) {
        return new RspOptions(connectTimeout, replyTimeout, maxRetries, maxPacketBytes, maxJunkBytes, value, preferNoAck,
                preferBinary, preferRangeReads);
    }

    public RspOptions withPreferNoAck(boolean value) {
        return new RspOptions(connectTimeout, replyTimeout, maxRetries, maxPacketBytes, maxJunkBytes, maxReadChunk, value,
                preferBinary, preferRangeReads);
    }

    public RspOptions withPreferRangeReads(boolean value) {
        return new RspOptions(connectTimeout, replyTimeout, maxRetries, maxPacketBytes, maxJunkBytes, maxReadChunk,
                preferNoAck, preferBinary, value);
    }

    public RspOptions withPreferBinary(boolean value) {
        return new RspOptions(connectTimeout, replyTimeout, maxRetries, maxPacketBytes, maxJunkBytes, maxReadChunk,
                preferNoAck, value, preferRangeReads);
    }
}
