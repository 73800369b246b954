/*
 * Host harness of the generated C of guest "web" (examples/web.xenguest):
 *   harness scenarios          the units end to end against the simulated Xen
 *   harness lapic              the upcall through HVMOP_set_evtchn_upcall_vector + EOI
 *   harness stress N           N events raised by a "Xen" thread while the guest
 *                              masks, unmasks, demuxes and blocks: none lost, none twice
 *   harness adversarial SEED N N hostile netback responses and N hostile xenstore replies
 *   harness debuginfo          prints web_debug_info of a connected guest (for the Java decoder)
 * Prints "PASS <name>" / "FAIL <file>:<line>: ..." lines and a final "RESULT ok|failed".
 */
#define _GNU_SOURCE
#include "sim.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xen/io/xenbus.h>
#include <xen/hvm/params.h>

#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

static int failures;
#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);            \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)
#define MS 1000000ull

/* ---- the handlers the model names ---- */
static volatile uint64_t timer_events, net0_events, ping_events, shutdown_events;

void on_timer(unsigned int index, evtchn_port_t port)
{
    (void)index;
    (void)port;
    __atomic_fetch_add(&timer_events, 1, __ATOMIC_RELAXED);
}

void on_net0(unsigned int index, evtchn_port_t port)
{
    (void)index;
    (void)port;
    __atomic_fetch_add(&net0_events, 1, __ATOMIC_RELAXED);
}

void on_ping(unsigned int index, evtchn_port_t port)
{
    (void)index;
    (void)port;
    __atomic_fetch_add(&ping_events, 1, __ATOMIC_RELAXED);
}

