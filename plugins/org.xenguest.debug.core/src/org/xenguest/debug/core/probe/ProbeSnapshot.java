package org.xenguest.debug.core.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenDomainInfo;

/**
 * What one {@code qXenguest.Snapshot} answered: the attached domain, its vCPUs and bound ports as
 * Xen reports them, and the guest-physical ranges asked for, all read at one moment.
 *
 * @param domain the domain's record with its shared_info frame
 * @param vcpus  every vCPU
 * @param ports  every port that is not free
 * @param memory the bytes of each range asked for that the probe could map (a range it could
 *               not is missing: read it on its own to learn why)
 */
public record ProbeSnapshot(XenDomainInfo domain, List<VcpuState> vcpus, List<PortBinding> ports,
        Map<Range, byte[]> memory) {

    /** A range of guest-physical memory: {@code length} bytes from {@code address}. */
    public record Range(long address, int length) {

        public Range {
            if (length <= 0) {
                throw new IllegalArgumentException("a range's length must be positive, was " + length);
            }
        }

        /** True when {@code [address, address + length)} lies inside this range. */
        public boolean covers(long from, int bytes) {
            return from >= address && bytes >= 0 && from - address <= length - bytes;
        }
    }

    public ProbeSnapshot {
        Objects.requireNonNull(domain, "domain");
        vcpus = List.copyOf(vcpus);
        ports = List.copyOf(ports);
        memory = Collections.unmodifiableMap(new LinkedHashMap<>(memory));
    }
}
