package org.xenguest.debug.core.probe;

import java.util.Objects;
import java.util.OptionalLong;

import org.xenguest.abi.RingLayout;

/**
 * The attached domain ({@code qXenguest.Domain}): its listing plus where its shared_info is.
 *
 * @param domain          the domain's record
 * @param sharedInfoFrame xc_domain_getinfo's shared_info_frame: a GFN for PVH/HVM (chosen by
 *                        the guest with XENMEM_add_to_physmap), an MFN for PV; empty while a
 *                        PVH/HVM guest has not placed it (Xen reports an invalid frame)
 * @param pages           the domain's pages (tot_pages)
 */
public record ProbeDomainInfo(ProbeDomain domain, OptionalLong sharedInfoFrame, long pages) {

    public ProbeDomainInfo {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(sharedInfoFrame, "sharedInfoFrame");
    }

    /** shared_info's guest-physical address (PVH/HVM): the frame times the page size; empty before the guest placed it. */
    public OptionalLong sharedInfoAddress() {
        return sharedInfoFrame.isPresent() ? OptionalLong.of(sharedInfoFrame.getAsLong() * RingLayout.PAGE_SIZE)
                : OptionalLong.empty();
    }

    static ProbeDomainInfo from(ProbeReplies.Fields f) {
        String frame = f.text("shared_info");
        return new ProbeDomainInfo(ProbeDomain.from(f),
                frame.equals("none") ? OptionalLong.empty() : OptionalLong.of(f.hex("shared_info")), f.hex("pages"));
    }
}
