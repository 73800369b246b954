/* The simulated hypervisor and the xg_plat_* hooks for the host (see sim.h). */
#define _GNU_SOURCE
#include "sim.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include <xen/vcpu.h>

#define NR_PORTS EVTCHN_2L_NR_CHANNELS
#define BITS (sizeof(xen_ulong_t) * 8)
#define MAX_PAGES 4096

volatile int sim_lapic_mode;
volatile uint64_t sim_eois, sim_injections, sim_unmask_calls, sim_coalesced, sim_timer_fires;
void (*volatile sim_xen_hook)(void);
volatile int sim_console_echo = 1;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pages_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int kicked;
static pthread_t guest_thread, xen_thread;
static volatile int xen_running, xen_stop;

static struct shared_info *shared;
static struct sim_chan chans[NR_PORTS];
static uint64_t params[HVM_NR_PARAMS];
static void *grant_frames[256];
static unsigned int max_grant_frames = SIM_MAX_GRANT_FRAMES_DEFAULT;
static volatile uint64_t timer_deadline;
static unsigned int timer_port;
static int upcall_vector_set;

/* ---- gfn registry ---- */
static const void *pages[MAX_PAGES];
static unsigned int nr_pages;
#define GFN_BASE 0x10000u

uint64_t sim_gfn_of(const void *page)
{
    pthread_mutex_lock(&pages_lock);
    for (unsigned int i = 0; i < nr_pages; i++)
        if (pages[i] == page) {
            pthread_mutex_unlock(&pages_lock);
            return GFN_BASE + i;
        }
    if (((uintptr_t)page & 4095) != 0 || nr_pages == MAX_PAGES) {
        fprintf(stderr, "sim: gfn of %p: not a page (or registry full)\n", page);
        abort();
    }
    pages[nr_pages] = page;
    uint64_t gfn = GFN_BASE + nr_pages++;
    pthread_mutex_unlock(&pages_lock);
    return gfn;
}

void *sim_page_of(uint64_t gfn)
{
    void *p = NULL;
    pthread_mutex_lock(&pages_lock);
    if (gfn >= GFN_BASE && gfn < GFN_BASE + nr_pages)
        p = (void *)pages[gfn - GFN_BASE];
    pthread_mutex_unlock(&pages_lock);
    return p;
}

/* ---- interrupts: SIGUSR1 is the upcall vector ---- */

static void on_vector(int sig)
{
    (void)sig;
    xg_evtchn_upcall();
}

static void block_vector(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, old);
}

unsigned long xg_plat_irq_save(void)
{
    sigset_t old;
    block_vector(&old);
    return !sigismember(&old, SIGUSR1);
}

void xg_plat_irq_restore(unsigned long flags)
{
    if (flags) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGUSR1);
        pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    }
}

/* "sti; hlt": sigsuspend unblocks and waits as one step, so a vector raised
 * after the caller's check (while blocked) is delivered and ends the wait. */
void xg_plat_idle_halt(void)
{
    sigset_t cur;
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    sigdelset(&cur, SIGUSR1);
    sigsuspend(&cur);
    xg_plat_irq_restore(1);
}

unsigned int xg_plat_vcpu_id(void)
{
    return 0;
}

uint64_t sim_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

volatile unsigned int sim_inject_on_clock;

/* The block and wait paths read the clock right after their cli and right before they
 * look for work: an event injected here arrives exactly in the window rule 4 is about. */
uint64_t xg_plat_now_ns(void)
{
    unsigned int port = __atomic_exchange_n(&sim_inject_on_clock, 0, __ATOMIC_SEQ_CST);
    if (port != 0)
        sim_set_pending(port);
    return sim_now_ns();
}

uint64_t xg_plat_virt_to_gfn(const void *page)
{
    return sim_gfn_of(page);
}

void *xg_plat_gfn_to_virt(uint64_t gfn)
{
    return sim_page_of(gfn);
}

int xg_plat_upcall_vector_offered(void)
{
    return sim_lapic_mode;
}

void xg_plat_lapic_eoi(void)
{
    __atomic_fetch_add(&sim_eois, 1, __ATOMIC_RELAXED);
}

/* ---- console: kept in a buffer for assertions (async-signal-safe appends) ---- */

static char console[1 << 20];
static volatile size_t console_len;

