package org.xenguest.debug.core.probe;

/** The probe answered with something that does not follow docs/probe-protocol.md. */
public final class ProbeReplyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ProbeReplyException(String message) {
        super(message);
    }
}