void on_shutdown(const char *path, const char *token)
{
    (void)path;
    (void)token;
    shutdown_events++;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static int test_bit(const xen_ulong_t *w, unsigned int port)
{
    return (__atomic_load_n(&w[port / 64], __ATOMIC_SEQ_CST) >> (port % 64)) & 1;
}

static void boot(void)
{
    sim_init();
    sim_start_xen_thread();
    sim_debug_allow(&web_debug_info, sizeof(web_debug_info));
    int rc = web_start();
    CHECK(rc == 0, "web_start: %d", rc);
}

static void pass(const char *name)
{
    static int before;
    printf("%s %s\n", failures == before ? "PASS" : "FAILED", name);
    fflush(stdout);
    before = failures;
}

/* ======================================================================== */
/* scenarios                                                                 */
/* ======================================================================== */

static void scenario_ports(void)
{
    for (unsigned int i = 0; i < WEB_NR_PORTS; i++)
        CHECK(web_port(i) != 0, "port %s not bound", web_ports[i].name);
    CHECK(web_port(WEB_PORT_STORE) == xs_sim_port(), "xenstore port %u, Xen's %u", web_port(WEB_PORT_STORE),
          xs_sim_port());
    CHECK(sim_chan(web_port(WEB_PORT_TIMER))->state == CH_VIRQ && sim_chan(web_port(WEB_PORT_TIMER))->virq == VIRQ_TIMER,
          "timer port is not VIRQ_TIMER");
    CHECK(sim_chan(web_port(WEB_PORT_NET0))->state == CH_UNBOUND && sim_chan(web_port(WEB_PORT_NET0))->remote_dom == 0,
          "net0 is not unbound to domain 0");
    struct shared_info *s = sim_shared();
    evtchn_port_t ping = web_port(WEB_PORT_PING);
    /* Rule 5: bind_interdomain marked it pending; the model says masked: held, not delivered. */
    CHECK(ping_events == 0, "ping delivered while masked");
    CHECK(test_bit(s->evtchn_pending, ping) && test_bit(s->evtchn_mask, ping), "ping should be [1/1/.]");
    /* net0 stays masked until its netfront is connected. */
    CHECK(test_bit(s->evtchn_mask, web_port(WEB_PORT_NET0)), "net0 unmasked before the handshake");
    CHECK(!test_bit(s->evtchn_mask, web_port(WEB_PORT_TIMER)), "timer left masked");
    struct web_evtchn_stats st;
    web_evtchn_stats(&st);
    uint64_t hc = st.unmask_hypercalls;
    /* Rule 1: unmask finds it PENDING (not masked) and lets Xen deliver it. */
    web_evtchn_unmask(ping);
    CHECK(ping_events == 1, "unmask of a pending port delivered %llu events", (unsigned long long)ping_events);
    web_evtchn_stats(&st);
    CHECK(st.unmask_hypercalls == hc + 1, "EVTCHNOP_unmask not called for the pending port");
    CHECK(!test_bit(s->evtchn_pending, ping), "ping still pending after delivery");
    /* Rule 1: unmasking an unmasked port must not mask it (no toggle). */
    web_evtchn_unmask(ping);
    CHECK(!test_bit(s->evtchn_mask, ping), "a second unmask masked the port");
    sim_set_pending(ping);
    CHECK(ping_events == 2, "event on an unmasked port not delivered");
    /* Masked: pending stays, no upcall; unmask delivers exactly once. */
    web_evtchn_mask(ping);
    sim_set_pending(ping);
    sim_set_pending(ping);
    CHECK(ping_events == 2, "delivered while masked");
    web_evtchn_unmask(ping);
    CHECK(ping_events == 3, "unmask after two sends delivered %llu (want 3: sends coalesce)",
          (unsigned long long)ping_events);
    /* Debug info */
    CHECK(web_debug_info.magic == WEB_DEBUG_INFO_MAGIC && web_debug_info.nr_ports == WEB_NR_PORTS, "debug info header");
    for (unsigned int i = 0; i < WEB_NR_PORTS; i++)
        CHECK(web_debug_info.ports[i] == web_port(i), "debug info port %u", i);
    CHECK(web_debug_info.shared_info == (uint64_t)(uintptr_t)s, "debug info shared_info");
    CHECK(web_debug_info.grant_table != 0 && web_debug_info.grant_frames == WEB_GNTTAB_FRAMES, "debug info grants");
    CHECK(web_debug_info.xenstore != 0 && web_debug_info.xenstore_port == xs_sim_port(), "debug info xenstore");
    pass("ports: bound, rule 5 pending, rule 1 unmask (pending, not mask; no toggle), masked delivery");
}

static void scenario_xenstore(void)
{
    char buf[256];
    int rc = web_xs_read(0, WEB_XS_DATA_IP, buf, sizeof(buf));
    CHECK(rc == 8 && strcmp(buf, WEB_XS_DATA_IP_VALUE) == 0, "read data/ip: %d '%s'", rc, rc >= 0 ? buf : "");
    CHECK(web_xs_write(0, "data/x", "1") == 0, "write data/x");
    rc = web_xs_read(0, "data/x", buf, sizeof(buf));
    CHECK(rc == 1 && buf[0] == '1', "read back data/x");
    unsigned int n = 0;
    rc = web_xs_directory(0, "data", buf, sizeof(buf), &n);
    CHECK(rc == 0 && n == 2, "directory data: rc %d, %u entries", rc, n);
    CHECK(web_xs_read(0, "data/missing", buf, sizeof(buf)) == XG_ENOENT, "missing node is not ENOENT");
    CHECK(web_xs_read(0, WEB_XS_DATA_IP, buf, 4) == XG_E2BIG, "small buffer is not E2BIG");
    uint32_t tx = 0;
    CHECK(web_xs_transaction_start(&tx) == 0 && tx != 0, "transaction start");
    CHECK(web_xs_write(tx, "data/y", "2") == 0, "write in a transaction");
    CHECK(web_xs_transaction_end(tx, 1) == 0, "commit");
    xs_sim_eagain = 1;
    CHECK(web_xs_transaction_start(&tx) == 0, "transaction start 2");
    CHECK(web_xs_transaction_end(tx, 1) == XG_EAGAIN, "conflict is not EAGAIN");
    static char longpath[4000];
    memset(longpath, 'a', sizeof(longpath) - 1);
    CHECK(web_xs_read(0, longpath, buf, sizeof(buf)) == XG_EINVAL, "over-long path accepted");
    /* The model's watch: fired once when set, and again on a change. */
    web_xs_poll();
    CHECK(shutdown_events >= 1, "the watch's first event did not reach on_shutdown");
    uint64_t before = shutdown_events;
    xs_sim_write("control/shutdown", "poweroff");
    uint64_t deadline = sim_now_ns() + 2000 * MS;
    while (shutdown_events == before && sim_now_ns() < deadline)
        web_xs_wait(deadline);
    CHECK(shutdown_events == before + 1, "control/shutdown change: %llu events",
          (unsigned long long)(shutdown_events - before));
    pass("xenstore: read, write, directory, transactions (EAGAIN), errors, model watch");
}

static int frames_seen;
static uint8_t expect[300][4096];
static size_t expect_len[300];

static void on_rx(void *ctx, const uint8_t *data, size_t len, unsigned int flags)
{
    (void)ctx;
    CHECK(!(flags & NETRXF_more_data), "loopback packet in more than one slot");
    CHECK(frames_seen < 300 && len == expect_len[frames_seen] && memcmp(data, expect[frames_seen], len) == 0,
          "frame %d differs (len %zu)", frames_seen, len);
    frames_seen++;
}

static int has_rx(void *arg)
{
    (void)arg;
    return web_netfront_has_work(WEB_NETFRONT_NET0);
}

static void traffic(int count)
{
    frames_seen = 0;
    int sent = 0;
    uint64_t deadline = sim_now_ns() + 10000 * MS;
    while ((sent < count || frames_seen < count) && sim_now_ns() < deadline) {
        if (sent < count) {
            size_t len = 1 + rnd() % 4096;
            for (size_t i = 0; i < len; i++)
                expect[sent][i] = (uint8_t)(sent * 7 + i);
            expect_len[sent] = len;
            int rc = web_netfront_send(WEB_NETFRONT_NET0, expect[sent], len);
            if (rc == 0)
                sent++;
            else
                CHECK(rc == XG_EAGAIN, "send: %d", rc);
        }
        int rc = web_netfront_poll(WEB_NETFRONT_NET0, on_rx, NULL, 64);
        CHECK(rc >= 0, "poll: %d", rc);
        if (sent == count && frames_seen < count)
            web_evtchn_wait(has_rx, NULL, sim_now_ns() + 50 * MS);
    }
    CHECK(sent == count && frames_seen == count, "traffic: sent %d, received %d of %d", sent, frames_seen, count);
}

static void scenario_netfront(void)
{
    unsigned int free_before = web_gnttab_free_entries();
    int rc = web_netfront_connect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "connect: %d", rc);
    char v[64];
    CHECK(xs_sim_read("device/vif/0/state", v, sizeof(v)) && strcmp(v, "4") == 0, "frontend state %s", v);
    CHECK(xs_sim_read("/local/domain/0/backend/vif/1/0/state", v, sizeof(v)) && strcmp(v, "4") == 0, "backend state");
    CHECK(xs_sim_read("device/vif/0/request-rx-copy", v, sizeof(v)) && strcmp(v, "1") == 0, "request-rx-copy");
    CHECK(xs_sim_read("device/vif/0/feature-rx-notify", v, sizeof(v)) && strcmp(v, "1") == 0, "feature-rx-notify");
    CHECK(xs_sim_read("device/vif/0/feature-sg", v, sizeof(v)) && strcmp(v, "1") == 0, "feature-sg");
    CHECK(xs_sim_read("device/vif/0/feature-gso-tcpv4", v, sizeof(v)) && strcmp(v, "1") == 0, "feature-gso-tcpv4");
    CHECK(xs_sim_read("device/vif/0/event-channel", v, sizeof(v)) && (unsigned)atoi(v) == web_port(WEB_PORT_NET0),
          "event-channel");
    CHECK(nb_sim_connected(), "netback not connected");
    CHECK(free_before - web_gnttab_free_entries() == 2 + 256 + 256, "netfront used %u grants, want 514",
          free_before - web_gnttab_free_entries());
    CHECK(!test_bit(sim_shared()->evtchn_mask, web_port(WEB_PORT_NET0)), "net0 still masked after connect");
    uint8_t mac[6];
    CHECK(web_netfront_mac(WEB_NETFRONT_NET0, mac) == 0 && mac[0] == 0x00 && mac[1] == 0x16 && mac[5] == 0x52, "mac");
    CHECK(web_debug_info.netfronts[0].tx_sring != 0 && web_debug_info.netfronts[0].port == web_port(WEB_PORT_NET0),
          "debug info netfront");
    CHECK(*(uint32_t *)(uintptr_t)web_debug_info.netfronts[0].frontend_state == XenbusStateConnected,
          "debug info frontend state");
    traffic(300);
    CHECK(net0_events > 0, "on_net0 never ran");
    pass("netfront: handshake, keys, 514 grants, unmask after Connected, 300 frames looped back intact");
    rc = web_netfront_disconnect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "disconnect: %d", rc);
    CHECK(web_gnttab_free_entries() == free_before, "grants not all returned: %u of %u", web_gnttab_free_entries(),
          free_before);
    CHECK(xs_sim_read("device/vif/0/state", v, sizeof(v)) && strcmp(v, "6") == 0, "frontend state after disconnect");
    rc = web_netfront_connect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "reconnect: %d", rc);
    traffic(100);
    pass("netfront: Closing/Closed, all grants back, reconnect through Initialising, traffic again");
}

