package org.xenguest.debug.core.rsp;

import java.io.IOException;

/**
 * A failed exchange with a GDB remote stub. The message says what went wrong, with which stub
 * ({@link #target()}) and during which packet ({@link #packet()}), and what to do.
 * <p>
 * Subclasses tell the kinds apart: {@link RspTimeoutException} (the stub stalled),
 * {@link RspConnectionException} (could not connect, or the stub closed the connection),
 * {@link RspProtocolException} (the stub answered something that is not valid RSP, or not what
 * the request calls for) and {@link RspErrorReplyException} (a well-formed {@code E NN} reply).
 * After any of them but the last, the client has dropped its connection: the next call
 * reconnects, so a late reply can never be taken for the answer to a later request.
 */
public class RspException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient HostPort target;
    private final String packet;

    public RspException(String message, HostPort target, String packet, Throwable cause) {
        super(message, cause);
        this.target = target;
        this.packet = packet;
    }

    /** The stub the client talked to. */
    public HostPort target() {
        return target;
    }

    /** The request packet being exchanged (without framing), or null while connecting. */
    public String packet() {
        return packet;
    }
}
