package org.xenguest.debug.core.snapshot;

/**
 * One event-channel port as Xen's {@code 'e'} debug key shows it: {@code [p/m/s]}.
 *
 * @param port     port number
 * @param pending  its bit in evtchn_pending
 * @param masked   its bit in evtchn_mask
 * @param selector the bit of its word in the notify vCPU's evtchn_pending_sel
 * @param vcpu     the vCPU it notifies (from the guest descriptor, else 0)
 * @param name     its name from the guest descriptor, or null
 */
public record PortState(int port, boolean pending, boolean masked, boolean selector, int vcpu, String name) {

    /** {@code [1/0/1]} */
    public String flags() {
        return "[" + bit(pending) + "/" + bit(masked) + "/" + bit(selector) + "]";
    }

    private static char bit(boolean value) {
        return value ? '1' : '0';
    }
}