static int ping_seen(void *arg)
{
    return ping_events >= *(const uint64_t *)arg;
}

static void scenario_block(void)
{
    uint64_t t0 = sim_now_ns();
    uint64_t timers = timer_events;
    int rc, wakeups = 0;
    /* Other events may wake it first: block until the deadline has passed. */
    while ((rc = web_evtchn_block(t0 + 20 * MS)) == 0)
        wakeups++;
    uint64_t dt = sim_now_ns() - t0;
    CHECK(rc == XG_ETIMEDOUT && dt >= 20 * MS && dt < 500 * MS && wakeups >= 1,
          "block(20 ms): rc %d after %llu us, %d wake-ups", rc, (unsigned long long)(dt / 1000), wakeups);
    CHECK(timer_events > timers, "VIRQ_TIMER did not reach on_timer");
    CHECK(web_evtchn_block(t0) == XG_ETIMEDOUT, "block with a past deadline did not return ETIMEDOUT");
    t0 = sim_now_ns();
    rc = web_evtchn_wait(has_rx, NULL, t0 + 30 * MS);
    dt = sim_now_ns() - t0;
    CHECK(rc == XG_ETIMEDOUT && dt >= 30 * MS && dt < 500 * MS, "wait(30 ms): rc %d after %llu us", rc,
          (unsigned long long)(dt / 1000));
    /* Rule 4: an event that arrives between the guest's look for work and its halt
     * must end the block at once.  The simulated clock read inside block raises it. */
    evtchn_port_t ping = web_port(WEB_PORT_PING);
    uint64_t pings = ping_events;
    web_evtchn_unmask(ping);
    sim_inject_on_clock = ping;
    t0 = sim_now_ns();
    rc = web_evtchn_block(t0 + 300 * MS);
    dt = sim_now_ns() - t0;
    CHECK(rc == 0 && ping_events == pings + 1 && dt < 25 * MS,
          "event in the check window: block slept %llu us (lost wake-up), %llu event(s)",
          (unsigned long long)(dt / 1000), (unsigned long long)(ping_events - pings));
    static volatile uint64_t *ping_count = &ping_events;
    uint64_t goal = ping_events + 1;
    sim_inject_on_clock = ping;
    t0 = sim_now_ns();
    rc = web_evtchn_wait(ping_seen, &goal, t0 + 300 * MS);
    dt = sim_now_ns() - t0;
    CHECK(rc == 0 && *ping_count >= goal && dt < 25 * MS, "event in wait's check window: rc %d after %llu us", rc,
          (unsigned long long)(dt / 1000));
    /* Interrupts off: wait refuses rather than sleeping forever. */
    unsigned long f = xg_plat_irq_save();
    CHECK(web_evtchn_wait(has_rx, NULL, sim_now_ns() + 10 * MS) == XG_EINVAL, "wait with interrupts off");
    xg_plat_irq_restore(f);
    pass("block: cli/check/set_timer_op/sti;hlt wakes on VIRQ_TIMER at the deadline; wait times out; refuses irqs off");
}

static void scenario_grants(void)
{
    static uint8_t page[4096] __attribute__((aligned(4096)));
    uint64_t gfn = sim_gfn_of(page);
    unsigned int free0 = web_gnttab_free_entries();
    static grant_ref_t refs[4096];
    unsigned int n = 0;
    int rc = 0;
    sim_console_clear();
    sim_console_echo = 0;
    uint64_t t0 = 0;
    for (;;) {
        t0 = sim_now_ns();
        rc = web_gnttab_grant_access(0, gfn, 1, &refs[n]);
        if (rc != 0)
            break;
        n++;
    }
    uint64_t dt = sim_now_ns() - t0;
    sim_console_echo = 1;
    CHECK(rc == XG_ENOSPC && n == free0, "exhaustion: rc %d after %u grants (%u were free)", rc, n, free0);
    CHECK(dt < 50 * MS, "the failing grant took %llu us: it must not wait", (unsigned long long)(dt / 1000));
    CHECK(sim_console_contains("grant table exhausted"), "no clear message on exhaustion");
    CHECK(sim_console_contains("the model budgets 522"), "message does not name the model's budget");
    for (unsigned int i = 0; i < n; i++)
        CHECK(web_gnttab_end_access(refs[i]) == 0, "end access %u", i);
    CHECK(web_gnttab_free_entries() == free0, "free list not restored");
    /* A grant the peer still maps cannot be ended. */
    grant_ref_t r;
    CHECK(web_gnttab_grant_access(0, gfn, 0, &r) == 0, "grant");
    CHECK(sim_grant_map(r, 0, 1) != NULL, "Xen could not map a valid grant");
    CHECK(web_gnttab_end_access(r) == XG_EBUSY, "end access of a mapped grant is not EBUSY");
    sim_grant_unmap(r, 1);
    CHECK(web_gnttab_end_access(r) == 0, "end access after unmap");
    CHECK(web_gnttab_end_access(r) == XG_EINVAL, "double end access accepted");
    CHECK(web_gnttab_end_access(3) == XG_EINVAL, "reserved ref accepted");
    /* The model's grant blk[8] to 0 readonly. */
    CHECK(web_grant(WEB_GRANT_BLK, 7, gfn) == 0, "model grant");
    grant_ref_t b = web_grant_ref(WEB_GRANT_BLK, 7);
    CHECK(b >= WEB_GNTTAB_RESERVED && sim_grant_map(b, 0, 1) == NULL, "model grant is not read-only");
    CHECK(sim_grant_map(b, 1, 0) == NULL, "model grant open to the wrong domain");
    CHECK(sim_grant_map(b, 0, 0) != NULL, "model grant not readable by domain 0");
    sim_grant_unmap(b, 0);
    CHECK(web_grant_end(WEB_GRANT_BLK, 7) == 0, "model grant end");
    CHECK(web_grant(WEB_GRANT_BLK, 8, gfn) == XG_EINVAL, "grant blk[8] is out of range");
    pass("grants: exhaustion fails at once with the budget in the message; busy end access; model grants");
}

