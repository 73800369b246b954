/*
 * Instructions per delivered event in the generated upcall demux (web_evtchn_upcall),
 * for P active ports: every round marks all P ports pending (as Xen would: pending bit,
 * selector bit, upcall_pending) and calls the demux once.  Run under
 *   valgrind --tool=callgrind --toggle-collect=web_evtchn_upcall ./bench P ROUNDS
 * (bench.sh does) so only the demux and the handler it calls are counted.
 */
#define _GNU_SOURCE
#include "sim.h"
#include <stdio.h>
#include <stdlib.h>

void on_timer(unsigned int index, evtchn_port_t port);
void on_net0(unsigned int index, evtchn_port_t port);
void on_ping(unsigned int index, evtchn_port_t port);
void on_shutdown(const char *path, const char *token);
void on_timer(unsigned int index, evtchn_port_t port) { (void)index; (void)port; }
void on_net0(unsigned int index, evtchn_port_t port) { (void)index; (void)port; }
void on_ping(unsigned int index, evtchn_port_t port) { (void)index; (void)port; }
void on_shutdown(const char *path, const char *token) { (void)path; (void)token; }

static volatile uint64_t handled;

static void count(unsigned int index, evtchn_port_t port)
{
    (void)index;
    (void)port;
    handled++;
}

int main(int argc, char **argv)
{
    unsigned int active = argc > 1 ? (unsigned int)atoi(argv[1]) : 64;
    unsigned int rounds = argc > 2 ? (unsigned int)atoi(argv[2]) : 1000;
    sim_console_echo = 0;
    sim_init();
    if (web_evtchn_init() != 0)
        return 1;
    if (active > EVTCHN_2L_NR_CHANNELS - 1)
        active = EVTCHN_2L_NR_CHANNELS - 1;
    /* Ports 1..active, spread as the allocator spreads them; all attached and unmasked. */
    for (unsigned int p = 1; p <= active; p++) {
        web_evtchn_attach(p, 0, count, p);
        __atomic_fetch_and(&sim_shared()->evtchn_mask[p / 64], ~(1ull << (p % 64)), __ATOMIC_SEQ_CST);
    }
    for (unsigned int p = active + 1; p < EVTCHN_2L_NR_CHANNELS; p++)
        __atomic_fetch_or(&sim_shared()->evtchn_mask[p / 64], 1ull << (p % 64), __ATOMIC_SEQ_CST);
    struct shared_info *s = sim_shared();
    struct vcpu_info *v = &s->vcpu_info[0];
    for (unsigned int r = 0; r < rounds; r++) {
        for (unsigned int p = 1; p <= active; p++) {
            s->evtchn_pending[p / 64] |= 1ull << (p % 64);
            v->evtchn_pending_sel |= 1ull << (p / 64);
        }
        v->evtchn_upcall_pending = 1;
        web_evtchn_upcall();
    }
    printf("bench: active %u rounds %u events %llu\n", active, rounds, (unsigned long long)handled);
    return handled == (uint64_t)active * rounds ? 0 : 1;
}
