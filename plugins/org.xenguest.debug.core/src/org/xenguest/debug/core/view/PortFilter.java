package org.xenguest.debug.core.view;

import org.xenguest.debug.core.snapshot.PortState;

/**
 * Which ports the Event Channels view shows; each switched on narrows the set (they combine
 * with "and"). Ports left out are drawn dimmed in the grid and omitted from the list.
 */
public record PortFilter(boolean namedOnly, boolean activeOnly, boolean pendingOnly) {

    public static final PortFilter ALL = new PortFilter(false, false, false);

    public boolean accepts(PortState port) {
        return (!namedOnly || port.name() != null) && (!activeOnly || port.pending() || port.masked())
                && (!pendingOnly || port.pending());
    }

    public boolean isAll() {
        return !namedOnly && !activeOnly && !pendingOnly;
    }

    public PortFilter withNamedOnly(boolean on) {
        return new PortFilter(on, activeOnly, pendingOnly);
    }

    public PortFilter withActiveOnly(boolean on) {
        return new PortFilter(namedOnly, on, pendingOnly);
    }

    public PortFilter withPendingOnly(boolean on) {
        return new PortFilter(namedOnly, activeOnly, on);
    }
}
