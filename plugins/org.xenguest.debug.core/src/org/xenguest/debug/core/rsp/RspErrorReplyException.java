package org.xenguest.debug.core.rsp;

/**
 * The stub answered a request with a well-formed error reply ({@code E NN} or {@code E.text}),
 * e.g. a memory read of an address the target cannot access. The connection stays usable.
 */
public class RspErrorReplyException extends RspException {

    private static final long serialVersionUID = 1L;

    private final String reply;

    public RspErrorReplyException(String message, HostPort target, String packet, String reply) {
        super(message, target, packet, null);
        this.reply = reply;
    }

    /** The error reply as sent, e.g. {@code E14}. */
    public String reply() {
        return reply;
    }
}
