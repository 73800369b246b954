/* A small xenstored on the guest's xenstore ring (runs in the Xen thread), and its hostile twin. */
#define _GNU_SOURCE
#include "sim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include <xen/hvm/params.h>

void sim_set_param(unsigned int index, uint64_t value);
int sim_reserve_port(int role);

#define HOME "/local/domain/1"
#define MAX_NODES 512
#define MAX_WATCHES 64

volatile int xs_sim_eagain;
volatile int xs_sim_hostile;
volatile uint64_t xs_sim_hostile_seed = 1;

static struct xenstore_domain_interface page __attribute__((aligned(4096)));
static unsigned int port;
static uint32_t next_tx = 1;

static struct node {
    int used;
    char path[256];
    char value[1024];
} nodes[MAX_NODES];

static struct watch {
    int used;
    char path[256];        /* as registered */
    char abs[300];
    char token[128];
} watches[MAX_WATCHES];

/* Replies wait here until the guest makes room. */
static char outbox[1 << 16];
static size_t out_len;
static pthread_mutex_t tree_lock = PTHREAD_MUTEX_INITIALIZER;

/* Bounded copy; the tree's strings are short, longer ones are cut. */
static void copy(char *out, size_t size, const char *in)
{
    size_t n = strnlen(in, size - 1);
    memcpy(out, in, n);
    out[n] = '\0';
}

static void absolute(const char *path, char *out, size_t size)
{
    if (path[0] == '/') {
        copy(out, size, path);
    } else {
        size_t h = strlen(HOME);
        memcpy(out, HOME "/", h + 1);
        copy(out + h + 1, size - h - 1, path);
    }
}

static struct node *find(const char *abs)
{
    for (int i = 0; i < MAX_NODES; i++)
        if (nodes[i].used && strcmp(nodes[i].path, abs) == 0)
            return &nodes[i];
    return NULL;
}

static void emit(uint32_t type, uint32_t req_id, uint32_t tx, const void *payload, uint32_t len)
{
    struct xsd_sockmsg h = { .type = type, .req_id = req_id, .tx_id = tx, .len = len };
    if (out_len + sizeof(h) + len > sizeof(outbox))
        return;
    memcpy(outbox + out_len, &h, sizeof(h));
    memcpy(outbox + out_len + sizeof(h), payload, len);
    out_len += sizeof(h) + len;
}

static void emit_raw(const void *bytes, size_t len)
{
    if (out_len + len <= sizeof(outbox)) {
        memcpy(outbox + out_len, bytes, len);
        out_len += len;
    }
}

static void fire(const char *abs_changed)
{
    for (int i = 0; i < MAX_WATCHES; i++) {
        if (!watches[i].used)
            continue;
        size_t n = strlen(watches[i].abs);
        if (strncmp(abs_changed, watches[i].abs, n) == 0 && (abs_changed[n] == '\0' || abs_changed[n] == '/')) {
            char ev[400];
            size_t pl = strlen(watches[i].path) + 1, tl = strlen(watches[i].token) + 1;
            memcpy(ev, watches[i].path, pl);
            memcpy(ev + pl, watches[i].token, tl);
            emit(XS_WATCH_EVENT, 0, 0, ev, (uint32_t)(pl + tl));
        }
    }
}

static void set_node(const char *abs, const char *value)
{
    struct node *n = find(abs);
    for (int i = 0; n == NULL && i < MAX_NODES; i++)
        if (!nodes[i].used) {
            n = &nodes[i];
            n->used = 1;
            copy(n->path, sizeof(n->path), abs);
        }
    if (n == NULL) {
        fprintf(stderr, "xs_sim: tree full\n");
        abort();
    }
    copy(n->value, sizeof(n->value), value);
    fire(abs);
}

static void flush(void)
{
    if (out_len == 0)
        return;
    uint32_t prod = page.rsp_prod, cons = __atomic_load_n(&page.rsp_cons, __ATOMIC_ACQUIRE);
    uint32_t room = XENSTORE_RING_SIZE - (prod - cons);
    if (prod - cons > XENSTORE_RING_SIZE)
        room = 0;
    size_t n = out_len < room ? out_len : room;
    for (size_t i = 0; i < n; i++)
        page.rsp[MASK_XENSTORE_IDX(prod + (uint32_t)i)] = outbox[i];
    __atomic_store_n(&page.rsp_prod, prod + (uint32_t)n, __ATOMIC_RELEASE);
    memmove(outbox, outbox + n, out_len - n);
    out_len -= n;
    if (n > 0)
        sim_set_pending(port);
}

