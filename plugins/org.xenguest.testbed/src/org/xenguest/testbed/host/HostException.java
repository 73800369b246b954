package org.xenguest.testbed.host;

import java.util.List;

/**
 * A Xen host that cannot be had or did not come up, with what to do about it.
 *
 * <p>{@link #missing} means something must be installed or fetched first (the CLI exits 3);
 * otherwise the host failed (exit 1), and {@link #consoleTail()} holds the last console lines.
 */
public final class HostException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean missing;
    private final List<String> consoleTail;

    private HostException(String message, boolean missing, List<String> consoleTail) {
        super(message);
        this.missing = missing;
        this.consoleTail = List.copyOf(consoleTail);
    }

    /** Something the host needs is not here; the message says the command that gets it. */
    public static HostException missing(String message) {
        return new HostException(message, true, List.of());
    }

    public static HostException failed(String message, List<String> consoleTail) {
        return new HostException(message, false, consoleTail);
    }

    public static HostException failed(String message) {
        return failed(message, List.of());
    }

    public boolean missing() {
        return missing;
    }

    public List<String> consoleTail() {
        return consoleTail;
    }
}