static size_t rsp_packet(const char *cmd, char *out, size_t size)
{
    char pkt[4200];
    unsigned int sum = 0;
    for (const char *c = cmd; *c; c++)
        sum += (unsigned char)*c;
    int n = snprintf(pkt, sizeof(pkt), "$%s#%02x", cmd, sum & 0xff);
    sim_uart_feed(pkt, (size_t)n);
    web_gdbstub_poll();
    return sim_uart_take(out, size);
}

/* Bytes an x reply must escape; in .data, where the platform lets the stub read. */
static char rsp_specials[4] = { '#', '$', '}', '*' };

/* qXenguest.Read: many ranges in one binary reply, all or an error (in ack mode). */
static void scenario_gdbstub_read_vector(void)
{
    static char big[4100];
    char out[4096], cmd[128];
    unsigned long info = (unsigned long)(uintptr_t)&web_debug_info;
    snprintf(cmd, sizeof(cmd), "qXenguest.Read:%lx,4;%lx,4;%lx,0;%lx,2", info, (unsigned long)(uintptr_t)rsp_specials,
             info, info);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$bXGDI}\x03}\x04}]}\x0aXG#") != NULL, "qXenguest.Read of 4 ranges: %s", out);
    sim_uart_feed("-", 1);                  /* a NAK: the streamed reply is sent again */
    web_gdbstub_poll();
    sim_uart_take(out, sizeof(out));
    CHECK(strncmp(out, "$bXGDI}\x03}\x04}]}\x0aXG#", 17) == 0, "NAK of qXenguest.Read: %s", out);
    snprintf(cmd, sizeof(cmd), "qXenguest.Read:%lx,4;%lx,4", info, (unsigned long)(uintptr_t)&failures);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$E14#") != NULL && strchr(out, 'X') == NULL, "a range the platform refuses: %s", out);
    const char *malformed[] = { "qXenguest.Read:", "qXenguest.Read:10", "qXenguest.Read:10,", "qXenguest.Read:10,4;",
                                "qXenguest.Read:10,4,5", "qXenguest.Read:10,10001", "qXenguest.Read:;10,4",
                                "qXenguest.Read:12345678901234567,1" };
    for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
        rsp_packet(malformed[i], out, sizeof(out));
        CHECK(strstr(out, "$E01#") != NULL, "%s: %s", malformed[i], out);
    }
    /* 64 ranges are served, 65 are too many */
    size_t n = (size_t)snprintf(big, sizeof(big), "qXenguest.Read:");
    for (int r = 0; r < 64; r++)
        n += (size_t)snprintf(big + n, sizeof(big) - n, "%s%lx,1", r ? ";" : "", info);
    rsp_packet(big, out, sizeof(out));
    CHECK(strncmp(out, "+$b", 3) == 0 && strlen(out) == 3 + 64 + 3, "64 ranges: %zu bytes", strlen(out));
    snprintf(big + n, sizeof(big) - n, ";%lx,1", info);
    rsp_packet(big, out, sizeof(out));
    CHECK(strstr(out, "$E01#") != NULL, "65 ranges: %s", out);
    /* A packet cut short does not hold the poll for ever; its rest is answered on the next poll. */
    char head[] = "$qXenguest.Re";
    snprintf(cmd, sizeof(cmd), "qXenguest.Read:%lx,4", info);
    unsigned int sum = 0;
    for (const char *c = cmd; *c; c++)
        sum += (unsigned char)*c;
    char tail[64];
    snprintf(tail, sizeof(tail), "%s#%02x", cmd + strlen(head) - 1, sum & 0xff);
    sim_uart_feed(head, strlen(head));
    web_gdbstub_poll();
    sim_uart_take(out, sizeof(out));
    CHECK(out[0] == '\0', "half a packet answered: %s", out);
    sim_uart_feed(tail, strlen(tail));
    web_gdbstub_poll();
    sim_uart_take(out, sizeof(out));
    CHECK(strstr(out, "$bXGDI#") != NULL, "the rest of the packet: %s", out);
}

static void scenario_gdbstub(void)
{
    char out[4096], cmd[128], want[128];
    rsp_packet("qSupported:multiprocess+", out, sizeof(out));
    CHECK(strstr(out, "PacketSize=1000") != NULL && strstr(out, "binary-upload+") != NULL && out[0] == '+' &&
          strstr(out, "qXenguest.Read=10000") != NULL, "qSupported: %s", out);
    rsp_packet("?", out, sizeof(out));
    CHECK(strstr(out, "$S05#b8") != NULL, "?: %s", out);
    rsp_packet("g", out, sizeof(out));
    CHECK(strstr(out, "$xxxxxxxx") != NULL && strlen(out) == 1 + 1 + 328 + 3, "g: %zu bytes", strlen(out));
    rsp_packet("qXenguest.DebugInfo", out, sizeof(out));
    snprintf(want, sizeof(want), "$%lx#", (unsigned long)(uintptr_t)&web_debug_info);
    CHECK(strstr(out, want) != NULL, "qXenguest.DebugInfo: %s (want %s)", out, want);
    snprintf(cmd, sizeof(cmd), "m%lx,4", (unsigned long)(uintptr_t)&web_debug_info);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$58474449#") != NULL, "m of the magic (\"XGDI\"): %s", out);
    snprintf(cmd, sizeof(cmd), "x%lx,4", (unsigned long)(uintptr_t)&web_debug_info);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$bXGDI#") != NULL, "x of the magic: %s", out);
    sim_debug_allow(rsp_specials, sizeof(rsp_specials));
    snprintf(cmd, sizeof(cmd), "x%lx,4", (unsigned long)(uintptr_t)rsp_specials);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$b}\x03}\x04}]}\x0a#") != NULL, "x escapes # $ } *: %s", out);
    scenario_gdbstub_read_vector();
    unsigned long packets = web_gdbstub_packets();
    CHECK(packets >= 6, "packets counted: %lu", packets);
    snprintf(cmd, sizeof(cmd), "m%lx,4", (unsigned long)(uintptr_t)&failures);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$E14#") != NULL, "m outside what the platform allows: %s", out);
    snprintf(cmd, sizeof(cmd), "M%lx,1:00", (unsigned long)(uintptr_t)&web_debug_info);
    rsp_packet(cmd, out, sizeof(out));
    CHECK(strstr(out, "$#00") != NULL && web_debug_info.magic == WEB_DEBUG_INFO_MAGIC, "M on a read-only stub: %s", out);
    sim_uart_feed("$?#00", 5);               /* bad checksum */
    web_gdbstub_poll();
    sim_uart_take(out, sizeof(out));
    CHECK(strcmp(out, "-") == 0, "bad checksum not NAKed: %s", out);
    rsp_packet("QStartNoAckMode", out, sizeof(out));
    rsp_packet("?", out, sizeof(out));
    CHECK(out[0] == '$', "no-ack mode still acks: %s", out);
    /* Polled from the block path: a request answered while the guest blocks. */
    sim_uart_feed("$?#3f", 5);
    web_evtchn_block(sim_now_ns() + 200 * MS);
    sim_uart_take(out, sizeof(out));
    CHECK(strstr(out, "$S05") != NULL, "block path did not poll the stub: %s", out);
    pass("gdbstub: qSupported, ?, g, m, x (escapes), qXenguest.Read (ranges, NAK, refusals, bounds, a packet in two"
         " polls), M refused (read-only), qXenguest.DebugInfo, NAK, no-ack, polled in block");
}

