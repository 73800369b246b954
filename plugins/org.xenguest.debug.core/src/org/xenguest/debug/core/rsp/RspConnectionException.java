package org.xenguest.debug.core.rsp;

/** The stub could not be reached, or it closed or reset the connection. */
public class RspConnectionException extends RspException {

    private static final long serialVersionUID = 1L;

    public RspConnectionException(String message, HostPort target, String packet, Throwable cause) {
        super(message, target, packet, cause);
    }
}
