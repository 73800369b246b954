package org.xenguest.debug.core.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * What a Xen core file ({@code xl dump-core}) tells beyond the guest's memory, kept with the one
 * snapshot decoded from it: where it came from and each vCPU's registers at the dump. A core has
 * no event-channel bindings and no run state (blocked or running): those only the live probe knows.
 *
 * @param file                 the core file's name
 * @param xenVersion           the hypervisor's version the core names, e.g. {@code 4.17.5}; may be empty
 * @param autoTranslated       true for a PVH/HVM domain (frames by guest-physical pfn), false for PV
 * @param frames               how many frames the core holds
 * @param sharedInfoFrameFound true when a frame of the core equals its shared_info page (so the
 *                             snapshot's shared_info address is the guest's own)
 * @param vcpus                the vCPUs' contexts
 */
public record CoreView(String file, String xenVersion, boolean autoTranslated, long frames,
        boolean sharedInfoFrameFound, List<Vcpu> vcpus) {

    /** One vCPU's context at the dump (XEN_DOMCTL_getvcpucontext). */
    public record Vcpu(int vcpu, boolean online, boolean interruptsEnabled, long rip, long rsp, long cr3) {
    }

    public CoreView {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(xenVersion, "xenVersion");
        vcpus = List.copyOf(vcpus);
    }

    /** PVH/HVM or PV, for people. */
    public String typeWord() {
        return autoTranslated ? "pvh/hvm" : "pv";
    }
}
