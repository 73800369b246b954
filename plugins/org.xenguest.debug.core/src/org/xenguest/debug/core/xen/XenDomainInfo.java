package org.xenguest.debug.core.xen;

import java.util.Objects;
import java.util.OptionalLong;

import org.xenguest.abi.RingLayout;

/**
 * A domain's listing plus where its shared_info is (the probe's {@code qXenguest.Domain}).
 *
 * @param domain          the domain's record
 * @param sharedInfoFrame xc_domain_getinfo's shared_info_frame: a GFN for PVH/HVM (chosen by
 *                        the guest with XENMEM_add_to_physmap), an MFN for PV; empty while a
 *                        PVH/HVM guest has not placed it (Xen reports an invalid frame)
 * @param pages           the domain's pages (tot_pages)
 */
public record XenDomainInfo(XenDomain domain, OptionalLong sharedInfoFrame, long pages) {

    public XenDomainInfo {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(sharedInfoFrame, "sharedInfoFrame");
    }

    /** shared_info's guest-physical address (PVH/HVM): the frame times the page size; empty before the guest placed it. */
    public OptionalLong sharedInfoAddress() {
        return sharedInfoFrame.isPresent() ? OptionalLong.of(sharedInfoFrame.getAsLong() * RingLayout.PAGE_SIZE)
                : OptionalLong.empty();
    }
}
