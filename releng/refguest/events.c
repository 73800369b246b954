/*
 * 2-level event channels on real Xen, and a self-test of them:
 *   - the upcall (HVM_PARAM_CALLBACK_IRQ, type vector) and its demux,
 *     written by the rules of notes/xen-facts.md;
 *   - an interdomain pair bound to our own domain, sends both ways;
 *   - a send while the port is masked, then the unmask rule;
 *   - VIRQ_TIMER + set_timer_op + the race-free "sti; hlt" block.
 */
#include "events.h"
#include "arch.h"
#include "platform.h"
#include "traps.h"
#include <stdbool.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/vcpu.h>

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)
#define NSEC_PER_MSEC 1000000ull

/* What the handler saw, for main to report (read with interrupts off). */
static volatile unsigned long upcalls;          /* handler entries */
static volatile unsigned long handled[XG_TRACKED_PORTS];
static volatile unsigned long handled_other;    /* ports >= XG_TRACKED_PORTS */

/* ---- bit operations on shared_info (Xen writes it concurrently) ---- */

static bool test_bit(unsigned int port, const xen_ulong_t *words)
{
    xen_ulong_t w = __atomic_load_n(&words[port / BITS_PER_WORD], __ATOMIC_ACQUIRE);
    return (w >> (port % BITS_PER_WORD)) & 1;
}

static void set_bit(unsigned int port, xen_ulong_t *words)
{
    __atomic_fetch_or(&words[port / BITS_PER_WORD],
                      (xen_ulong_t)1 << (port % BITS_PER_WORD), __ATOMIC_SEQ_CST);
}

static bool test_and_clear_bit(unsigned int port, xen_ulong_t *words)
{
    xen_ulong_t bit = (xen_ulong_t)1 << (port % BITS_PER_WORD);
    return __atomic_fetch_and(&words[port / BITS_PER_WORD], ~bit,
                              __ATOMIC_SEQ_CST) & bit;
}

/* ---- the upcall ---- */

static void handle_port(unsigned int port)
{
    if (port < XG_TRACKED_PORTS)
        handled[port]++;
    else
        handled_other++;
}

/*
 * Called from xg_upcall_entry (boot.S) with interrupts off.
 * Rule 2: clear evtchn_upcall_pending BEFORE taking evtchn_pending_sel,
 * handle pending & ~mask of each selected word re-reading it every pass,
 * and loop while Xen set upcall_pending again.  No EOI: the vector type
 * callback does not go through the local APIC's ISR.
 */
void xg_evtchn_upcall(void)
{
    struct shared_info *s = xg_shared_info();
    struct vcpu_info *v = &s->vcpu_info[0];

    upcalls++;
    do {
        __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
        xen_ulong_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0,
                                              __ATOMIC_SEQ_CST);
        while (sel != 0) {
            unsigned int w = (unsigned int)__builtin_ctzl(sel);
            sel &= sel - 1;
            for (;;) {
                xen_ulong_t ready =
                    __atomic_load_n(&s->evtchn_pending[w], __ATOMIC_ACQUIRE) &
                    ~__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_ACQUIRE);
                if (ready == 0)
                    break;
                unsigned int port = w * BITS_PER_WORD +
                                    (unsigned int)__builtin_ctzl(ready);
                /* Clear before handling, so a new send is not lost. */
                if (test_and_clear_bit(port, s->evtchn_pending))
                    handle_port(port);
            }
        }
    } while (__atomic_load_n(&v->evtchn_upcall_pending, __ATOMIC_ACQUIRE));
}

/* ---- port operations ---- */

void xg_evtchn_mask(unsigned int port)
{
    set_bit(port, xg_shared_info()->evtchn_mask);
}

/*
 * Rule 1: test-and-clear the mask, THEN test pending.  If the port is
 * pending, Xen must be told (it raises the upcall for a pending port only
 * from EVTCHNOP_unmask, and only if the mask bit is set when it looks).
 */
