package org.xenguest.debug.core.probe;

import java.util.Objects;

import org.xenguest.abi.RingLayout;

/**
 * The attached domain ({@code qXenguest.Domain}): its listing plus where its shared_info is.
 *
 * @param domain          the domain's record
 * @param sharedInfoFrame xc_domain_getinfo's shared_info_frame: a GFN for PVH/HVM (chosen by
 *                        the guest with XENMEM_add_to_physmap; ordinary RAM before it does), an
 *                        MFN for PV
 * @param pages           the domain's pages (tot_pages)
 */
public record ProbeDomainInfo(ProbeDomain domain, long sharedInfoFrame, long pages) {

    public ProbeDomainInfo {
        Objects.requireNonNull(domain, "domain");
    }

    /** shared_info's guest-physical address (PVH/HVM): the frame times the page size. */
    public long sharedInfoAddress() {
        return sharedInfoFrame * RingLayout.PAGE_SIZE;
    }

    static ProbeDomainInfo from(ProbeReplies.Fields f) {
        return new ProbeDomainInfo(ProbeDomain.from(f), f.hex("shared_info"), f.hex("pages"));
    }
}
