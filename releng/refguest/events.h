/*
 * 2-level event channels for the reference guest (see events.c).
 * Needs the shared_info page mapped and the IDT loaded.
 */
#ifndef REFGUEST_EVENTS_H
#define REFGUEST_EVENTS_H

#include <stdint.h>

/* Ports below this get their own handled-event counter. */
#define XG_TRACKED_PORTS 64

void xg_evtchn_mask(unsigned int port);
void xg_evtchn_unmask(unsigned int port);
/* The upcall demux, called from boot.S's xg_upcall_entry. */
void xg_evtchn_upcall(void);

/* Runs the event self-test on real Xen; returns the number of failures. */
int xg_events_test(uint32_t xen_cpuid_base);

#endif
