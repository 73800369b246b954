package org.xenguest.debug.core.probe;

import java.util.OptionalInt;

/**
 * The probe about itself ({@code qXenguest.Status}).
 *
 * @param version  the protocol version
 * @param xen      {@code xen} for the real probe, {@code fake} for the test build that serves a
 *                 scripted host
 * @param attached the domain this connection is attached to
 * @param pauses   how many times a client's {@code g} paused a domain
 */
public record ProbeStatus(int version, String xen, OptionalInt attached, long pauses) {

    /** True for {@code xenguest-probe-fake}: its answers are a script, not a Xen host. */
    public boolean isFake() {
        return "fake".equals(xen);
    }

    static ProbeStatus from(ProbeReplies.Fields f) {
        String attached = f.text("attached");
        return new ProbeStatus(f.hexInt("version"), f.text("xen"),
                attached.equals("none") ? OptionalInt.empty() : OptionalInt.of(f.hexInt("attached")), f.hex("pauses"));
    }
}
