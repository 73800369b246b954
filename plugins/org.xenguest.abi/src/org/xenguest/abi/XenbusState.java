package org.xenguest.abi;

import java.util.Optional;

/**
 * States of a PV device's front or back end, written as a decimal number to the
 * {@code state} node in xenstore ({@code enum xenbus_state} in {@code xen/io/xenbus.h}).
 */
public enum XenbusState {
    UNKNOWN(0, "Unknown"),
    INITIALISING(1, "Initialising"),
    /** Early set-up done; waiting for the peer or hotplug scripts. */
    INIT_WAIT(2, "InitWait"),
    /** Waiting for a connection from the peer. */
    INITIALISED(3, "Initialised"),
    CONNECTED(4, "Connected"),
    /** Being closed after an error or an unplug. */
    CLOSING(5, "Closing"),
    CLOSED(6, "Closed"),
    RECONFIGURING(7, "Reconfiguring"),
    RECONFIGURED(8, "Reconfigured");

    private final int number;
    private final String label;

    XenbusState(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** The name as Xen spells it after the prefix, e.g. {@code InitWait}. */
    public String label() {
        return label;
    }

    /** The enumerator in xenbus.h, e.g. {@code XenbusStateInitWait}. */
    public String cName() {
        return "XenbusState" + label;
    }

    /** The text written to a xenstore {@code state} node, e.g. {@code "4"}. */
    public String xenstoreValue() {
        return Integer.toString(number);
    }

    public static Optional<XenbusState> byNumber(long number) {
        for (XenbusState state : values()) {
            if (state.number == number) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses the value of a xenstore {@code state} node: a decimal number, surrounding
     * white space and a trailing NUL ignored. Empty for anything else (a missing node or junk).
     */
    public static Optional<XenbusState> parse(String xenstoreValue) {
        if (xenstoreValue == null) {
            return Optional.empty();
        }
        String text = xenstoreValue.replace("\0", "").strip();
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return byNumber(Integer.parseInt(text));
    }
}
