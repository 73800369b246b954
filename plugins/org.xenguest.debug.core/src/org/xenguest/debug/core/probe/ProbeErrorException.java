package org.xenguest.debug.core.probe;

import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspErrorReplyException;

/** The probe refused a request with an {@code E.} reply; {@link #kind()} tells the common cases apart. */
public final class ProbeErrorException extends RspErrorReplyException {

    private static final long serialVersionUID = 1L;

    /** What the refusal means for the caller. */
    public enum Kind {
        /** Another client holds the domain (one client per domain), or the probe has no room for one more. */
        BUSY,
        /** The probe serves only the user who started it, and this client is another user's. */
        DENIED,
        /** The domain was destroyed or is dying; the probe has detached this client from it. */
        DOMAIN_GONE,
        /** No such domain. */
        NO_DOMAIN,
        /** The request needs vAttach first. */
        NOT_ATTACHED,
        /** Anything else: the message says what. */
        OTHER
    }

    private final Kind kind;

    public ProbeErrorException(String message, HostPort target, String packet, String reply) {
        super(message, target, packet, reply);
        this.kind = classify(reply);
    }

    public Kind kind() {
        return kind;
    }

    static Kind classify(String reply) {
        if (reply.startsWith("E.busy")) {
            return Kind.BUSY;
        }
        if (reply.startsWith("E.denied")) {
            return Kind.DENIED;
        }
        if (reply.startsWith("E.not attached")) {
            return Kind.NOT_ATTACHED;
        }
        if (reply.startsWith("E.no domain")) {
            return Kind.NO_DOMAIN;
        }
        if (reply.contains(" is gone") || reply.contains(" is dying")) {
            return Kind.DOMAIN_GONE;
        }
        return Kind.OTHER;
    }
}
