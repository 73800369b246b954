/*
 * The debug tick: the local APIC timer (which Xen emulates for a PVH
 * guest) interrupting periodically to poll the debug stub, so that the
 * stub answers whatever the guest's own code is doing, hung included.
 * It is invisible to that code: it uses no event channel, and when it
 * interrupts the halt at a registered site it resumes the halt.
 */
#ifndef REFGUEST_TICK_H
#define REFGUEST_TICK_H

#include <stdint.h>

#define XG_TICK_VECTOR 0xf0

/* Starts the tick at about hz per second, calling poll from its handler. */
void xg_tick_start(unsigned int hz, void (*poll)(void));
/* The address right after a hlt: a tick that interrupted it halts again. */
void xg_tick_resume_halt_at(const void *after_hlt);
/* Ticks so far. */
uint64_t xg_tick_count(void);
void xg_tick(uint64_t *frame);   /* boot.S */

#endif