void xg_plat_console_write(const char *s, size_t len)
{
    size_t at = __atomic_fetch_add(&console_len, len, __ATOMIC_SEQ_CST);
    for (size_t i = 0; i < len && at + i < sizeof(console) - 1; i++)
        console[at + i] = s[i];
    if (sim_console_echo) {
        ssize_t w = write(2, s, len);
        (void)w;
    }
}

int sim_console_contains(const char *text)
{
    size_t n = console_len < sizeof(console) - 1 ? console_len : sizeof(console) - 1;
    console[n] = '\0';
    return strstr(console, text) != NULL;
}

void sim_console_clear(void)
{
    console_len = 0;
}

/* ---- debug stub: memory it may read, and its UART ---- */

static struct { uintptr_t addr; size_t len; } allowed[16];
static unsigned int nr_allowed;

void sim_debug_allow(const void *addr, size_t len)
{
    if (nr_allowed < 16)
        {
        allowed[nr_allowed].addr = (uintptr_t)addr;
        allowed[nr_allowed++].len = len;
    }
}

int xg_plat_debug_mem_ok(uintptr_t addr, size_t len, int write)
{
    (void)write;
    for (unsigned int i = 0; i < nr_allowed; i++)
        if (addr >= allowed[i].addr && len <= allowed[i].len && addr - allowed[i].addr <= allowed[i].len - len)
            return 1;
    return 0;
}

static char uart_rx[8192], uart_tx[65536];
static size_t rx_head, rx_tail, tx_len;
static uint8_t uart_scratch, uart_lcr;

void sim_uart_feed(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len && rx_tail < sizeof(uart_rx); i++)
        uart_rx[rx_tail++] = bytes[i];
}

size_t sim_uart_take(char *out, size_t size)
{
    size_t n = tx_len < size - 1 ? tx_len : size - 1;
    memcpy(out, uart_tx, n);
    out[n] = '\0';
    tx_len = 0;
    return n;
}

uint8_t xg_plat_inb(uint16_t port)
{
    switch (port - WEB_DEBUG_STUB_SERIAL) {
    case 0:
        return rx_head < rx_tail ? (uint8_t)uart_rx[rx_head++] : 0;
    case 5:
        return (uint8_t)(0x20 | (rx_head < rx_tail ? 1 : 0));
    case 7:
        return uart_scratch;
    default:
        return 0;
    }
}

void xg_plat_outb(uint16_t port, uint8_t value)
{
    if (port == WEB_DEBUG_STUB_SERIAL + 7)
        uart_scratch = value;
    else if (port == WEB_DEBUG_STUB_SERIAL + 3)
        uart_lcr = value;
    else if (port == WEB_DEBUG_STUB_SERIAL && !(uart_lcr & 0x80) && tx_len < sizeof(uart_tx))
        uart_tx[tx_len++] = (char)value;
}

/* ---- Xen's side of 2-level event channels (xen/common/event_2l.c) ---- */

struct shared_info *sim_shared(void)
{
    return shared;
}

struct sim_chan *sim_chan(unsigned int port)
{
    return port < NR_PORTS ? &chans[port] : NULL;
}

static int bit_test_and_set(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % BITS);
    return (__atomic_fetch_or(&w[bit / BITS], m, __ATOMIC_SEQ_CST) & m) != 0;
}

static int bit_test(xen_ulong_t *w, unsigned int bit)
{
    return (__atomic_load_n(&w[bit / BITS], __ATOMIC_SEQ_CST) >> (bit % BITS)) & 1;
}

static int bit_test_and_clear(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % BITS);
    return (__atomic_fetch_and(&w[bit / BITS], ~m, __ATOMIC_SEQ_CST) & m) != 0;
}