static int run_scenarios(void)
{
    boot();
    scenario_ports();
    scenario_xenstore();
    scenario_block();
    scenario_grants();
    scenario_netfront();
    scenario_gdbstub();
    struct web_evtchn_stats st;
    web_evtchn_stats(&st);
    CHECK(st.unexpected == 0, "%llu events on unattached ports", (unsigned long long)st.unexpected);
    printf("stats: upcalls %llu events %llu unmask_hypercalls %llu halts %llu injections %llu\n",
           (unsigned long long)st.upcalls, (unsigned long long)st.events, (unsigned long long)st.unmask_hypercalls,
           (unsigned long long)st.halts, (unsigned long long)sim_injections);
    sim_stop_xen_thread();
    return failures;
}

static int run_lapic(void)
{
    sim_lapic_mode = 1;
    boot();
    uint64_t eois = sim_eois;
    evtchn_port_t ping = web_port(WEB_PORT_PING);
    web_evtchn_unmask(ping);
    for (int i = 0; i < 100; i++)
        sim_set_pending(ping);
    CHECK(ping_events == 101, "LAPIC mode: %llu events", (unsigned long long)ping_events);
    CHECK(sim_eois > eois, "LAPIC mode: no EOI");
    scenario_block();
    sim_stop_xen_thread();
    pass("lapic: HVMOP_set_evtchn_upcall_vector, CALLBACK_IRQ=1 for tools, EOI per upcall");
    return failures;
}

/* ======================================================================== */
/* stress                                                                    */
/* ======================================================================== */

#define STRESS_PORTS 64
static evtchn_port_t sport[STRESS_PORTS];
static volatile uint64_t raised[STRESS_PORTS], handled[STRESS_PORTS];
static volatile uint64_t total_raised, total_handled, duplicates, target_events;
static volatile int xen_done;
static uint64_t xen_rng = 0x243f6a8885a308d3ull;

static void stress_handler(unsigned int index, evtchn_port_t port)
{
    (void)port;
    uint64_t h = __atomic_add_fetch(&handled[index], 1, __ATOMIC_SEQ_CST);
    /* A delivery without a raise of its own is a duplicate. */
    if (h > __atomic_load_n(&raised[index], __ATOMIC_SEQ_CST))
        __atomic_fetch_add(&duplicates, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&total_handled, 1, __ATOMIC_RELAXED);
}

/* "Xen": raise events as fast as it can; only a 0 -> 1 pending transition is an event. */
static void stress_xen(void)
{
    if (xen_done)
        return;
    for (int k = 0; k < 64; k++) {
        uint64_t x = xen_rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        xen_rng = x;
        unsigned int i = (unsigned int)(x % STRESS_PORTS);
        __atomic_fetch_add(&raised[i], 1, __ATOMIC_SEQ_CST);
        if (sim_set_pending(sport[i]))
            __atomic_fetch_add(&total_raised, 1, __ATOMIC_SEQ_CST);
        else
            __atomic_fetch_sub(&raised[i], 1, __ATOMIC_SEQ_CST);   /* coalesced: not a new event */
        if (total_raised >= target_events) {
            xen_done = 1;
            return;
        }
    }
    /* Now and then a quiet spell, so the guest runs out of work and halts. */
    if (xen_rng % 8 == 0) {
        struct timespec ts = { 0, (long)(20000 + xen_rng % 180000) };
        nanosleep(&ts, NULL);
    }
}

static int all_handled(void *arg)
{
    (void)arg;
    return xen_done && total_handled == total_raised;
}

