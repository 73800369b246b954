package org.xenguest.debug.core.view;

import java.util.Optional;

import org.xenguest.abi.Virq;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * Xen's binding of one port (EVTCHNOP_status through the dom0 probe) in the words the Event
 * Channels view's list and hover use, and where it disagrees with the guest's model. No UI: the
 * view only lays the text out.
 */
public final class XenPortText {

    /** What the list shows in Xen's columns when the source has no Xen view (the serial stub, a recording without it). */
    public static final String NOT_REPORTED = "Xen's view: not reported by this source";

    private XenPortText() {
    }

    /** Xen's binding of {@code port} in {@code snapshot}, when its source reports Xen's view and Xen has the port bound. */
    public static Optional<PortBinding> binding(Snapshot snapshot, int port) {
        return snapshot.xen().flatMap(view -> view.ports().stream().filter(b -> b.port() == port).findFirst());
    }

    /** {@code d0:37}, {@code d0} (unbound: the domain allowed to bind), {@code timer}, {@code pirq 5}, or empty. */
    public static String remote(PortBinding binding) {
        if (binding.virq().isPresent()) {
            return binding.virqKind().map(Virq::dslName).orElse("virq " + binding.virq().getAsInt());
        }
        if (binding.pirq().isPresent()) {
            return "pirq " + binding.pirq().getAsInt();
        }
        if (binding.remoteDomain().isPresent()) {
            return "d" + binding.remoteDomain().getAsInt()
                    + (binding.remotePort().isPresent() ? ":" + binding.remotePort().getAsInt() : "");
        }
        return "";
    }

    /**
     * The list's Xen columns for {@code port}: state, the vCPU Xen notifies, remote (or VIRQ);
     * blank columns when Xen has the port closed; empty when the source reports no Xen view.
     */
    public static String columns(Snapshot snapshot, int port) {
        if (snapshot.xen().isEmpty()) {
            return "";
        }
        return binding(snapshot, port).map(b -> String.format("%-11s %4d  %-12s", b.statusWord(), b.vcpu(), remote(b)))
                .orElse(String.format("%-11s %4s  %-12s", "closed", "", ""));
    }

    /** The header over {@link #columns}; empty without Xen's view. */
    public static String header(Snapshot snapshot) {
        return snapshot.xen().isEmpty() ? "" : String.format("%-11s %4s  %-12s", "xen state", "vcpu", "remote/virq");
    }

    /**
     * The hover's lines about Xen's view of {@code port}: e.g. {@code Xen: interdomain, notifies
     * vCPU 0, remote domain 0 port 37}, or {@link #NOT_REPORTED}.
     */
    public static String hover(Snapshot snapshot, int port) {
        if (snapshot.xen().isEmpty()) {
            return NOT_REPORTED;
        }
        Optional<PortBinding> found = binding(snapshot, port);
        if (found.isEmpty()) {
            return "Xen: closed (not bound)";
        }
        PortBinding b = found.get();
        StringBuilder text = new StringBuilder("Xen: ").append(b.statusWord()).append(", notifies vCPU ").append(b.vcpu());
        b.remoteDomain().ifPresent(d -> text.append(b.remotePort().isPresent() ? ", remote domain " : ", domain ")
                .append(d).append(b.remotePort().isPresent() ? "" : " may bind it"));
        b.remotePort().ifPresent(p -> text.append(" port ").append(p));
        b.virq().ifPresent(v -> text.append(", VIRQ ").append(b.virqKind().map(Virq::dslName).orElse("")).append(" (")
                .append(v).append(')'));
        b.pirq().ifPresent(p -> text.append(", PIRQ ").append(p));
        disagreement(snapshot, port).ifPresent(d -> text.append("\n\u2260 ").append(d));
        return text.toString();
    }

    /**
     * Where Xen and the guest's model disagree on {@code port}: today the vCPU it notifies
     * (the model names the port, Xen has it bound to another vCPU), or a port the model names
     * that Xen has closed. Empty when they agree, or when either side says nothing.
     */
    public static Optional<String> disagreement(Snapshot snapshot, int port) {
        if (snapshot.xen().isEmpty()) {
            return Optional.empty();
        }
        Optional<GuestDescriptor.Port> declared = snapshot.descriptor().port(port);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        Optional<PortBinding> bound = binding(snapshot, port);
        if (bound.isEmpty()) {
            return Optional.of("the guest's model names it, Xen has it closed");
        }
        if (bound.get().vcpu() != declared.get().vcpu()) {
            return Optional.of("vCPU: the guest's model says " + declared.get().vcpu() + ", Xen notifies "
                    + bound.get().vcpu());
        }
        return Optional.empty();
    }
}
