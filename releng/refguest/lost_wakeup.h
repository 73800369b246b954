/*
 * The lost-wakeup variant (make VARIANT=lost-wakeup): the event handling of
 * the guest that motivated Xen Guest Studio, with its two mistakes, in place
 * of the generated unmask and block.  It hangs on real Xen.
 */
#ifndef REFGUEST_LOST_WAKEUP_H
#define REFGUEST_LOST_WAKEUP_H

#include "refguest_guest.h"

/* The upcall vector's handler: acknowledges and defers the work to wl_poll(). */
void wl_upcall(void);
/* Handles what the upcall deferred (the generated demux, in thread context). */
void wl_poll(void);
/* Unmask testing the mask bit instead of the pending bit. */
void wl_unmask(evtchn_port_t port);
/* Block: check for work, then set the timer and hlt, interrupts on throughout. */
void wl_block(uint64_t deadline_ns);
/* The address right after wl_block's hlt (for the debug tick). */
extern char wl_after_hlt[];

#endif