static int run_stress(uint64_t n)
{
    sim_console_echo = 0;
    boot();
    target_events = n;
    /* One port per selector word (the last bit of word i): an event left pending and
     * unnotified in a word cannot be rescued by a neighbour's upcall, so it shows. */
    for (unsigned int i = 0; i < STRESS_PORTS; i++) {
        sport[i] = sim_alloc_remote_port_at(64 * i + 63);
        CHECK(sport[i] != 0, "port %u taken", 64 * i + 63);
        CHECK(web_evtchn_attach(sport[i], 0, stress_handler, i) == 0, "attach");
        web_evtchn_unmask(sport[i]);
    }
    uint64_t t0 = sim_now_ns(), max_block = 0, blocks = 0, masks = 0, irq_off = 0, waits = 0, timeouts_while_busy = 0;
    sim_xen_hook = stress_xen;
    while (!xen_done) {
        unsigned int op = (unsigned int)(rnd() % 100);
        if (op < 35) {
            /* mask, let events pile up, unmask (rule 1 sends EVTCHNOP_unmask when pending) */
            unsigned int i = (unsigned int)(rnd() % STRESS_PORTS);
            int spins = (int)(rnd() % 20000);
            web_evtchn_mask(sport[i]);
            for (volatile int spin = 0; spin < spins; spin++)
                ;
            web_evtchn_unmask(sport[i]);
            masks++;
        } else if (op < 55) {
            int spins = (int)(rnd() % 20000);
            unsigned long f = xg_plat_irq_save();
            for (volatile int spin = 0; spin < spins; spin++)
                ;
            xg_plat_irq_restore(f);
            irq_off++;
        } else if (op < 85) {
            /* Every port is unmasked here and Xen raises events every few us: a block that
             * reaches its 1 s deadline would be a lost wake-up. */
            uint64_t b0 = sim_now_ns();
            web_evtchn_block(b0 + 1000 * MS);
            uint64_t d = sim_now_ns() - b0;
            if (d > max_block && !xen_done)
                max_block = d;
            if (d >= 1000 * MS && !xen_done)
                timeouts_while_busy++;
            blocks++;
        } else {
            uint64_t goal = total_handled + 1 + rnd() % 200;
            uint64_t w0 = sim_now_ns();
            while (total_handled < goal && !xen_done && sim_now_ns() - w0 < 1000 * MS)
                web_evtchn_block(sim_now_ns() + 1000 * MS);
            waits++;
        }
    }
    sim_xen_hook = NULL;
    /* Quiesce: everything raised must be handled, nothing left pending. */
    int rc = web_evtchn_wait(all_handled, NULL, sim_now_ns() + 10000 * MS);
    uint64_t elapsed = sim_now_ns() - t0;
    CHECK(rc == 0, "not all events handled: raised %llu handled %llu", (unsigned long long)total_raised,
          (unsigned long long)total_handled);
    uint64_t lost = 0, extra = 0;
    for (unsigned int i = 0; i < STRESS_PORTS; i++) {
        if (handled[i] < raised[i])
            lost += raised[i] - handled[i];
        if (handled[i] > raised[i])
            extra += handled[i] - raised[i];
        CHECK(!test_bit(sim_shared()->evtchn_pending, sport[i]), "port %u left pending", sport[i]);
    }
    CHECK(total_raised >= n, "only %llu events raised", (unsigned long long)total_raised);
    CHECK(lost == 0, "%llu events lost", (unsigned long long)lost);
    CHECK(extra == 0 && duplicates == 0, "%llu events delivered twice (%llu seen in the handler)",
          (unsigned long long)extra, (unsigned long long)duplicates);
    CHECK(timeouts_while_busy == 0, "%llu blocks slept to their deadline while events flowed (lost wake-up)",
          (unsigned long long)timeouts_while_busy);
    struct web_evtchn_stats st;
    web_evtchn_stats(&st);
    printf("stress: events %llu handled %llu lost %llu duplicates %llu coalesced_sends %llu upcalls %llu "
           "injections %llu unmask_hypercalls %llu masks %llu irq_off %llu blocks %llu waits %llu halts %llu "
           "max_block_us %llu seconds %.2f\n",
           (unsigned long long)total_raised, (unsigned long long)total_handled, (unsigned long long)lost,
           (unsigned long long)(extra + duplicates), (unsigned long long)sim_coalesced,
           (unsigned long long)st.upcalls, (unsigned long long)sim_injections,
           (unsigned long long)st.unmask_hypercalls, (unsigned long long)masks, (unsigned long long)irq_off,
           (unsigned long long)blocks, (unsigned long long)waits, (unsigned long long)st.halts,
           (unsigned long long)(max_block / 1000), elapsed / 1e9);
    sim_stop_xen_thread();
    pass("stress: events raised by Xen while the guest masks, unmasks, demuxes and blocks; none lost, none twice");
    return failures;
}

/* ======================================================================== */
/* adversarial                                                               */
/* ======================================================================== */

static uint64_t delivered_bytes;

static void count_rx(void *ctx, const uint8_t *data, size_t len, unsigned int flags)
{
    (void)ctx;
    (void)flags;
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < len; i++)          /* touch every byte: ASan checks the bounds */
        sink ^= data[i];
    (void)sink;
    delivered_bytes += len;
}

static uint8_t tx_outstanding[256];   /* requests the test's backend has not answered */

static void reconnect(void)
{
    memset(tx_outstanding, 0, sizeof(tx_outstanding));
    nb_sim_paused = 0;
    int rc = web_netfront_disconnect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "disconnect after a stopped device: %d", rc);
    rc = web_netfront_connect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "reconnect: %d", rc);
    nb_sim_paused = 1;
}

/* The backend's next RX response slot (the request posted at that index). */
static netif_rx_response_t *rx_slot(netif_rx_request_t *req)
{
    netif_rx_back_ring_t *rx = nb_sim_rx();
    RING_COPY_REQUEST(rx, rx->rsp_prod_pvt, req);
    return RING_GET_RESPONSE(rx, rx->rsp_prod_pvt);
}

static void rx_push(void)
{
    netif_rx_back_ring_t *rx = nb_sim_rx();
    rx->rsp_prod_pvt++;
    rx->req_cons = rx->rsp_prod_pvt;
    RING_PUSH_RESPONSES(rx);
}

static void rx_valid(uint16_t len, uint16_t flags)
{
    netif_rx_request_t req;
    netif_rx_response_t *r = rx_slot(&req);
    uint8_t *page = sim_grant_map(req.gref, 0, 1);
    CHECK(page != NULL, "rx buffer grant %u not mappable", req.gref);
    if (page != NULL) {
        memset(page, 0x5a, len);
        sim_grant_unmap(req.gref, 1);
    }
    r->id = req.id;
    r->offset = 0;
    r->flags = flags;
    r->status = (int16_t)len;
    rx_push();
}

enum { RX_BAD_ID, RX_BAD_STATUS, RX_BAD_OFFSET, RX_BAD_SIZE, RX_BAD_EXTRA, RX_TOO_MANY_SLOTS, RX_OVERFLOW,
       TX_BAD_ID, TX_NOT_IN_FLIGHT, TX_BAD_STATUS, TX_OVERFLOW, NR_NET_KINDS };
static const char *const net_kind[] = { "rx bad id", "rx error status", "rx offset", "rx size", "rx bad extra",
                                        "rx too many slots", "rx rsp_prod overflow", "tx bad id",
                                        "tx id not in flight", "tx bad status", "tx rsp_prod overflow" };

