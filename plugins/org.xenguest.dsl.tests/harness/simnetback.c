/* A loopback netback (runs in the Xen thread): what the guest transmits comes back as received. */
#define _GNU_SOURCE
#include "sim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xenbus.h>

#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#define FRONT "/local/domain/1/device/vif/0"
#define BACK "/local/domain/0/backend/vif/1/0"
#define QUEUE 512

volatile int nb_sim_paused;
volatile int nb_sim_hold_grant;

static netif_tx_back_ring_t tx;
static netif_rx_back_ring_t rx;
static grant_ref_t tx_ref, rx_ref;
static unsigned int fport;
static volatile int connected;
static pthread_mutex_t nb_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { uint16_t len; uint8_t data[4096]; } queue[QUEUE];
static unsigned int q_head, q_count;

void nb_sim_init(void)
{
}

int nb_sim_connected(void)
{
    return connected;
}

unsigned int nb_sim_frontend_port(void)
{
    return fport;
}

netif_rx_back_ring_t *nb_sim_rx(void)
{
    return &rx;
}

netif_tx_back_ring_t *nb_sim_tx(void)
{
    return &tx;
}

static int read_u32(const char *key, uint32_t *v)
{
    char path[300], value[64];
    snprintf(path, sizeof(path), "%s/%s", FRONT, key);
    if (!xs_sim_read(path, value, sizeof(value)))
        return 0;
    char *end;
    unsigned long x = strtoul(value, &end, 10);
    if (*end != '\0' || x > 0xffffffffu)
        return 0;
    *v = (uint32_t)x;
    return 1;
}

static void set_state(int state)
{
    char v[4];
    snprintf(v, sizeof(v), "%d", state);
    xs_sim_write(BACK "/state", v);
}

static void disconnect(void)
{
    pthread_mutex_lock(&nb_lock);
    if (connected) {
        connected = 0;
        sim_grant_unmap(tx_ref, 1);
        sim_grant_unmap(rx_ref, 1);
        q_count = 0;
        /* The backend closes its end: the frontend's port is unbound again. */
        struct sim_chan *c = sim_chan(fport);
        c->state = CH_UNBOUND;
        c->role = SIM_ROLE_NONE;
    }
    pthread_mutex_unlock(&nb_lock);
}

static void connect_backend(void)
{
    uint32_t t, r, e, copy;
    if (!read_u32("tx-ring-ref", &t) || !read_u32("rx-ring-ref", &r) || !read_u32("event-channel", &e) ||
        !read_u32("request-rx-copy", &copy) || copy != 1) {
        fprintf(stderr, "netback: frontend Connected without its ring refs, channel or rx-copy\n");
        set_state(XenbusStateClosing);
        return;
    }
    void *ts = sim_grant_map(t, SIM_BACKEND_DOMID, 1);
    void *rs = sim_grant_map(r, SIM_BACKEND_DOMID, 1);
    struct sim_chan *c = sim_chan(e);
    if (ts == NULL || rs == NULL || c == NULL || c->state != CH_UNBOUND || c->remote_dom != SIM_BACKEND_DOMID) {
        fprintf(stderr, "netback: cannot map the rings (%p %p) or bind port %u\n", ts, rs, e);
        if (ts != NULL)
            sim_grant_unmap(t, 1);
        if (rs != NULL)
            sim_grant_unmap(r, 1);
        set_state(XenbusStateClosing);
        return;
    }
    pthread_mutex_lock(&nb_lock);
    tx_ref = t;
    rx_ref = r;
    BACK_RING_INIT(&tx, (netif_tx_sring_t *)ts, 4096);
    BACK_RING_INIT(&rx, (netif_rx_sring_t *)rs, 4096);
    c->state = CH_INTERDOMAIN;               /* EVTCHNOP_bind_interdomain by the backend */
    c->role = SIM_ROLE_NETBACK;
    fport = e;
    q_count = 0;
    connected = 1;
    pthread_mutex_unlock(&nb_lock);
    set_state(XenbusStateConnected);
}