static void reply_error(const struct xsd_sockmsg *h, const char *name)
{
    emit(XS_ERROR, h->req_id, h->tx_id, name, (uint32_t)strlen(name) + 1);
}

static uint64_t rnd(void)
{
    uint64_t x = xs_sim_hostile_seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    xs_sim_hostile_seed = x;
    return x;
}

static void hostile(int kind, const struct xsd_sockmsg *h)
{
    char junk[4200];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (char)('a' + rnd() % 26);
    switch (kind) {
    case XS_BAD_LEN: {
        struct xsd_sockmsg r = { h->type, h->req_id, h->tx_id, XENSTORE_PAYLOAD_MAX + 1 + (uint32_t)(rnd() % 100000) };
        emit_raw(&r, sizeof(r));
        break;
    }
    case XS_BAD_TYPE: {
        uint32_t t;
        do
            t = (uint32_t)(rnd() % 0x10000);
        while (t == h->type || t == XS_ERROR || t == XS_WATCH_EVENT);
        emit(t, h->req_id, h->tx_id, "x", 2);
        break;
    }
    case XS_BAD_FUTURE_ID:
        emit(h->type, h->req_id + 1 + (uint32_t)(rnd() % 1000), h->tx_id, "x", 2);
        break;
    case XS_BAD_ERROR_NAME:
        emit(XS_ERROR, h->req_id, h->tx_id, "EWHATEVER", 10);
        break;
    case XS_BAD_ERROR_NO_NUL:
        emit(XS_ERROR, h->req_id, h->tx_id, "ENOENT", 6);
        break;
    case XS_BAD_TOO_BIG:
        emit(h->type, h->req_id, h->tx_id, junk, 200 + (uint32_t)(rnd() % 3800));
        break;
    case XS_BAD_PROD_JUMP:
        flush();
        __atomic_store_n(&page.rsp_prod, page.rsp_prod + XENSTORE_RING_SIZE + 1 + (uint32_t)(rnd() % 100000),
                         __ATOMIC_RELEASE);
        sim_set_pending(port);
        return;
    case XS_BAD_TRUNCATED: {
        struct xsd_sockmsg r = { h->type, h->req_id, h->tx_id, 100 + (uint32_t)(rnd() % 500) };
        emit_raw(&r, sizeof(r));
        emit_raw(junk, 1 + rnd() % 50);
        break;
    }
    case XS_BAD_WATCH_EVENT: {
        /* A watch event without its NULs, then the right reply. */
        emit(XS_WATCH_EVENT, 0, 0, junk, 1 + (uint32_t)(rnd() % 300));
        emit(h->type, h->req_id, h->tx_id, "10.0.0.2", 8);
        break;
    }
    case XS_BAD_LATE_REPLY:
        emit(h->type, h->req_id - 1 - (uint32_t)(rnd() % 5), h->tx_id, "stale", 5);
        emit(h->type, h->req_id, h->tx_id, "10.0.0.2", 8);
        break;
    case XS_BAD_RANDOM_HEADER: {
        struct xsd_sockmsg r;
        for (size_t i = 0; i < sizeof(r); i++)
            ((uint8_t *)&r)[i] = (uint8_t)rnd();
        /* Random, but never by chance the right answer. */
        if (r.type == h->type || r.type == XS_WATCH_EVENT)
            r.type = XS_TYPE_COUNT + (uint32_t)(rnd() % 1000);
        if (r.len <= 64) {
            emit_raw(&r, sizeof(r));
            emit_raw(junk, r.len);
        } else {
            r.len |= 0x10000;               /* beyond XENSTORE_PAYLOAD_MAX */
            emit_raw(&r, sizeof(r));
        }
        break;
    }
    default:
        break;
    }
    flush();
}

