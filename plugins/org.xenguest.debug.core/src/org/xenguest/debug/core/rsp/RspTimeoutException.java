package org.xenguest.debug.core.rsp;

/** The stub did not answer within the bound (connect, ack or reply timeout). */
public class RspTimeoutException extends RspException {

    private static final long serialVersionUID = 1L;

    public RspTimeoutException(String message, HostPort target, String packet, Throwable cause) {
        super(message, target, packet, cause);
    }
}