void xg_evtchn_unmask(unsigned int port)
{
    struct shared_info *s = xg_shared_info();

    if (!test_and_clear_bit(port, s->evtchn_mask))
        return;                                 /* was not masked */
    if (test_bit(port, s->evtchn_pending)) {
        set_bit(port, s->evtchn_mask);
        struct evtchn_unmask op = { .port = port };
        HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
    }
}

static int send(unsigned int port)
{
    struct evtchn_send op = { .port = port };
    return (int)HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

static unsigned long handled_count(unsigned int port)
{
    xg_barrier();
    return port < XG_TRACKED_PORTS ? handled[port] : handled_other;
}

/* Enables interrupts and waits (bounded, busy) until the handler counted
 * `want` events on `port`; returns the wait in ns, or -1 on timeout. */
static int64_t wait_handled(unsigned int port, unsigned long want,
                            uint64_t timeout_ns)
{
    uint64_t t0 = xg_now_ns();
    xg_irq_enable();
    while (handled_count(port) < want) {
        if (xg_now_ns() - t0 > timeout_ns) {
            xg_irq_disable();
            return -1;
        }
        xg_cpu_relax();
    }
    xg_irq_disable();
    return (int64_t)(xg_now_ns() - t0);
}

static void show_port(const char *what, unsigned int port)
{
    struct shared_info *s = xg_shared_info();
    struct vcpu_info *v = &s->vcpu_info[0];
    unsigned int word = port / BITS_PER_WORD;

    xg_printf("refguest: %s: port %u [p/m/s] = [%d/%d/%d] upcall_pending=%u\n",
              what, port, test_bit(port, s->evtchn_pending),
              test_bit(port, s->evtchn_mask),
              (int)((__atomic_load_n(&v->evtchn_pending_sel, __ATOMIC_ACQUIRE) >> word) & 1),
              (unsigned int)__atomic_load_n(&v->evtchn_upcall_pending, __ATOMIC_ACQUIRE));
}

/* ---- the self-test ---- */

int xg_events_test(uint32_t xen_cpuid_base)
{
    struct shared_info *s = xg_shared_info();
    int failures = 0;
    long rc;

    xg_irq_disable();

    /* Does Xen offer the per-vCPU upcall vector (the LAPIC-EOI way)? */
    uint32_t a, b, c, d;
    xg_cpuid(xen_cpuid_base + 4, &a, &b, &c, &d);
    xg_printf("refguest: cpuid 0x%x eax=0x%x: HVMOP_set_evtchn_upcall_vector %s\n",
              xen_cpuid_base + 4, a,
              (a & XEN_HVM_CPUID_UPCALL_VECTOR) ? "offered" : "not offered");

    /* The upcall: one IDT vector, injected directly by Xen. */
    struct xen_hvm_param p = {
        .domid = DOMID_SELF,
        .index = HVM_PARAM_CALLBACK_IRQ,
        .value = XG_UPCALL_VECTOR |
                 ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56),
    };
    rc = HYPERVISOR_hvm_op(HVMOP_set_param, &p);
    xg_printf("refguest: HVM_PARAM_CALLBACK_IRQ = 0x%llx: rc=%ld\n",
              (unsigned long long)p.value, rc);
    if (rc != 0)
        return 1;

    /* An unbound port whose remote end is our own domain ... */
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
    if (rc != 0) {
        xg_printf("refguest: EVTCHNOP_alloc_unbound failed: %ld\n", rc);
        return 1;
    }
    /* ... and a second port of ours bound to it: an interdomain pair. */
    struct evtchn_bind_interdomain bi = {
        .remote_dom = DOMID_SELF, .remote_port = au.port,
    };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    if (rc != 0) {
        xg_printf("refguest: EVTCHNOP_bind_interdomain failed: %ld\n", rc);
        return 1;
    }
    unsigned int pa = au.port, pb = bi.local_port;
    xg_printf("refguest: interdomain pair: port %u (alloc_unbound) <-> port %u (bind_interdomain)\n",
              pa, pb);
    if (pa >= XG_TRACKED_PORTS || pb >= XG_TRACKED_PORTS) {
        xg_printf("refguest: ports beyond %u not tracked\n", XG_TRACKED_PORTS);
        return 1;
    }

    /* Xen marks a freshly bound interdomain port pending (a send to the
     * unbound end might have been lost), before any send. */
    show_port("after bind, interrupts off", pb);
    xg_evtchn_unmask(pa);
    xg_evtchn_unmask(pb);

    int64_t ns = wait_handled(pb, 1, 1000 * NSEC_PER_MSEC);
    xg_printf("refguest: upcall for the bind-time event on port %u: %s after %lld us\n",
              pb, ns < 0 ? "MISSING" : "handled", (long long)(ns / 1000));
    failures += ns < 0;

    /* Send A -> B with interrupts off: pending shows in shared_info. */
    rc = send(pa);
    show_port("after EVTCHNOP_send on the peer, interrupts off", pb);
    failures += rc != 0 || !test_bit(pb, s->evtchn_pending);
    ns = wait_handled(pb, 2, 1000 * NSEC_PER_MSEC);
    xg_printf("refguest: upcall handler ran: port %u handled %lu time(s), %s after %lld us\n",
              pb, handled_count(pb), ns < 0 ? "MISSING" : "ok",
              (long long)(ns / 1000));
    failures += ns < 0;

    /* And B -> A. */
    rc = send(pb);
    ns = wait_handled(pa, 1, 1000 * NSEC_PER_MSEC);
    xg_printf("refguest: send %u -> %u: rc=%ld, %s after %lld us\n",
              pb, pa, rc, ns < 0 ? "MISSING" : "handled", (long long)(ns / 1000));
    failures += rc != 0 || ns < 0;

    /* Masked: the event stays pending, no upcall; unmask delivers it. */
    xg_evtchn_mask(pb);
    send(pa);
    ns = wait_handled(pb, 3, 50 * NSEC_PER_MSEC);
    show_port("masked port after a send", pb);
    failures += ns >= 0;
    xg_evtchn_unmask(pb);
    ns = wait_handled(pb, 3, 1000 * NSEC_PER_MSEC);
    xg_printf("refguest: unmask (EVTCHNOP_unmask as pending): %s after %lld us\n",
              ns < 0 ? "MISSING" : "delivered", (long long)(ns / 1000));
    failures += ns < 0;

    /* VIRQ_TIMER + set_timer_op, and the block path: cli; check; sti;hlt. */
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    if (rc != 0 || bv.port >= XG_TRACKED_PORTS) {
        xg_printf("refguest: EVTCHNOP_bind_virq(VIRQ_TIMER) failed: %ld\n", rc);
        return failures + 1;
    }
    xg_evtchn_unmask(bv.port);
    unsigned long before = handled_count(bv.port);
    uint64_t t0 = xg_now_ns(), deadline = t0 + 2 * NSEC_PER_MSEC;
    rc = HYPERVISOR_set_timer_op(deadline);
    const char *timer_api = "set_timer_op";
    if (rc != 0) {
        struct vcpu_set_singleshot_timer st = { .timeout_abs_ns = deadline };
        rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st);
        timer_api = "VCPUOP_set_singleshot_timer";
    }
    unsigned int halts = 0;
    while (handled_count(bv.port) == before && halts < 1000 &&
           xg_now_ns() - t0 < 1000 * NSEC_PER_MSEC) {
        xg_irq_disable();
        if (handled_count(bv.port) != before)
            break;
        xg_idle_halt();         /* sti; hlt: wakes on the upcall */
        halts++;
    }
    xg_irq_disable();
    uint64_t woke = xg_now_ns();
    xg_printf("refguest: VIRQ_TIMER port %u via %s (rc=%ld): woke from hlt %s, "
              "%lld us after the 2000 us deadline was set, %u halt(s)\n",
              bv.port, timer_api, rc,
              handled_count(bv.port) != before ? "by the timer event" : "WITHOUT the event",
              (long long)((woke - t0) / 1000), halts);
    failures += handled_count(bv.port) == before;

    xg_printf("refguest: events: %lu upcall(s); handled port %u x%lu, port %u x%lu, "
              "VIRQ_TIMER port %u x%lu\n",
              upcalls, pa, handled_count(pa), pb, handled_count(pb),
              bv.port, handled_count(bv.port));
    return failures;
}
