package org.xenguest.debug.core.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xenguest.abi.RingLayout;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.XenDomain;

/**
 * A guest described from what Xen and xenstore know of it, for a domU with no model and no
 * ELF: each bound port named by its binding ({@code xenstore} and {@code console} from the HVM
 * params, {@code virq timer}, the device whose frontend wrote it into xenstore, e.g.
 * {@code vif/0 event-channel}, else its state), notifying the vCPU Xen says; the xenstore page
 * at STORE_PFN.
 */
public final class XenNames {
    /** {@code /local/domain/D/device/TYPE/N/event-channel[-tx|-rx]} */
    private static final Pattern FRONTEND_PORT = Pattern.compile("/local/domain/\\d+/device/([^/]+/[^/]+)/(event-channel(?:-tx|-rx)?)");

    private XenNames() {
    }

    public static GuestDescriptor describe(XenDomain domain, List<PortBinding> bindings, HvmParams params,
            List<XenstoreNode> nodes) {
        Map<Integer, String> fromXenstore = new HashMap<>();
        for (XenstoreNode node : nodes) {
            Matcher m = FRONTEND_PORT.matcher(node.path());
            if (m.matches()) {
                try {
                    fromXenstore.put(Integer.parseInt(node.value().strip()), m.group(1) + " " + m.group(2));
                } catch (NumberFormatException e) {
                    // a frontend that wrote garbage: the binding names the port instead
                }
            }
        }
        List<GuestDescriptor.Port> ports = new ArrayList<>();
        for (PortBinding binding : bindings) {
            String kind = binding.statusWord();
            String name;
            if (is(params.storeEvtchn(), binding.port())) {
                name = "xenstore";
                kind = "xenstore";
            } else if (is(params.consoleEvtchn(), binding.port())) {
                name = "console";
                kind = "console";
            } else if (fromXenstore.containsKey(binding.port())) {
                name = fromXenstore.get(binding.port());
            } else if (binding.virq().isPresent()) {
                name = "virq " + binding.virqKind().map(v -> v.dslName()).orElse(Integer.toString(binding.virq().getAsInt()));
            } else if (binding.remoteDomain().isPresent() && binding.remotePort().isPresent()) {
                int remote = binding.remoteDomain().getAsInt();
                name = (remote == domain.id() ? "self" : "dom" + remote) + ":" + binding.remotePort().getAsInt();
            } else {
                name = kind;
            }
            ports.add(new GuestDescriptor.Port(binding.port(), name, kind, null, binding.vcpu()));
        }
        GuestDescriptor.Xenstore xenstore = params.storePfn().isPresent() && params.storePfn().getAsLong() != 0
                ? new GuestDescriptor.Xenstore(params.storePfn().getAsLong() * RingLayout.PAGE_SIZE,
                        params.storeEvtchn().isPresent() ? (int) params.storeEvtchn().getAsLong() : null)
                : null;
        return new GuestDescriptor(domain.name(), null, Math.max(1, Math.min(domain.vcpus(),
                org.xenguest.abi.SharedInfoLayout.XEN_LEGACY_MAX_VCPUS)), ports, null, List.of(), xenstore, List.of());
    }

    private static boolean is(OptionalLong param, int port) {
        return param.isPresent() && param.getAsLong() == port;
    }
}
