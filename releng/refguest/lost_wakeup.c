/*
 * The lost-wakeup variant (see lost_wakeup.h).  Like many small kernels, it
 * acknowledges the upcall in the interrupt handler (clearing
 * evtchn_upcall_pending, which Xen would otherwise re-inject for ever) and
 * handles the ports later, in thread context.  Its two mistakes, both seen in
 * a real PVH unikernel:
 *
 *  1. wl_unmask() tests the mask bit where it should test the pending bit,
 *     so an event that arrived while the port was masked is never re-raised
 *     (EVTCHNOP_unmask is never called): it stays [1/0/0] until something
 *     else makes the guest look at that word.
 *  2. wl_block() checks for work and then halts with interrupts on.  An
 *     upcall that comes between the check and the hlt (the timer it has just
 *     set, say) is acknowledged by the handler and then slept through: its
 *     port stays pending with its selector bit set, so Xen raises no further
 *     upcall for any port of that word.  The vCPU sleeps with its ports at
 *     [1/0/1]: a lost wake-up, and the guest hangs.
 *
 * The generated code makes both impossible (rules 1 and 4 of xen-facts.md).
 */
#include "lost_wakeup.h"
#include "hypercall.h"

static volatile int events_waiting;

static struct vcpu_info *vcpu0(void)
{
    return &refguest_shared_info()->vcpu_info[0];
}

void wl_upcall(void)
{
    __atomic_store_n(&vcpu0()->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    events_waiting = 1;
    xg_plat_lapic_eoi();        /* the vector came through the local APIC (HVMOP_set_evtchn_upcall_vector) */
}

void wl_poll(void)
{
    if (!events_waiting)
        return;
    events_waiting = 0;
    unsigned long flags = xg_plat_irq_save();
    refguest_evtchn_upcall();   /* the generated demux, correct in itself */
    xg_plat_irq_restore(flags);
}

void wl_unmask(evtchn_port_t port)
{
    struct shared_info *s = refguest_shared_info();
    xen_ulong_t bit = (xen_ulong_t)1 << (port % 64);
    __atomic_and_fetch(&s->evtchn_mask[port / 64], ~bit, __ATOMIC_SEQ_CST);
    /* Mistake 1: the mask bit (just cleared, so never set) instead of the pending bit. */
    if (__atomic_load_n(&s->evtchn_mask[port / 64], __ATOMIC_SEQ_CST) & bit) {
        struct evtchn_unmask u = { .port = port };
        HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
    }
}

__attribute__((noinline)) void wl_block(uint64_t deadline_ns)
{
    if (events_waiting)
        return;
    /* Mistake 2: interrupts are on from the check above to the hlt below. */
    HYPERVISOR_set_timer_op(deadline_ns);
    __asm__ volatile("hlt\n\t"
                     ".globl wl_after_hlt\n"
                     "wl_after_hlt:" ::: "memory");
}