static int hostile_net(int kind)
{
    struct web_netfront_stats before, after;
    web_netfront_stats(WEB_NETFRONT_NET0, &before);
    netif_rx_request_t req;
    netif_rx_response_t *r;
    netif_tx_back_ring_t *tx = nb_sim_tx();
    int rc;
    uint64_t *counter_before, *counter_after;
#define COUNTER(f) (counter_before = &before.f, counter_after = &after.f)
    switch (kind) {
    case RX_BAD_ID:
        r = rx_slot(&req);
        r->id = (uint16_t)(req.id ^ (1 + rnd() % 0xfffe));
        r->offset = 0;
        r->flags = 0;
        r->status = 64;
        rx_push();
        COUNTER(bad_id);
        break;
    case RX_BAD_STATUS:
        r = rx_slot(&req);
        r->id = req.id;
        r->offset = 0;
        r->flags = 0;
        r->status = (int16_t)(-(int)(1 + rnd() % 0x7fff));
        rx_push();
        COUNTER(bad_status);
        break;
    case RX_BAD_OFFSET:
        r = rx_slot(&req);
        r->id = req.id;
        r->offset = (uint16_t)(4096 + rnd() % 61440);
        r->flags = 0;
        r->status = (int16_t)(1 + rnd() % 100);
        rx_push();
        COUNTER(bad_offset);
        break;
    case RX_BAD_SIZE:
        r = rx_slot(&req);
        r->id = req.id;
        r->offset = (uint16_t)(rnd() % 4096);
        r->flags = 0;
        r->status = (int16_t)(4097 - r->offset + rnd() % (32767 - 4097 + r->offset));
        rx_push();
        COUNTER(bad_size);
        break;
    case RX_BAD_EXTRA: {
        rx_valid(100, NETRXF_extra_info);
        struct netif_extra_info *x = (struct netif_extra_info *)rx_slot(&req);
        memset(x, 0, sizeof(*x));
        x->type = (uint8_t)(rnd() % 2 ? 0 : XEN_NETIF_EXTRA_TYPE_MAX + rnd() % 200);
        x->flags = (uint8_t)rnd();
        rx_push();
        COUNTER(bad_extra);
        break;
    }
    case RX_TOO_MANY_SLOTS:
        for (int i = 0; i < XEN_NETIF_NR_SLOTS_MIN + 1; i++)
            rx_valid(1000, NETRXF_more_data);
        rx_valid(10, 0);
        COUNTER(bad_flags);
        break;
    case RX_OVERFLOW: {
        netif_rx_back_ring_t *rx = nb_sim_rx();
        __atomic_store_n(&rx->sring->rsp_prod, rx->rsp_prod_pvt + 257 + (RING_IDX)(rnd() % 100000),
                         __ATOMIC_RELEASE);
        COUNTER(ring_overflow);
        break;
    }
    case TX_BAD_ID:
    case TX_NOT_IN_FLIGHT:
    case TX_BAD_STATUS: {
        uint8_t frame[64] = { 1, 2, 3 };
        rc = web_netfront_send(WEB_NETFRONT_NET0, frame, sizeof(frame));
        if (rc == XG_EAGAIN) {
            /* Every slot answered with a bad id stays in flight: the ring is used up. */
            reconnect();
            rc = web_netfront_send(WEB_NETFRONT_NET0, frame, sizeof(frame));
        }
        CHECK(rc == 0, "send before a hostile tx response: %d", rc);
        netif_tx_request_t treq;
        RING_COPY_REQUEST(tx, tx->req_cons, &treq);
        tx->req_cons++;
        tx_outstanding[treq.id % 256] = 1;
        /* One response for the one request: a second would be caught as ring overflow. */
        netif_tx_response_t *t = RING_GET_RESPONSE(tx, tx->rsp_prod_pvt);
        if (kind == TX_BAD_ID) {
            t->id = (uint16_t)(256 + rnd() % 0xff00);
            t->status = NETIF_RSP_OKAY;
            COUNTER(bad_id);
        } else if (kind == TX_NOT_IN_FLIGHT) {
            uint16_t id;
            do
                id = (uint16_t)(rnd() % 256);
            while (tx_outstanding[id]);
            t->id = id;
            t->status = NETIF_RSP_OKAY;
            COUNTER(bad_id);
        } else {
            t->id = treq.id;
            t->status = (int16_t)(rnd() % 2 ? NETIF_RSP_NULL : 2 + rnd() % 1000);
            tx_outstanding[treq.id % 256] = 0;
            COUNTER(bad_status);
        }
        tx->rsp_prod_pvt++;
        RING_PUSH_RESPONSES(tx);
        break;
    }
    case TX_OVERFLOW:
        __atomic_store_n(&tx->sring->rsp_prod, tx->rsp_prod_pvt + 300 + (RING_IDX)(rnd() % 100000), __ATOMIC_RELEASE);
        COUNTER(ring_overflow);
        break;
    default:
        return 0;
    }
    sim_set_pending(web_port(WEB_PORT_NET0));
    rc = web_netfront_poll(WEB_NETFRONT_NET0, count_rx, NULL, 1000);
    web_netfront_stats(WEB_NETFRONT_NET0, &after);
    int rejected = rc == XG_EPROTO && *counter_after > *counter_before;
    CHECK(rejected, "%s: poll %d, counter %llu -> %llu", net_kind[kind], rc, (unsigned long long)*counter_before,
          (unsigned long long)*counter_after);
    if (kind == RX_OVERFLOW || kind == TX_OVERFLOW) {
        CHECK(web_netfront_send(WEB_NETFRONT_NET0, "x", 1) == XG_EPROTO, "a stopped device still sends");
        reconnect();
    }
    return rejected;
#undef COUNTER
}

