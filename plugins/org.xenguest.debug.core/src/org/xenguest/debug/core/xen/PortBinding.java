package org.xenguest.debug.core.xen;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.Virq;

/**
 * What Xen says of one event-channel port (EVTCHNOP_status through {@code qXenguest.Ports}).
 *
 * @param port         the port
 * @param status       unbound, interdomain, pirq, virq or ipi (closed ports are not listed)
 * @param vcpu         the vCPU Xen notifies
 * @param remoteDomain unbound: the domain allowed to bind; interdomain: the peer
 * @param remotePort   interdomain: the peer's port
 * @param virq         virq: the VIRQ number
 * @param pirq         pirq: the PIRQ
 */
public record PortBinding(int port, EventChannels.Status status, int vcpu, OptionalInt remoteDomain,
        OptionalInt remotePort, OptionalInt virq, OptionalInt pirq) {

    public PortBinding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(remoteDomain, "remoteDomain");
        Objects.requireNonNull(remotePort, "remotePort");
        Objects.requireNonNull(virq, "virq");
        Objects.requireNonNull(pirq, "pirq");
    }

    /** The VIRQ by name, when the port is bound to one Xen's headers name. */
    public Optional<Virq> virqKind() {
        return virq.isPresent() ? Virq.byNumber(virq.getAsInt()) : Optional.empty();
    }

    /** {@code unbound}, {@code interdomain}, ... as the probe and the snapshot JSON say it. */
    public String statusWord() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(port).append(' ').append(statusWord()).append(" vcpu ").append(vcpu);
        remoteDomain.ifPresent(d -> b.append(" remote ").append(d));
        remotePort.ifPresent(p -> b.append(':').append(p));
        virq.ifPresent(v -> b.append(" virq ").append(virqKind().map(Virq::dslName).orElse(Integer.toString(v))));
        pirq.ifPresent(p -> b.append(" pirq ").append(p));
        return b.toString();
    }
}
