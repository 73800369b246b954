/*
 * The reference guest: a bare PVH kernel, booted as the dom0 of real Xen
 * 4.17, whose event-channel, grant-table and debug-stub code is generated
 * from examples/refguest.xenguest.  It sets up (checking the rules of
 * xen-facts.md on the way), then runs a workload: bursts of sends on every
 * port with random masking and unmasking, and timer-driven blocking, keeping
 * its counts in refguest_counters, where the debugger reads them.
 *
 * Guest command line (words): events=N (stop after N events; 0, the default,
 * runs until QEMU is stopped), exit=reboot (end the run by a reboot, which
 * QEMU's -no-reboot turns into its exit), seed=N, debug-wait=MS (hold the
 * boot, shared_info mapped and no port bound, until a debugger talks to the
 * stub, for at most MS).
 * Console lines start with "refguest: ".
 */
#include "refguest_guest.h"
#include "console.h"
#include "hypercall.h"
#include "tick.h"
#include "traps.h"
#include <xen/arch-x86/hvm/start_info.h>
#ifdef REFGUEST_NR_NETFRONTS
#include "domu.h"       /* the domU model (refguest-domu.xenguest): a netfront, xenstore */
#endif
#include <xen/sched.h>

#ifdef REFGUEST_LOST_WAKEUP
#include "lost_wakeup.h"
#define VARIANT "lost-wakeup"
#define UNMASK(port) wl_unmask(port)
#else
#define VARIANT "generated"
#define UNMASK(port) refguest_evtchn_unmask(port)
#endif

_Noreturn void main(const struct hvm_start_info *si);

#define NR_RECEIVERS 9u      /* b0..b3, a0..a3 and kick receive events */
#define TICK_HZ 200u         /* the debug stub answers at least this often */

enum phase { PHASE_BOOT, PHASE_SETUP, PHASE_WORKLOAD, PHASE_DONE, PHASE_FAILED };

/* Read by the debugger (ELF symbol refguest_counters); the layout is in
 * org.xenguest.cli's RefguestCounters. */
struct refguest_counters {
    uint32_t magic;                  /* "RGWC" */
    uint32_t phase;                  /* enum phase */
    uint64_t sent;                   /* events sent (each to an idle receiver) */
    uint64_t handled;                /* events handled that were expected */
    uint64_t doubled;                /* events handled that nobody sent */
    uint64_t lost;                   /* sent but not handled at the end */
    uint64_t rounds;
    uint64_t masks, unmasks;
    uint64_t timer_events;
    uint64_t blocks;
    uint64_t sent_to[NR_RECEIVERS];
    uint64_t handled_by[NR_RECEIVERS];
};
volatile struct refguest_counters refguest_counters = { .magic = 0x43574752 };

/* receiver -> the model's port index it is, and the index a send goes out on */
static const unsigned int receiver_port[NR_RECEIVERS] = {
    REFGUEST_PORT_B0, REFGUEST_PORT_B1, REFGUEST_PORT_B2, REFGUEST_PORT_B3,
    REFGUEST_PORT_A0, REFGUEST_PORT_A1, REFGUEST_PORT_A2, REFGUEST_PORT_A3, REFGUEST_PORT_KICK,
};
static const unsigned int sender_port[NR_RECEIVERS] = {
    REFGUEST_PORT_A0, REFGUEST_PORT_A1, REFGUEST_PORT_A2, REFGUEST_PORT_A3,
    REFGUEST_PORT_B0, REFGUEST_PORT_B1, REFGUEST_PORT_B2, REFGUEST_PORT_B3, REFGUEST_PORT_KICK,
};
static volatile uint8_t outstanding[NR_RECEIVERS];   /* a sent event not handled yet */
static uint8_t masked[NR_RECEIVERS];
static int failures;

#define CHECK(c, ...) do { if (!(c)) { failures++; xg_printf("refguest: FAIL " __VA_ARGS__); } } while (0)

static int receiver_of(unsigned int index)
{
    for (unsigned int r = 0; r < NR_RECEIVERS; r++)
        if (receiver_port[r] == index)
            return (int)r;
    return -1;
}

void on_event(unsigned int index, evtchn_port_t port)
{
    (void)port;
    int r = receiver_of(index);
    if (r < 0)
        return;
    if (outstanding[r]) {
        outstanding[r] = 0;
        refguest_counters.handled++;
        refguest_counters.handled_by[r]++;
    } else {
        refguest_counters.doubled++;
    }
}