/* vcpu_mark_events_pending: the vector is raised when upcall_pending goes 0 -> 1. */
static void mark_events_pending(unsigned int vcpu)
{
    struct vcpu_info *v = &shared->vcpu_info[vcpu];
    if (__atomic_exchange_n(&v->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        return;
    __atomic_fetch_add(&sim_injections, 1, __ATOMIC_RELAXED);
    pthread_kill(guest_thread, SIGUSR1);
}

int sim_set_pending(unsigned int port)
{
    if (shared == NULL || port == 0 || port >= NR_PORTS)
        return 0;
    if (bit_test_and_set(shared->evtchn_pending, port)) {
        __atomic_fetch_add(&sim_coalesced, 1, __ATOMIC_RELAXED);
        return 0;
    }
    unsigned int vcpu = chans[port].vcpu;
    if (!bit_test(shared->evtchn_mask, port) &&
        !bit_test_and_set(&shared->vcpu_info[vcpu].evtchn_pending_sel, port / BITS))
        mark_events_pending(vcpu);
    return 1;
}

/* evtchn_2l_unmask */
static void xen_unmask(unsigned int port)
{
    unsigned int vcpu = chans[port].vcpu;
    __atomic_fetch_add(&sim_unmask_calls, 1, __ATOMIC_RELAXED);
    if (bit_test_and_clear(shared->evtchn_mask, port) && bit_test(shared->evtchn_pending, port) &&
        !bit_test_and_set(&shared->vcpu_info[vcpu].evtchn_pending_sel, port / BITS))
        mark_events_pending(vcpu);
}

static int alloc_port(void)
{
    for (unsigned int p = 1; p < NR_PORTS; p++)
        if (chans[p].state == CH_FREE) {
            memset(&chans[p], 0, sizeof(chans[p]));
            chans[p].peer = -1;
            return (int)p;
        }
    return -ENOSPC;
}

unsigned int sim_alloc_remote_port_at(unsigned int want)
{
    pthread_mutex_lock(&lock);
    int p = want > 0 && want < NR_PORTS && chans[want].state == CH_FREE ? (int)want : -1;
    if (p > 0) {
        memset(&chans[p], 0, sizeof(chans[p]));
        chans[p].peer = -1;
        chans[p].state = CH_INTERDOMAIN;
        chans[p].role = SIM_ROLE_REMOTE;
    }
    pthread_mutex_unlock(&lock);
    return p > 0 ? (unsigned int)p : 0;
}

unsigned int sim_alloc_remote_port(void)
{
    pthread_mutex_lock(&lock);
    int p = alloc_port();
    if (p > 0) {
        chans[p].state = CH_INTERDOMAIN;
        chans[p].role = SIM_ROLE_REMOTE;
    }
    pthread_mutex_unlock(&lock);
    return p > 0 ? (unsigned int)p : 0;
}

static long evtchn_op(int cmd, void *arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
        struct evtchn_alloc_unbound *a = arg;
        int p = alloc_port();
        if (p < 0)
            return p;
        chans[p].state = CH_UNBOUND;
        chans[p].remote_dom = a->remote_dom;
        a->port = (evtchn_port_t)p;
        return 0;
    }
    case EVTCHNOP_bind_interdomain: {
        struct evtchn_bind_interdomain *b = arg;
        int p = alloc_port();
        if (p < 0)
            return p;
        chans[p].state = CH_INTERDOMAIN;
        chans[p].remote_dom = b->remote_dom;
        chans[p].role = SIM_ROLE_REMOTE;
        b->local_port = (evtchn_port_t)p;
        sim_set_pending((unsigned int)p);     /* rule 5: Xen marks a new interdomain port pending */
        return 0;
    }
    case EVTCHNOP_bind_virq: {
        struct evtchn_bind_virq *b = arg;
        if (b->vcpu != 0)
            return -EINVAL;
        for (unsigned int p = 1; p < NR_PORTS; p++)
            if (chans[p].state == CH_VIRQ && chans[p].virq == (int)b->virq)
                return -EEXIST;
        int p = alloc_port();
        if (p < 0)
            return p;
        chans[p].state = CH_VIRQ;
        chans[p].virq = (int)b->virq;
        if (b->virq == VIRQ_TIMER)
            timer_port = (unsigned int)p;
        b->port = (evtchn_port_t)p;
        return 0;
    }
    case EVTCHNOP_bind_ipi: {
        struct evtchn_bind_ipi *b = arg;
        int p = alloc_port();
        if (p < 0)
            return p;
        chans[p].state = CH_IPI;
        chans[p].vcpu = b->vcpu;
        b->port = (evtchn_port_t)p;
        return 0;
    }
    case EVTCHNOP_bind_vcpu: {
        struct evtchn_bind_vcpu *b = arg;
        if (b->port >= NR_PORTS || chans[b->port].state == CH_FREE || b->vcpu != 0)
            return -EINVAL;
        chans[b->port].vcpu = b->vcpu;
        return 0;
    }
    case EVTCHNOP_send: {
        struct evtchn_send *s = arg;
        if (s->port >= NR_PORTS || chans[s->port].state == CH_FREE)
            return -EINVAL;
        if (chans[s->port].state == CH_IPI)
            sim_set_pending(s->port);
        else
            sim_kick();                       /* xenstored, netback: the Xen thread looks */
        return 0;
    }
    case EVTCHNOP_unmask: {
        struct evtchn_unmask *u = arg;
        if (u->port >= NR_PORTS || chans[u->port].state == CH_FREE)
            return -EINVAL;
        xen_unmask(u->port);
        return 0;
    }
    case EVTCHNOP_close: {
        struct evtchn_close *c = arg;
        if (c->port >= NR_PORTS || chans[c->port].state == CH_FREE)
            return -EINVAL;
        chans[c->port].state = CH_FREE;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

static long memory_op(unsigned int cmd, void *arg)
{
    if (cmd != XENMEM_add_to_physmap)
        return -ENOSYS;
    struct xen_add_to_physmap *x = arg;
    void *page = sim_page_of(x->gpfn);
    if (x->domid != DOMID_SELF || page == NULL)
        return -EINVAL;
    if (x->space == XENMAPSPACE_shared_info) {
        shared = page;                        /* the guest's page becomes shared_info */
        memset(shared, 0, 4096);
        return 0;
    }
    if (x->space == XENMAPSPACE_grant_table) {
        unsigned long idx = x->idx & ~(unsigned long)XENMAPIDX_grant_table_status;
        if (idx >= max_grant_frames || idx >= 256)
            return -EINVAL;
        if (!(x->idx & XENMAPIDX_grant_table_status))
            grant_frames[idx] = page;
        memset(page, 0, 4096);
        return 0;
    }
    return -ENOSYS;
}

static long hvm_op(int cmd, void *arg)
{
    switch (cmd) {
    case HVMOP_set_param: {
        struct xen_hvm_param *p = arg;
        if (p->index >= HVM_NR_PARAMS)
            return -EINVAL;
        params[p->index] = p->value;
        return 0;
    }
    case HVMOP_get_param: {
        struct xen_hvm_param *p = arg;
        if (p->index >= HVM_NR_PARAMS)
            return -EINVAL;
        p->value = params[p->index];
        return 0;
    }
    case HVMOP_set_evtchn_upcall_vector: {
        struct xen_hvm_evtchn_upcall_vector *v = arg;
        if (!sim_lapic_mode || v->vcpu != 0 || v->vector < 0x10)
            return -EINVAL;
        upcall_vector_set = 1;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

static long grant_table_op(unsigned int cmd, void *arg, unsigned int count)
{
    if (count != 1)
        return -EINVAL;
    switch (cmd) {
    case GNTTABOP_query_size: {
        struct gnttab_query_size *q = arg;
        q->nr_frames = 1;
        q->max_nr_frames = max_grant_frames;
        q->status = GNTST_okay;
        return 0;
    }
    case GNTTABOP_set_version: {
        struct gnttab_set_version *v = arg;
        return v->version == 1 ? 0 : -ENOSYS;
    }
    default:
        return -ENOSYS;
    }
}

long xg_plat_hypercall(unsigned int op, unsigned long a1, unsigned long a2, unsigned long a3,
                       unsigned long a4, unsigned long a5)
{
    (void)a4;
    (void)a5;
    long rc;
    sigset_t old;
    /* Hypercalls are atomic to the guest: no upcall while Xen holds its lock. */
    block_vector(&old);
    pthread_mutex_lock(&lock);
    switch (op) {
    case __HYPERVISOR_event_channel_op:
        rc = evtchn_op((int)a1, (void *)a2);
        break;
    case __HYPERVISOR_memory_op:
        rc = memory_op((unsigned int)a1, (void *)a2);
        break;
    case __HYPERVISOR_hvm_op:
        rc = hvm_op((int)a1, (void *)a2);
        break;
    case __HYPERVISOR_grant_table_op:
        rc = grant_table_op((unsigned int)a1, (void *)a2, (unsigned int)a3);
        break;
    case __HYPERVISOR_set_timer_op:
        timer_deadline = a1;
        rc = 0;
        break;
    case __HYPERVISOR_vcpu_op:
        if ((int)a1 == VCPUOP_set_singleshot_timer) {
            timer_deadline = ((struct vcpu_set_singleshot_timer *)a3)->timeout_abs_ns;
            rc = 0;
        } else {
            rc = -ENOSYS;
        }
        break;
    default:
        rc = -ENOSYS;
        break;
    }
    pthread_mutex_unlock(&lock);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (op == __HYPERVISOR_set_timer_op)
        sim_kick();
    return rc;
}

/* ---- grants, as Xen checks them for a mapping domain ---- */

void *sim_grant_map(grant_ref_t ref, domid_t domid, int write)
{
    unsigned int per = 4096 / sizeof(grant_entry_v1_t);
    if (ref / per >= 256 || grant_frames[ref / per] == NULL)
        return NULL;
    grant_entry_v1_t *e = &((grant_entry_v1_t *)grant_frames[ref / per])[ref % per];
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    if ((flags & GTF_type_mask) != GTF_permit_access || e->domid != domid ||
        (write && (flags & GTF_readonly)))
        return NULL;
    void *page = sim_page_of(e->frame);
    if (page == NULL)
        return NULL;
    __atomic_fetch_or(&e->flags, (uint16_t)(write ? GTF_writing : GTF_reading), __ATOMIC_SEQ_CST);
    return page;
}

void sim_grant_unmap(grant_ref_t ref, int write)
{
    unsigned int per = 4096 / sizeof(grant_entry_v1_t);
    grant_entry_v1_t *e = &((grant_entry_v1_t *)grant_frames[ref / per])[ref % per];
    __atomic_fetch_and(&e->flags, (uint16_t)~(write ? GTF_writing : GTF_reading), __ATOMIC_SEQ_CST);
}

void sim_set_max_grant_frames(unsigned int n)
{
    max_grant_frames = n;
}

/* ---- the Xen thread ---- */

void sim_kick(void)
{
    pthread_mutex_lock(&wake_lock);
    kicked = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&wake_lock);
}

static void *xen_main(void *arg)
{
    (void)arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    while (!xen_stop) {
        uint64_t d = timer_deadline;
        if (d != 0 && sim_now_ns() >= d && timer_port != 0) {
            timer_deadline = 0;
            __atomic_fetch_add(&sim_timer_fires, 1, __ATOMIC_RELAXED);
            sim_set_pending(timer_port);
        }
        xs_sim_process();
        nb_sim_process();
        void (*hook)(void) = sim_xen_hook;
        if (hook != NULL) {
            hook();
            continue;
        }
        pthread_mutex_lock(&wake_lock);
        if (!kicked) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 200000;           /* 0.2 ms: timer resolution of the simulation */
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&wake, &wake_lock, &ts);
        }
        kicked = 0;
        pthread_mutex_unlock(&wake_lock);
    }
    return NULL;
}

void sim_init(void)
{
    guest_thread = pthread_self();
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_vector;
    sigemptyset(&sa.sa_mask);                 /* SIGUSR1 itself is blocked while it runs */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    /* The guest starts with interrupts disabled, as a PVH vCPU does. */
    sigset_t old;
    block_vector(&old);
    for (unsigned int p = 0; p < NR_PORTS; p++)
        chans[p].peer = -1;
    chans[0].state = CH_RESERVED;
    xs_sim_init();
    nb_sim_init();
}

void sim_start_xen_thread(void)
{
    xen_stop = 0;
    pthread_create(&xen_thread, NULL, xen_main, NULL);
    xen_running = 1;
}

void sim_stop_xen_thread(void)
{
    if (!xen_running)
        return;
    xen_stop = 1;
    sim_kick();
    pthread_join(xen_thread, NULL);
    xen_running = 0;
}

/* xenstored and the console ring need HVM params and ports before the guest starts. */
void sim_set_param(unsigned int index, uint64_t value);
void sim_set_param(unsigned int index, uint64_t value)
{
    params[index] = value;
}

int sim_reserve_port(int role);
int sim_reserve_port(int role)
{
    pthread_mutex_lock(&lock);
    int p = alloc_port();
    if (p > 0) {
        chans[p].state = CH_INTERDOMAIN;
        chans[p].role = role;
    }
    pthread_mutex_unlock(&lock);
    return p;
}