void nb_sim_on_write(const char *abs_path, const char *value)
{
    if (strcmp(abs_path, FRONT "/state") != 0)
        return;
    int s = atoi(value);
    char be[8] = "";
    xs_sim_read(BACK "/state", be, sizeof(be));
    int bs = atoi(be);
    switch (s) {
    case XenbusStateInitialising:
        if (bs == XenbusStateClosed || bs == XenbusStateClosing)
            set_state(XenbusStateInitWait);  /* Linux netback: "prepare for reconnect" */
        break;
    case XenbusStateConnected:
        if (bs != XenbusStateConnected)
            connect_backend();
        break;
    case XenbusStateClosing:
        disconnect();                         /* as Linux netback: rings unmapped at Closing */
        set_state(XenbusStateClosing);
        break;
    case XenbusStateClosed:
        disconnect();
        set_state(XenbusStateClosed);
        break;
    default:
        break;
    }
}

void nb_sim_inject_rx(const void *data, size_t len)
{
    pthread_mutex_lock(&nb_lock);
    if (q_count < QUEUE && len <= 4096) {
        unsigned int slot = (q_head + q_count) % QUEUE;
        queue[slot].len = (uint16_t)len;
        memcpy(queue[slot].data, data, len);
        q_count++;
    }
    pthread_mutex_unlock(&nb_lock);
    sim_kick();
}

void nb_sim_process(void)
{
    if (!connected || nb_sim_paused)
        return;
    pthread_mutex_lock(&nb_lock);
    int notify = 0;
    /* TX: copy each request's page out (as a grant copy would) and answer it. */
    RING_IDX rc = tx.req_cons, rp = __atomic_load_n(&tx.sring->req_prod, __ATOMIC_ACQUIRE);
    while (rc != rp && !RING_REQUEST_CONS_OVERFLOW(&tx, rc)) {
        netif_tx_request_t req;
        RING_COPY_REQUEST(&tx, rc, &req);
        tx.req_cons = ++rc;
        int16_t status = NETIF_RSP_OKAY;
        uint8_t *page = sim_grant_map(req.gref, SIM_BACKEND_DOMID, 0);
        if (page == NULL || req.offset + req.size > 4096) {
            status = NETIF_RSP_ERROR;
        } else {
            if (q_count < QUEUE) {
                unsigned int slot = (q_head + q_count) % QUEUE;
                queue[slot].len = req.size;
                memcpy(queue[slot].data, page + req.offset, req.size);
                q_count++;
            } else {
                status = NETIF_RSP_DROPPED;
            }
            if (!__atomic_exchange_n(&nb_sim_hold_grant, 0, __ATOMIC_SEQ_CST))
                sim_grant_unmap(req.gref, 0);
        }
        netif_tx_response_t *rsp = RING_GET_RESPONSE(&tx, tx.rsp_prod_pvt);
        rsp->id = req.id;
        rsp->status = status;
        tx.rsp_prod_pvt++;
        int n;
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&tx, n);
        notify |= n;
        rp = __atomic_load_n(&tx.sring->req_prod, __ATOMIC_ACQUIRE);
    }
    /* RX: each queued packet into the next posted buffer. */
    while (q_count > 0) {
        RING_IDX rreq = __atomic_load_n(&rx.sring->req_prod, __ATOMIC_ACQUIRE);
        if (rx.req_cons == rreq)
            break;
        netif_rx_request_t req;
        RING_COPY_REQUEST(&rx, rx.req_cons, &req);
        rx.req_cons++;
        netif_rx_response_t *rsp = RING_GET_RESPONSE(&rx, rx.rsp_prod_pvt);
        uint8_t *page = sim_grant_map(req.gref, SIM_BACKEND_DOMID, 1);
        rsp->id = req.id;
        rsp->offset = 0;
        rsp->flags = 0;
        if (page == NULL) {
            rsp->status = NETIF_RSP_ERROR;
        } else {
            memcpy(page, queue[q_head].data, queue[q_head].len);
            sim_grant_unmap(req.gref, 1);
            rsp->status = (int16_t)queue[q_head].len;
            q_head = (q_head + 1) % QUEUE;
            q_count--;
        }
        rx.rsp_prod_pvt++;
        int n;
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&rx, n);
        notify |= n;
    }
    pthread_mutex_unlock(&nb_lock);
    if (notify)
        sim_set_pending(fport);
}
