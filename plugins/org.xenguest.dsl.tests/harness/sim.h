/*
 * A simulated Xen for the host harness: the generated C of guest "web" runs
 * on the host against it.  The guest is the main thread; "Xen" (timers, the
 * simulated xenstored and netback, the stress generator) is a second thread.
 * Interrupts are SIGUSR1: xg_plat_irq_save blocks it, xg_plat_idle_halt is
 * sigsuspend (unblock and wait as one step, like "sti; hlt"), and Xen raises
 * the upcall vector with pthread_kill when evtchn_upcall_pending goes 0 -> 1.
 */
#ifndef SIM_H
#define SIM_H

#include <stdint.h>
#include <stddef.h>
#include <pthread.h>
#include "web_guest.h"
#include <xen/io/netif.h>

#define SIM_DOMID 1
#define SIM_BACKEND_DOMID 0
#define SIM_MAX_GRANT_FRAMES_DEFAULT 64

enum sim_chan_state { CH_FREE, CH_UNBOUND, CH_INTERDOMAIN, CH_VIRQ, CH_IPI, CH_RESERVED };

struct sim_chan {
    int state;
    unsigned int vcpu;
    unsigned int remote_dom;
    int virq;
    int peer;                 /* interdomain loopback inside the guest: the other local port, or -1 */
    int role;                 /* SIM_ROLE_* */
};

enum { SIM_ROLE_NONE, SIM_ROLE_XENSTORE, SIM_ROLE_CONSOLE, SIM_ROLE_NETBACK, SIM_ROLE_REMOTE };

/* ---- the hypervisor ---- */
void sim_init(void);
void sim_start_xen_thread(void);
void sim_stop_xen_thread(void);
uint64_t sim_now_ns(void);
struct shared_info *sim_shared(void);
/* Xen's evtchn_2l_set_pending: returns 1 if the port went from not pending to pending. */
int sim_set_pending(unsigned int port);
/* Allocates a port bound to a simulated remote (for tests). */
unsigned int sim_alloc_remote_port(void);
/* The same at a chosen port number (0 if taken). */
unsigned int sim_alloc_remote_port_at(unsigned int port);
struct sim_chan *sim_chan(unsigned int port);
void sim_kick(void);                       /* wake the Xen thread */
void sim_set_max_grant_frames(unsigned int n);
extern volatile int sim_lapic_mode;        /* set before web_start to use HVMOP_set_evtchn_upcall_vector */
extern volatile uint64_t sim_eois, sim_injections, sim_unmask_calls, sim_coalesced;
extern volatile uint64_t sim_timer_fires;
/* The next xg_plat_now_ns() call raises an event on this port first (then disarms). */
extern volatile unsigned int sim_inject_on_clock;
/* Called by the Xen thread on every loop; the stress test installs one. */
extern void (*volatile sim_xen_hook)(void);

/* Grant table as Xen sees it: validate and map a grant for the backend. */
void *sim_grant_map(grant_ref_t ref, domid_t domid, int write);
void sim_grant_unmap(grant_ref_t ref, int write);

/* gfn registry (the generated code asks xg_plat_virt_to_gfn / gfn_to_virt). */
uint64_t sim_gfn_of(const void *page);
void *sim_page_of(uint64_t gfn);

/* Console output of the guest, kept for assertions. */
int sim_console_contains(const char *text);
void sim_console_clear(void);
extern volatile int sim_console_echo;

/* Memory the debug stub may read. */
void sim_debug_allow(const void *addr, size_t len);

/* The UART the debug stub polls. */
void sim_uart_feed(const char *bytes, size_t len);
size_t sim_uart_take(char *out, size_t size);

/* ---- xenstored ---- */
void xs_sim_init(void);
void xs_sim_process(void);                 /* Xen thread: answer requests */
int xs_sim_read(const char *path, char *out, size_t size);   /* 1 found */
void xs_sim_write(const char *path, const char *value);      /* as the toolstack: fires watches */
unsigned int xs_sim_port(void);
uint64_t xs_sim_gfn(void);
extern volatile int xs_sim_eagain;         /* TRANSACTION_END answers EAGAIN this many times */
/* Hostile mode: the next request gets a malformed reply of this kind (XS_BAD_*), then normal again. */
extern volatile int xs_sim_hostile;
enum {
    XS_BAD_NONE, XS_BAD_LEN, XS_BAD_TYPE, XS_BAD_FUTURE_ID, XS_BAD_ERROR_NAME, XS_BAD_ERROR_NO_NUL,
    XS_BAD_TOO_BIG, XS_BAD_PROD_JUMP, XS_BAD_TRUNCATED, XS_BAD_WATCH_EVENT, XS_BAD_LATE_REPLY,
    XS_BAD_RANDOM_HEADER, XS_BAD_COUNT
};
extern volatile uint64_t xs_sim_hostile_seed;

/* ---- netback ---- */
void nb_sim_init(void);
void nb_sim_on_write(const char *abs_path, const char *value);
void nb_sim_process(void);                 /* Xen thread: TX -> loopback -> RX */
int nb_sim_connected(void);
unsigned int nb_sim_frontend_port(void);
void nb_sim_inject_rx(const void *data, size_t len);
/* Raw access for the adversarial test (guest thread, Xen thread parked). */
netif_rx_back_ring_t *nb_sim_rx(void);
netif_tx_back_ring_t *nb_sim_tx(void);
extern volatile int nb_sim_paused;         /* 1: the Xen thread leaves the rings alone */
extern volatile int nb_sim_hold_grant;     /* 1: keep the next TX grant mapped (GTF_reading) */

#endif