static int hostile_xs(int kind)
{
    struct web_xs_stats before, after;
    web_xs_stats(&before);
    char buf[64];
    xs_sim_hostile = kind;
    sim_kick();
    int rc = web_xs_read(0, WEB_XS_DATA_IP, buf, sizeof(buf));
    web_xs_stats(&after);
    int rejected;
    switch (kind) {
    case XS_BAD_WATCH_EVENT:
        rejected = rc == 8 && after.rejected == before.rejected + 1;
        break;
    case XS_BAD_LATE_REPLY:
        rejected = rc == 8 && after.late == before.late + 1;
        break;
    default:
        rejected = rc < 0 && after.rejected + after.timeouts > before.rejected + before.timeouts;
        break;
    }
    CHECK(rejected, "xenstore hostile kind %d: read %d, rejected %llu -> %llu", kind, rc,
          (unsigned long long)before.rejected, (unsigned long long)after.rejected);
    if (rc == XG_EIO || kind == XS_BAD_PROD_JUMP || kind == XS_BAD_TRUNCATED || kind == XS_BAD_LEN) {
        int r2 = web_xs_init();               /* resynchronise */
        CHECK(r2 == 0, "xenstore resync after kind %d: %d", kind, r2);
    }
    /* The connection works again. */
    rc = web_xs_read(0, WEB_XS_DATA_IP, buf, sizeof(buf));
    CHECK(rc == 8, "xenstore after hostile kind %d: read %d", kind, rc);
    return rejected;
}

static int run_adversarial(uint64_t seed, unsigned int n)
{
    sim_console_echo = 0;
    rng_state = seed ? seed : 1;
    xs_sim_hostile_seed = seed * 2 + 1;
    boot();
    int rc = web_netfront_connect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "connect: %d", rc);
    traffic(20);
    nb_sim_paused = 1;
    unsigned int net_rejected = 0, xs_rejected = 0, reconnects_before = 0;
    unsigned int per_kind[NR_NET_KINDS] = { 0 }, xs_kind[XS_BAD_COUNT] = { 0 };
    (void)reconnects_before;
    for (unsigned int i = 0; i < n; i++) {
        int kind = (int)(rnd() % NR_NET_KINDS);
        per_kind[kind]++;
        net_rejected += (unsigned int)hostile_net(kind);
        if (i % 16 == 0) {                    /* valid data still flows between the attacks */
            uint64_t bytes = delivered_bytes;
            rx_valid(1500, 0);
            sim_set_pending(web_port(WEB_PORT_NET0));
            rc = web_netfront_poll(WEB_NETFRONT_NET0, count_rx, NULL, 10);
            CHECK(rc == 1 && delivered_bytes == bytes + 1500, "valid packet after attacks: %d", rc);
        }
    }
    for (unsigned int i = 0; i < n; i++) {
        int kind = 1 + (int)(rnd() % (XS_BAD_COUNT - 1));
        /* Truncated replies cost a timeout each: a few of them prove the point. */
        if (kind == XS_BAD_TRUNCATED && xs_kind[kind] >= 20)
            kind = XS_BAD_RANDOM_HEADER;
        xs_kind[kind]++;
        xs_rejected += (unsigned int)hostile_xs(kind);
    }
    struct web_netfront_stats ns;
    web_netfront_stats(WEB_NETFRONT_NET0, &ns);
    struct web_xs_stats xs;
    web_xs_stats(&xs);
    printf("adversarial: seed %llu netback %u/%u rejected (", (unsigned long long)seed, net_rejected, n);
    for (int k = 0; k < NR_NET_KINDS; k++)
        printf("%s%s %u", k ? ", " : "", net_kind[k], per_kind[k]);
    printf(") xenstore %u/%u rejected (kinds", xs_rejected, n);
    for (int k = 1; k < XS_BAD_COUNT; k++)
        printf(" %u", xs_kind[k]);
    printf(") rx_errors %llu tx_errors %llu xs_rejected %llu xs_late %llu xs_timeouts %llu xs_resyncs %llu\n",
           (unsigned long long)ns.rx_errors, (unsigned long long)ns.tx_errors, (unsigned long long)xs.rejected,
           (unsigned long long)xs.late, (unsigned long long)xs.timeouts, (unsigned long long)xs.resyncs);
    CHECK(net_rejected == n && xs_rejected == n, "not every hostile response was rejected");
    nb_sim_paused = 0;
    sim_stop_xen_thread();
    pass("adversarial: every hostile netback response and xenstore reply rejected with an error, no OOB");
    return failures;
}

/* The debug info block of a connected guest, for the Java descriptor's decoder to check. */
static int run_debuginfo(void)
{
    sim_console_echo = 0;
    boot();
    int rc = web_netfront_connect(WEB_NETFRONT_NET0);
    CHECK(rc == 0, "connect: %d", rc);
    const uint8_t *b = (const uint8_t *)&web_debug_info;
    printf("DEBUGINFO ");
    for (size_t i = 0; i < sizeof(web_debug_info); i++)
        printf("%02x", b[i]);
    printf("\nPORTS");
    for (unsigned int i = 0; i < WEB_NR_PORTS; i++)
        printf(" %u", web_port(i));
    printf("\nSHARED %llx\nXENSTORE %llx %u\nGRANTS %llx\nNETFRONT %llx %llx %llx %llx %llx %llx\n",
           (unsigned long long)(uintptr_t)sim_shared(), (unsigned long long)web_debug_info.xenstore,
           xs_sim_port(), (unsigned long long)web_debug_info.grant_table,
           (unsigned long long)web_debug_info.netfronts[0].tx_sring, (unsigned long long)web_debug_info.netfronts[0].rx_sring,
           (unsigned long long)web_debug_info.netfronts[0].tx_front, (unsigned long long)web_debug_info.netfronts[0].rx_front,
           (unsigned long long)web_debug_info.netfronts[0].frontend_state,
           (unsigned long long)web_debug_info.netfronts[0].backend_state);
    sim_stop_xen_thread();
    return failures;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *mode = argc > 1 ? argv[1] : "scenarios";
    int f;
    if (strcmp(mode, "scenarios") == 0)
        f = run_scenarios();
    else if (strcmp(mode, "debuginfo") == 0)
        f = run_debuginfo();
    else if (strcmp(mode, "lapic") == 0)
        f = run_lapic();
    else if (strcmp(mode, "stress") == 0)
        f = run_stress(argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000);
    else if (strcmp(mode, "adversarial") == 0)
        f = run_adversarial(argc > 2 ? strtoull(argv[2], NULL, 10) : 1, argc > 3 ? (unsigned)atoi(argv[3]) : 1000);
    else {
        fprintf(stderr, "usage: harness scenarios|lapic|debuginfo|stress N|adversarial SEED N\n");
        return 2;
    }
    printf("RESULT %s (%d failure%s)\n", f == 0 ? "ok" : "failed", f, f == 1 ? "" : "s");
    return f == 0 ? 0 : 1;
}
