/*
 * A bare PVH kernel driven by the generated C of rg.xenguest, booted as the PVH dom0 of real
 * Xen 4.17 in QEMU (run.sh): the reference guest's boot.S, traps.c and console.c, plus the
 * generated platform, event-channel, grant-table, xenstore and debug-stub units.
 */
#include "rg_guest.h"
#include "console.h"
#include "traps.h"
#include "hypercall.h"
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/sched.h>

_Noreturn void main(const struct hvm_start_info *si);
static volatile unsigned long timer_n, a_n, b_n;
void on_timer(unsigned int index, evtchn_port_t port) { (void)index; (void)port; timer_n++; }
void on_a(unsigned int index, evtchn_port_t port) { (void)index; (void)port; a_n++; }
static void on_b(unsigned int index, evtchn_port_t port) { (void)index; (void)port; b_n++; }

static int seen(void *arg) { return b_n >= *(unsigned long *)arg; }
static int seen_a(void *arg) { return a_n >= *(unsigned long *)arg; }
static uint8_t page[4096] __attribute__((aligned(4096)));
static grant_ref_t refs[600];
static int failures;
#define CHECK(c, ...) do { if (!(c)) { failures++; xg_printf("refguest: FAIL " __VA_ARGS__); } } while (0)

_Noreturn void main(const struct hvm_start_info *si)
{
    (void)si;
    xg_hypercall_init();                     /* console.c's own HYPERVISOR_console_io */
    if (xg_pvh_init() != 0)
        xg_panic("not on Xen\n");
    xg_traps_init();
    int rc = rg_start();
    xg_printf("refguest: rg_start %d; ports console %u timer %u a %u\n", rc, rg_port(RG_PORT_CONSOLE),
              rg_port(RG_PORT_TIMER), rg_port(RG_PORT_A));
    CHECK(rc == 0, "rg_start %d\n", rc);

    /* An interdomain pair to ourselves: b bound to a (rule 5: b starts pending). */
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF, .remote_port = rg_port(RG_PORT_A) };
    rc = (int)xg_plat_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain, (unsigned long)&bi, 0, 0, 0);
    CHECK(rc == 0, "bind_interdomain %d\n", rc);
    evtchn_port_t b = bi.local_port;
    rg_evtchn_attach(b, 0, on_b, 99);
    rg_evtchn_mask(b);
    unsigned long want = 1;
    rg_evtchn_unmask(b);                        /* rule 1: pending -> EVTCHNOP_unmask delivers it */
    rc = rg_evtchn_wait(seen, &want, xg_plat_now_ns() + 1000000000ull);
    xg_printf("refguest: rule 5 + rule 1: b=%u pending at bind, delivered on unmask: %s (%lu)\n", b, rc == 0 ? "yes" : "NO", b_n);
    CHECK(rc == 0, "rule5\n");
    /* a -> b, b -> a */
    want = b_n + 1;
    rg_evtchn_send(rg_port(RG_PORT_A));
    CHECK(rg_evtchn_wait(seen, &want, xg_plat_now_ns() + 1000000000ull) == 0, "a->b\n");
    unsigned long wa = a_n + 1;
    rg_evtchn_send(b);
    CHECK(rg_evtchn_wait(seen_a, &wa, xg_plat_now_ns() + 1000000000ull) == 0, "b->a\n");
    /* Masked: held; unmask delivers exactly once. */
    rg_evtchn_mask(b);
    unsigned long before = b_n;
    rg_evtchn_send(rg_port(RG_PORT_A));
    rg_evtchn_send(rg_port(RG_PORT_A));
    want = before + 1;
    CHECK(rg_evtchn_wait(seen, &want, xg_plat_now_ns() + 50000000ull) == XG_ETIMEDOUT, "delivered while masked\n");
    rg_evtchn_unmask(b);
    CHECK(rg_evtchn_wait(seen, &want, xg_plat_now_ns() + 1000000000ull) == 0 && b_n == before + 1, "unmask delivery\n");
    xg_printf("refguest: masked send held, unmask delivered once: b handled %lu\n", b_n);
    /* Block until a deadline: VIRQ_TIMER wakes the sti;hlt. */
    uint64_t t0 = xg_plat_now_ns(), t1;
    unsigned long timers = timer_n;
    while (rg_evtchn_block(t0 + 20000000ull) == 0)
        ;
    t1 = xg_plat_now_ns();
    xg_printf("refguest: block(20 ms) returned after %llu us, timer events %lu\n",
              (unsigned long long)((t1 - t0) / 1000), timer_n - timers);
    CHECK(t1 - t0 >= 20000000ull && timer_n > timers, "block\n");
    /* Grants: the one frame runs dry at once, with the message. */
    unsigned int n = 0, free0 = rg_gnttab_free_entries();
    while (n < 600 && rg_gnttab_grant_access(0, xg_plat_virt_to_gfn(page), 1, &refs[n]) == 0)
        n++;
    xg_printf("refguest: granted %u of %u free entries before XG_ENOSPC\n", n, free0);
    CHECK(n == free0, "grant exhaustion\n");
    for (unsigned int i = 0; i < n; i++)
        CHECK(rg_gnttab_end_access(refs[i]) == 0, "end access\n");
    struct rg_evtchn_stats st;
    rg_evtchn_stats(&st);
    xg_printf("refguest: stats upcalls %llu events %llu unmask_hypercalls %llu halts %llu unexpected %llu\n",
              (unsigned long long)st.upcalls, (unsigned long long)st.events, (unsigned long long)st.unmask_hypercalls,
              (unsigned long long)st.halts, (unsigned long long)st.unexpected);
    /* The debug stub answers on COM2 while we block, for 4 s. */
    xg_printf("refguest: stub ready, debug info at %p\n", (void *)&rg_debug_info);
    t0 = xg_plat_now_ns();
    while (xg_plat_now_ns() - t0 < 4000000000ull)
        rg_evtchn_block(t0 + 4000000000ull);
    xg_printf("refguest: %s\n", failures == 0 ? "done" : "FAILED");
    struct sched_shutdown sd = { .reason = SHUTDOWN_reboot };
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    for (;;)
        __asm__ volatile("cli; hlt");
}