static void handle(const struct xsd_sockmsg *h, const char *body)
{
    char a[300];
    int kind = __atomic_exchange_n(&xs_sim_hostile, XS_BAD_NONE, __ATOMIC_SEQ_CST);
    if (kind != XS_BAD_NONE) {
        hostile(kind, h);
        return;
    }
    switch (h->type) {
    case XS_READ: {
        absolute(body, a, sizeof(a));
        struct node *n = find(a);
        if (n == NULL)
            reply_error(h, "ENOENT");
        else
            emit(XS_READ, h->req_id, h->tx_id, n->value, (uint32_t)strlen(n->value));
        break;
    }
    case XS_WRITE: {
        size_t pl = strnlen(body, h->len);
        if (pl >= h->len) {
            reply_error(h, "EINVAL");
            break;
        }
        char value[1024];
        size_t vl = h->len - pl - 1;
        if (vl >= sizeof(value)) {
            reply_error(h, "E2BIG");
            break;
        }
        memcpy(value, body + pl + 1, vl);
        value[vl] = '\0';
        absolute(body, a, sizeof(a));
        set_node(a, value);
        emit(XS_WRITE, h->req_id, h->tx_id, "OK", 3);
        flush();
        pthread_mutex_unlock(&tree_lock);
        nb_sim_on_write(a, value);          /* netback reacts, writing through xs_sim_write */
        pthread_mutex_lock(&tree_lock);
        return;
    }
    case XS_DIRECTORY: {
        absolute(body, a, sizeof(a));
        char list[4096];
        size_t len = 0, al = strlen(a);
        for (int i = 0; i < MAX_NODES; i++) {
            if (!nodes[i].used || strncmp(nodes[i].path, a, al) != 0 || nodes[i].path[al] != '/')
                continue;
            const char *child = nodes[i].path + al + 1;
            size_t cl = strcspn(child, "/");
            int seen = 0;
            for (size_t off = 0; off < len; off += strlen(list + off) + 1)
                if (strlen(list + off) == cl && strncmp(list + off, child, cl) == 0)
                    seen = 1;
            if (!seen && len + cl + 1 <= sizeof(list)) {
                memcpy(list + len, child, cl);
                list[len + cl] = '\0';
                len += cl + 1;
            }
        }
        if (len == 0 && find(a) == NULL)
            reply_error(h, "ENOENT");
        else
            emit(XS_DIRECTORY, h->req_id, h->tx_id, list, (uint32_t)len);
        break;
    }
    case XS_TRANSACTION_START: {
        char id[16];
        snprintf(id, sizeof(id), "%u", next_tx++);
        emit(XS_TRANSACTION_START, h->req_id, 0, id, (uint32_t)strlen(id) + 1);
        break;
    }
    case XS_TRANSACTION_END:
        /* Writes of a transaction go straight to the tree here; EAGAIN is injected. */
        if (body[0] == 'T' && xs_sim_eagain > 0) {
            xs_sim_eagain--;
            reply_error(h, "EAGAIN");
        } else {
            emit(XS_TRANSACTION_END, h->req_id, 0, "OK", 3);
        }
        break;
    case XS_WATCH:
    case XS_UNWATCH: {
        size_t pl = strnlen(body, h->len);
        const char *token = body + pl + 1;
        if (pl >= h->len || strnlen(token, h->len - pl - 1) >= h->len - pl - 1) {
            reply_error(h, "EINVAL");
            break;
        }
        absolute(body, a, sizeof(a));
        int found = -1, free_slot = -1;
        for (int i = 0; i < MAX_WATCHES; i++) {
            if (watches[i].used && strcmp(watches[i].path, body) == 0 && strcmp(watches[i].token, token) == 0)
                found = i;
            if (!watches[i].used && free_slot < 0)
                free_slot = i;
        }
        if (h->type == XS_UNWATCH) {
            if (found < 0) {
                reply_error(h, "ENOENT");
            } else {
                watches[found].used = 0;
                emit(XS_UNWATCH, h->req_id, 0, "OK", 3);
            }
            break;
        }
        if (found >= 0) {
            reply_error(h, "EEXIST");
            break;
        }
        if (free_slot < 0) {
            reply_error(h, "ENOSPC");
            break;
        }
        struct watch *w = &watches[free_slot];
        w->used = 1;
        copy(w->path, sizeof(w->path), body);
        copy(w->abs, sizeof(w->abs), a);
        copy(w->token, sizeof(w->token), token);
        emit(XS_WATCH, h->req_id, 0, "OK", 3);
        /* xenstored fires a new watch once at once. */
        char ev[400];
        size_t wl = strlen(w->path) + 1, tl = strlen(w->token) + 1;
        memcpy(ev, w->path, wl);
        memcpy(ev + wl, w->token, tl);
        emit(XS_WATCH_EVENT, 0, 0, ev, (uint32_t)(wl + tl));
        break;
    }
    default:
        reply_error(h, "ENOSYS");
        break;
    }
}

