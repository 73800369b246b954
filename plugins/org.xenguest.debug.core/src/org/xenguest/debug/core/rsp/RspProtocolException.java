package org.xenguest.debug.core.rsp;

/** The stub sent something that is not valid RSP, or not the reply the request calls for (corrupt checksum after the retries, oversized or truncated packet, garbage, non-hex memory). */
public class RspProtocolException extends RspException {

    private static final long serialVersionUID = 1L;

    public RspProtocolException(String message, HostPort target, String packet, Throwable cause) {
        super(message, target, packet, cause);
    }
}