void on_timer(unsigned int index, evtchn_port_t port)
{
    (void)index;
    (void)port;
    refguest_counters.timer_events++;
}

/* ---- the variant's way of waiting ---- */

static void block_until(uint64_t deadline_ns)
{
    refguest_counters.blocks++;
#ifdef REFGUEST_LOST_WAKEUP
    wl_block(deadline_ns);
    wl_poll();
#else
    (void)refguest_evtchn_block(deadline_ns);
#endif
}

/* Blocks until cond() holds or timeout_ns passed; nonzero if it holds. */
static int wait_for(int (*cond)(void), uint64_t timeout_ns)
{
    uint64_t deadline = xg_plat_now_ns() + timeout_ns;
    for (;;) {
        if (cond())
            return 1;
        uint64_t now = xg_plat_now_ns();
        if (now >= deadline)
            return cond();
        block_until(now + 1000000ull < deadline ? now + 1000000ull : deadline);
    }
}

static int all_unmasked_handled(void)
{
    for (unsigned int r = 0; r < NR_RECEIVERS; r++)
        if (outstanding[r] && !masked[r])
            return 0;
    return 1;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t random32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* ---- command line ---- */

static char cmdline[256];

static unsigned long long cmdline_number(const char *key, unsigned long long otherwise)
{
    size_t n = 0;
    while (key[n] != '\0')
        n++;
    for (const char *p = cmdline; *p != '\0'; p++) {
        if (p != cmdline && p[-1] != ' ')
            continue;
        size_t i = 0;
        while (i < n && p[i] == key[i])
            i++;
        if (i == n && p[n] == '=') {
            unsigned long long v = 0;
            for (p += n + 1; *p >= '0' && *p <= '9'; p++)
                v = v * 10 + (unsigned long long)(*p - '0');
            return v;
        }
    }
    return otherwise;
}

static int cmdline_has(const char *word)
{
    for (const char *p = cmdline; *p != '\0'; p++) {
        if (p != cmdline && p[-1] != ' ')
            continue;
        const char *a = p, *b = word;
        while (*b != '\0' && *a == *b) {
            a++;
            b++;
        }
        if (*b == '\0' && (*a == '\0' || *a == ' '))
            return 1;
    }
    return 0;
}

/* ---- set-up: the rules, checked on real Xen ---- */

static uint8_t grant_page[4096] __attribute__((aligned(4096)));
static grant_ref_t refs[REFGUEST_GNTTAB_NR_ENTRIES];

static void setup_checks(void)
{
    /* Rule 5: each bN bound to aN started pending; rule 1: its unmask delivered it, once. */
    CHECK(wait_for(all_unmasked_handled, 1000000000ull), "rule 5: a bind event was not delivered\n");
    for (unsigned int r = 0; r < 4; r++)
        CHECK(refguest_counters.handled_by[r] == 1, "rule 5: b%u got %llu bind events\n", r,
              (unsigned long long)refguest_counters.handled_by[r]);
    xg_printf("refguest: rule 5 + rule 1: each bN pending at bind, delivered once on unmask\n");

    /* A masked port holds its event; unmask delivers it exactly once (rule 1). */
    evtchn_port_t b0 = refguest_port(REFGUEST_PORT_B0);
    uint64_t before = refguest_counters.handled_by[0];
    refguest_evtchn_mask(b0);
    masked[0] = 1;
    outstanding[0] = 1;
    refguest_counters.sent++;
    refguest_counters.sent_to[0]++;
    refguest_evtchn_send(refguest_port(REFGUEST_PORT_A0));
    refguest_evtchn_send(refguest_port(REFGUEST_PORT_A0));
    wait_for(all_unmasked_handled, 50000000ull);
    CHECK(refguest_counters.handled_by[0] == before, "delivered while masked\n");
    masked[0] = 0;
    UNMASK(b0);
    CHECK(wait_for(all_unmasked_handled, 1000000000ull) && refguest_counters.handled_by[0] == before + 1,
          "unmask delivery\n");
    xg_printf("refguest: masked send held, unmask delivered it once\n");

    /* The model's grants, then the free list run dry: XG_ENOSPC, not a wait. */
    for (unsigned int i = 0; i < REFGUEST_GRANT_IO_COUNT; i++)
        CHECK(refguest_grant(REFGUEST_GRANT_IO, i, xg_plat_virt_to_gfn(grant_page)) == 0, "grant io[%u]\n", i);
    unsigned int n = 0, free0 = refguest_gnttab_free_entries();
    while (n < REFGUEST_GNTTAB_NR_ENTRIES &&
           refguest_gnttab_grant_access(0, xg_plat_virt_to_gfn(grant_page), 1, &refs[n]) == 0)
        n++;
    CHECK(n == free0, "grant exhaustion: %u of %u\n", n, free0);
    for (unsigned int i = 0; i < n; i++)
        CHECK(refguest_gnttab_end_access(refs[i]) == 0, "end access\n");
    xg_printf("refguest: grants: io[%u] granted; %u more before XG_ENOSPC, all ended\n",
              (unsigned int)REFGUEST_GRANT_IO_COUNT, n);
}

/* ---- the workload ---- */

static void send_to(unsigned int r)
{
    outstanding[r] = 1;
    refguest_counters.sent++;
    refguest_counters.sent_to[r]++;
    refguest_evtchn_send(refguest_port(sender_port[r]));
}

static void workload_round(void)
{
    refguest_counters.rounds++;
    /* a burst: a send to every idle receiver, in a random order */
    unsigned int start = random32() % NR_RECEIVERS;
    for (unsigned int k = 0; k < NR_RECEIVERS; k++) {
        unsigned int r = (start + k) % NR_RECEIVERS;
        if (!outstanding[r])
            send_to(r);
    }
    /* random masking and unmasking */
    unsigned int r = random32() % NR_RECEIVERS;
    evtchn_port_t port = refguest_port(receiver_port[r]);
    if (masked[r]) {
        masked[r] = 0;
        refguest_counters.unmasks++;
        UNMASK(port);
    } else if (random32() % 4 == 0) {
        masked[r] = 1;
        refguest_counters.masks++;
        refguest_evtchn_mask(port);
    }
    /* all delivered (masked receivers hold theirs) */
    wait_for(all_unmasked_handled, 1000000000ull);
    /* timer-driven blocking: every other round sleeps until a deadline 0 to 500 us away */
    if (random32() % 2 == 0) {
        uint64_t deadline = xg_plat_now_ns() + random32() % 500000u;
        while (xg_plat_now_ns() < deadline)
            block_until(deadline);
    }
}

static void report(const char *what)
{
    volatile struct refguest_counters *c = &refguest_counters;
    xg_printf("refguest: %s: rounds %llu sent %llu handled %llu doubled %llu lost %llu masks %llu timer %llu ticks %llu\n", what,
              (unsigned long long)c->rounds, (unsigned long long)c->sent, (unsigned long long)c->handled,
              (unsigned long long)c->doubled, (unsigned long long)c->lost, (unsigned long long)c->masks,
              (unsigned long long)c->timer_events, (unsigned long long)xg_tick_count());
}

static void finish(void)
{
    for (unsigned int r = 0; r < NR_RECEIVERS; r++)
        if (masked[r]) {
            masked[r] = 0;
            UNMASK(refguest_port(receiver_port[r]));
        }
    wait_for(all_unmasked_handled, 2000000000ull);
    uint64_t lost = 0;
    for (unsigned int r = 0; r < NR_RECEIVERS; r++)
        lost += outstanding[r];
    refguest_counters.lost = lost;
    CHECK(lost == 0 && refguest_counters.doubled == 0, "events lost %llu, doubled %llu\n", (unsigned long long)lost,
          (unsigned long long)refguest_counters.doubled);
}

_Noreturn void main(const struct hvm_start_info *si)
{
    if (si->cmdline_paddr != 0) {   /* it sits past the image: copy it before anything else */
        const char *c = (const char *)(uintptr_t)si->cmdline_paddr;
        for (size_t i = 0; i + 1 < sizeof(cmdline) && c[i] != '\0'; i++)
            cmdline[i] = c[i];
    }
    xg_hypercall_init();
    if (xg_pvh_init() != 0)
        xg_panic("not on Xen\n");
    xg_traps_init();
    refguest_counters.phase = PHASE_BOOT;
#ifdef REFGUEST_DEBUG_STUB_SERIAL
    /* The stub first, polled by the tick: a debugger can follow the whole boot. */
    CHECK(refguest_gdbstub_init() == 0, "debug stub\n");
    xg_tick_start(TICK_HZ, refguest_gdbstub_poll);
#ifdef REFGUEST_LOST_WAKEUP
    xg_tick_resume_halt_at(wl_after_hlt);
#endif
    xg_printf("refguest: variant %s, debug stub on COM2, debug info at %p, counters at %p\n", VARIANT,
              (void *)&refguest_debug_info, (void *)&refguest_counters);
#else
    /* A domU: no UART for a stub; the dom0 probe reads it from outside. */
    xg_printf("refguest: variant %s (domU), debug info at %p, counters at %p\n", VARIANT,
              (void *)&refguest_debug_info, (void *)&refguest_counters);
#endif
    rng ^= cmdline_number("seed", 1);

    /* shared_info first, then (debug-wait=MS) hold until a debugger has taken its first
     * look through the stub, and a moment more, so that it sees every port being bound. */
    CHECK(refguest_evtchn_map() == 0, "shared_info\n");
    unsigned long long wait_ms = cmdline_number("debug-wait", 0);
#ifdef REFGUEST_DEBUG_STUB_SERIAL
    if (wait_ms != 0) {
        uint64_t t0 = xg_plat_now_ns(), until = t0 + wait_ms * 1000000ull;
        xg_printf("refguest: waiting up to %llu ms for a debugger\n", wait_ms);
        /* connecting takes a debugger 3 packets, its first snapshot 4 or 5 more */
        while (refguest_gdbstub_packets() < 8 && xg_plat_now_ns() < until)
            __asm__ volatile("sti; hlt" ::: "memory");    /* the debug tick polls the stub */
        for (uint64_t look = xg_plat_now_ns() + 500000000ull; xg_plat_now_ns() < look;)
            __asm__ volatile("sti; hlt" ::: "memory");
        __asm__ volatile("cli" ::: "memory");   /* refguest_start wants interrupts off */
        xg_printf("refguest: %s after %llu ms\n", refguest_gdbstub_packets() ? "debugger attached" : "no debugger",
                  (unsigned long long)((xg_plat_now_ns() - t0) / 1000000ull));
    }
#else
    (void)wait_ms;
#endif
    refguest_counters.phase = PHASE_SETUP;
    for (unsigned int r = 0; r < 4; r++) {
        outstanding[r] = 1;     /* rule 5: each bN will be pending once bound: an event sent by the bind */
        refguest_counters.sent++;
        refguest_counters.sent_to[r]++;
    }
    int rc = refguest_start();
    CHECK(rc == 0, "refguest_start %d\n", rc);
    for (unsigned int i = 0; i < REFGUEST_NR_PORTS; i++)
        xg_printf("refguest: port %s = %u\n", refguest_ports[i].name, (unsigned int)refguest_port(i));
    if (rc == 0)
        setup_checks();
#if defined(REFGUEST_NR_NETFRONTS) && !defined(REFGUEST_LOST_WAKEUP)
    if (rc == 0 && failures == 0)
        domu_run();     /* a domU with a netfront serves its network for ever */
#endif

    unsigned long long goal = cmdline_number("events", 0);
    xg_printf("refguest: workload: %s\n", goal == 0 ? "until stopped" : "until the goal");
    refguest_counters.phase = PHASE_WORKLOAD;
    uint64_t t0 = xg_plat_now_ns(), next = t0 + 1000000000ull;
    while (failures == 0 && (goal == 0 || refguest_counters.sent < goal)) {
        workload_round();
        uint64_t now = xg_plat_now_ns();
        if (now >= next) {
            report("progress");
            next = now + 1000000000ull;
        }
    }
    finish();
    uint64_t ms = (xg_plat_now_ns() - t0) / 1000000ull;
    report("final");
    xg_printf("refguest: %llu events in %llu ms\n", (unsigned long long)refguest_counters.handled,
              (unsigned long long)ms);
    refguest_counters.phase = failures == 0 ? PHASE_DONE : PHASE_FAILED;
    xg_printf("refguest: %s\n", failures == 0 ? "done" : "FAILED");
    if (cmdline_has("exit=reboot")) {   /* end the run: QEMU's -no-reboot exits */
        struct sched_shutdown sd = { .reason = SHUTDOWN_reboot };
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    }
    /* else idle, the stub answering, until QEMU is stopped */
    for (;;)
        block_until(xg_plat_now_ns() + 1000000000ull);
}
