/*
 * A FAKE Xen host behind the seam: scripted domains, memory, ports, vCPUs, grant table and
 * xenstore. It is not Xen; it lets the protocol core be tested (unit tests, the fuzz harness,
 * the Java client's tests through the `xenguest-probe-fake` binary) on a machine without Xen.
 *
 * The scripted host:
 *   dom 0 "Domain-0"  PV,  1 vCPU, running
 *   dom 5 "guest"     PVH, 2 vCPUs (vCPU 0 blocked with IF=1 and vector f3 in IRR and ISR;
 *                     vCPU 1 running), 1 MiB of RAM (gfns 0..ff), shared_info at gfn 80,
 *                     ports 1 xenstore (interdomain to 0:a), 2 console (interdomain to 0:b),
 *                     3 virq timer on vCPU 0, 4 unbound for dom 0, 5 ipi on vCPU 1, 6 closed,
 *                     7 interdomain to 0:c (vif), valid ports 0..3f; grant table v1 of
 *                     1 frame (4 max); xenstore device vif/0 and its backend in dom 0
 *   dom 7 "doomed"    PVH, 1 vCPU, shared_info not placed yet (INVALID_GFN): dies (gone)
 *                     after `doomed_calls` seam calls that name it
 */
#ifndef PROBE_FAKE_H
#define PROBE_FAKE_H

#include <stdint.h>

#include "probe_seam.h"

struct probe_fake {
    struct probe_xen_ops ops;
    long doomed_calls;      /* calls naming dom 7 before it is gone; < 0: never dies */
    long guest_calls;       /* calls naming dom 5 before it is gone; < 0: never dies */
    uint64_t clock_ms;      /* advanced by 1 ms on every now_ms call */
    long outstanding_maps;  /* pages and grant frames mapped and not yet unmapped */
    long evtchn_calls;      /* EVTCHNOP_status asked (the Snapshot's port memo saves them) */
    long pauses;
    long unpauses;
    int fail_maps;          /* when nonzero every map fails with -ENOMEM */
};

/* Fills in a fake host as described above. */
void probe_fake_init(struct probe_fake *fake);

/* The byte the fake's RAM of dom 5 holds at guest-physical address addr (outside shared_info). */
uint8_t probe_fake_ram_byte(uint64_t addr);

#define PROBE_FAKE_GUEST 5u
#define PROBE_FAKE_DOOMED 7u
#define PROBE_FAKE_SHARED_INFO_GFN 0x80u
#define PROBE_FAKE_RAM_PAGES 0x100u
/* The xenstore ring: one of the special pages below 4 GiB that Xen maps for a PVH domU. */
#define PROBE_FAKE_STORE_GFN 0xfeffcu

#endif
