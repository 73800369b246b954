package org.xenguest.debug.core.xen;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Xen's own view of a domain at one moment, as the probe reported it next to a snapshot of the
 * guest's memory: the domain, each bound port's binding and each vCPU's state.
 */
public record XenView(Instant at, XenDomainInfo domain, List<PortBinding> ports, List<VcpuState> vcpus) {

    public XenView {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(domain, "domain");
        ports = List.copyOf(ports);
        vcpus = List.copyOf(vcpus);
    }
}
