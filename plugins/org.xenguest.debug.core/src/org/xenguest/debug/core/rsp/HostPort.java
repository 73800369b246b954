package org.xenguest.debug.core.rsp;

import java.util.Objects;

/**
 * Where a GDB remote stub listens: a host name or address and a TCP port.
 *
 * @param host a name, an IPv4 address or an IPv6 address (without brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host of a gdb stub address must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 1..65535, was " + port);
        }
    }

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (meaning the loopback
     * address: a stub is reached on loopback unless the user says otherwise).
     *
     * @throws IllegalArgumentException with a message that shows the expected form
     */
    public static HostPort parse(String text) {
        String hint = " (expected HOST:PORT, e.g. 127.0.0.1:1234)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no gdb stub address given" + hint);
        }
        String trimmed = text.strip();
        String host;
        String port;
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0 || close + 1 >= trimmed.length() || trimmed.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not a gdb stub address" + hint);
            }
            host = trimmed.substring(1, close);
            port = trimmed.substring(close + 2);
        } else {
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0 || trimmed.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not a gdb stub address" + hint);
            }
            host = colon == 0 ? "127.0.0.1" : trimmed.substring(0, colon);
            port = trimmed.substring(colon + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a TCP port number" + hint);
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("TCP port " + number + " in '" + text + "' is outside 1..65535");
        }
        return new HostPort(host, number);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