void xs_sim_process(void)
{
    static char body[XENSTORE_PAYLOAD_MAX + 1];
    pthread_mutex_lock(&tree_lock);
    for (;;) {
        uint32_t cons = page.req_cons, prod = __atomic_load_n(&page.req_prod, __ATOMIC_ACQUIRE);
        uint32_t avail = prod - cons;
        if (avail > XENSTORE_RING_SIZE) {
            fprintf(stderr, "xs_sim: the guest's request indices are corrupt (%u, %u)\n", prod, cons);
            abort();
        }
        if (avail < sizeof(struct xsd_sockmsg))
            break;
        struct xsd_sockmsg h;
        for (uint32_t i = 0; i < sizeof(h); i++)
            ((char *)&h)[i] = page.req[MASK_XENSTORE_IDX(cons + i)];
        if (h.len > XENSTORE_PAYLOAD_MAX) {
            fprintf(stderr, "xs_sim: the guest sent a %u-byte payload\n", h.len);
            abort();
        }
        if (avail < sizeof(h) + h.len)
            break;                            /* requests here fit the ring whole */
        for (uint32_t i = 0; i < h.len; i++)
            body[i] = page.req[MASK_XENSTORE_IDX(cons + (uint32_t)sizeof(h) + i)];
        body[h.len] = '\0';
        __atomic_store_n(&page.req_cons, cons + (uint32_t)sizeof(h) + h.len, __ATOMIC_RELEASE);
        handle(&h, body);
    }
    flush();
    pthread_mutex_unlock(&tree_lock);
}

int xs_sim_read(const char *path, char *out, size_t size)
{
    char a[300];
    absolute(path, a, sizeof(a));
    pthread_mutex_lock(&tree_lock);
    struct node *n = find(a);
    if (n != NULL)
        copy(out, size, n->value);
    pthread_mutex_unlock(&tree_lock);
    return n != NULL;
}

/* As the toolstack or another domain: outside the ring, fires watches (Xen thread delivers). */
void xs_sim_write(const char *path, const char *value)
{
    char a[300];
    absolute(path, a, sizeof(a));
    pthread_mutex_lock(&tree_lock);
    set_node(a, value);
    pthread_mutex_unlock(&tree_lock);
    sim_kick();
}

unsigned int xs_sim_port(void)
{
    return port;
}

uint64_t xs_sim_gfn(void)
{
    return sim_gfn_of(&page);
}

void xs_sim_init(void)
{
    port = (unsigned int)sim_reserve_port(SIM_ROLE_XENSTORE);
    sim_set_param(HVM_PARAM_STORE_PFN, sim_gfn_of(&page));
    sim_set_param(HVM_PARAM_STORE_EVTCHN, port);
    int cport = sim_reserve_port(SIM_ROLE_CONSOLE);
    sim_set_param(HVM_PARAM_CONSOLE_EVTCHN, (uint64_t)cport);
    /* What xl writes for one vif before the guest starts (netback at InitWait). */
    set_node(HOME "/device/vif/0/backend-id", "0");
    set_node(HOME "/device/vif/0/backend", "/local/domain/0/backend/vif/1/0");
    set_node(HOME "/device/vif/0/mac", "00:16:3e:30:49:52");
    set_node(HOME "/device/vif/0/state", "1");
    set_node("/local/domain/0/backend/vif/1/0/state", "2");
    set_node("/local/domain/0/backend/vif/1/0/feature-sg", "1");
    set_node("/local/domain/0/backend/vif/1/0/feature-rx-copy", "1");
    set_node(HOME "/control/shutdown", "");
}
