/*
 * xenguest-probe: the protocol core (see probe_core.h and docs/probe-protocol.md): framing,
 * bounded replies, the one-client-per-domain claims and the mapping cache. The packets
 * themselves are answered in probe_commands.c.
 */
#include "probe_core.h"
#include "probe_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RX_IDLE = 0, RX_DATA, RX_CSUM1, RX_CSUM2 };

#define XEN_DOMINF_DYING (1u << 0)
#define XEN_DOMINF_SHUTDOWN (1u << 2)
#define XEN_DOMINF_PAUSED (1u << 3)
#define XEN_DOMINF_BLOCKED (1u << 4)
#define XEN_DOMINF_RUNNING (1u << 5)

/* ---- small helpers ------------------------------------------------------------------- */

enum probe_domain_state probe_state_from_flags(uint32_t flags)
{
    if (flags & XEN_DOMINF_DYING)
        return PROBE_STATE_DYING;
    if (flags & XEN_DOMINF_SHUTDOWN)
        return PROBE_STATE_SHUTDOWN;
    if (flags & XEN_DOMINF_PAUSED)
        return PROBE_STATE_PAUSED;
    if (flags & XEN_DOMINF_RUNNING)
        return PROBE_STATE_RUNNING;
    if (flags & XEN_DOMINF_BLOCKED)
        return PROBE_STATE_BLOCKED;
    return PROBE_STATE_RUNNING; /* runnable, waiting for a physical CPU */
}

const char *probe_state_name(enum probe_domain_state state)
{
    switch (state) {
    case PROBE_STATE_RUNNING: return "running";
    case PROBE_STATE_BLOCKED: return "blocked";
    case PROBE_STATE_PAUSED: return "paused";
    case PROBE_STATE_SHUTDOWN: return "shutdown";
    case PROBE_STATE_DYING: return "dying";
    }
    return "unknown";
}

const char *probe_type_name(enum probe_domain_type type)
{
    switch (type) {
    case PROBE_DOM_PV: return "pv";
    case PROBE_DOM_PVH: return "pvh";
    case PROBE_DOM_HVM: return "hvm";
    }
    return "unknown";
}

const char *port_state_name(enum probe_port_state state)
{
    switch (state) {
    case PROBE_PORT_CLOSED: return "closed";
    case PROBE_PORT_UNBOUND: return "unbound";
    case PROBE_PORT_INTERDOMAIN: return "interdomain";
    case PROBE_PORT_PIRQ: return "pirq";
    case PROBE_PORT_VIRQ: return "virq";
    case PROBE_PORT_IPI: return "ipi";
    }
    return "unknown";
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses hex digits from *p up to end; at least one, at most 16; advances *p. */
bool parse_hex(const char **p, const char *end, uint64_t *value)
{
    uint64_t v = 0;
    int digits = 0;
    while (*p < end && hex_value(**p) >= 0) {
        if (digits == 16)
            return false;
        v = (v << 4) | (uint64_t)hex_value(**p);
        (*p)++;
        digits++;
    }
    if (digits == 0)
        return false;
    *value = v;
    return true;
}

bool starts_with(const char *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(data, prefix, n) == 0;
}

bool equals(const char *data, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(data, word, len) == 0;
}

void logf_ctx(struct probe_ctx *ctx, const char *fmt, ...)
{
    if (!ctx->log)
        return;
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_user, message);
}

/* ---- reply building (bounded) -------------------------------------------------------- */

void reply_reset(struct probe_conn *c)
{
    c->reply_len = 0;
    c->reply_full = false;
    c->reply_cap = PROBE_LIST_REPLY;
}

void reply_bytes(struct probe_conn *c, const void *data, size_t len)
{
    if (c->reply_full || len > c->reply_cap - c->reply_len) {
        c->reply_full = true;
        return;
    }
    memcpy(c->reply + c->reply_len, data, len);
    c->reply_len += len;
}

void reply_str(struct probe_conn *c, const char *s)
{
    reply_bytes(c, s, strlen(s));
}

void reply_fmt(struct probe_conn *c, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        c->reply_full = true;
        return;
    }
    reply_bytes(c, tmp, (size_t)n);
}

void reply_hex(struct probe_conn *c, const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *b = data;
    if (c->reply_full || len > (c->reply_cap - c->reply_len) / 2) {
        c->reply_full = true;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        c->reply[c->reply_len++] = digits[b[i] >> 4];
        c->reply[c->reply_len++] = digits[b[i] & 15];
    }
}

/* An error reply "E.text"; the text keeps to characters that need no escaping. */
void reply_error(struct probe_conn *c, const char *fmt, ...)
{
    char tmp[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    for (char *p = tmp; *p; p++) {
        if (*p == '$' || *p == '#' || *p == '}' || *p == '*' || (unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            *p = '?';
    }
    reply_reset(c);
    reply_str(c, "E.");
    reply_str(c, tmp);
    c->stats.errors++;
}

/* ---- output -------------------------------------------------------------------------- */

size_t probe_frame(const char *data, size_t len, char *dst, size_t cap)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = 0;
    uint8_t sum = 0;
    if (cap < 4)
        return 0;
    dst[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t b = (uint8_t)data[i];
        if (b == '$' || b == '#' || b == '}' || b == '*') {
            if (n + 2 > cap - 3)
                return 0;
            dst[n++] = '}';
            dst[n++] = (char)(b ^ 0x20);
            sum = (uint8_t)(sum + '}' + (b ^ 0x20));
        } else {
            if (n + 1 > cap - 3)
                return 0;
            dst[n++] = (char)b;
            sum = (uint8_t)(sum + b);
        }
    }
    dst[n++] = '#';
    dst[n++] = digits[sum >> 4];
    dst[n++] = digits[sum & 15];
    return n;
}

static void out_bytes(struct probe_conn *c, const char *data, size_t len)
{
    /* Callers check for room before handling a packet; this never truncates in practice. */
    if (len > sizeof c->out - c->out_len)
        len = sizeof c->out - c->out_len;
    memcpy(c->out + c->out_len, data, len);
    c->out_len += len;
}

static void out_ack(struct probe_conn *c, char ack)
{
    if (!c->noack)
        out_bytes(c, &ack, 1);
}

static void send_reply(struct probe_conn *c)
{
    size_t n = probe_frame(c->reply, c->reply_len, c->last, sizeof c->last);
    if (n == 0) { /* cannot happen: the reply buffer is sized for the worst case */
        reply_error(c, "internal: reply too large");
        n = probe_frame(c->reply, c->reply_len, c->last, sizeof c->last);
    }
    c->last_len = n;
    out_bytes(c, c->last, n);
}

void probe_conn_consume_out(struct probe_conn *conn, size_t n)
{
    if (n >= conn->out_len) {
        conn->out_len = 0;
        return;
    }
    memmove(conn->out, conn->out + n, conn->out_len - n);
    conn->out_len -= n;
}

/* ---- claims and the mapping cache ---------------------------------------------------- */

const struct probe_conn *claim_owner(struct probe_ctx *ctx, uint32_t domid)
{
    for (unsigned i = 0; i < PROBE_MAX_CLAIMS; i++) {
        if (ctx->claims[i].owner && ctx->claims[i].domid == domid)
            return ctx->claims[i].owner;
    }
    return NULL;
}

bool claim(struct probe_ctx *ctx, uint32_t domid, const struct probe_conn *owner)
{
    for (unsigned i = 0; i < PROBE_MAX_CLAIMS; i++) {
        if (!ctx->claims[i].owner) {
            ctx->claims[i].owner = owner;
            ctx->claims[i].domid = domid;
            return true;
        }
    }
    return false;
}

static void release(struct probe_ctx *ctx, const struct probe_conn *owner)
{
    for (unsigned i = 0; i < PROBE_MAX_CLAIMS; i++) {
        if (ctx->claims[i].owner == owner)
            ctx->claims[i].owner = NULL;
    }
}

static void cache_drop_slot(struct probe_conn *c, struct probe_cache_slot *s)
{
    if (s->page) {
        c->ctx->xen->unmap_gfn(c->ctx->xen->self, s->page);
        c->stats.unmaps++;
        s->page = NULL;
    }
}

static void cache_drop_all(struct probe_conn *c)
{
    for (unsigned i = 0; i < PROBE_CACHE_SLOTS; i++)
        cache_drop_slot(c, &c->cache[i]);
}

void detach(struct probe_conn *c)
{
    c->bound.valid = false;
    cache_drop_all(c);
    release(c->ctx, c);
    c->attached = false;
    c->vcpu = 0;
}

/* The page of gfn, mapped read-only, from the cache or freshly; NULL with *err. */
const uint8_t *cache_page(struct probe_conn *c, uint64_t gfn, int *err)
{
    const struct probe_xen_ops *x = c->ctx->xen;
    uint64_t now = x->now_ms(x->self);
    for (unsigned i = 0; i < PROBE_CACHE_SLOTS; i++) {
        struct probe_cache_slot *s = &c->cache[i];
        if (s->page && s->gfn == gfn) {
            if (now - s->mapped_ms < PROBE_CACHE_TTL_MS) {
                c->stats.cache_hits++;
                return s->page;
            }
            cache_drop_slot(c, s); /* old: the guest may have moved another frame there */
        }
    }
    const void *page = x->map_gfn(x->self, c->domid, gfn, err);
    if (!page)
        return NULL;
    c->stats.maps++;
    struct probe_cache_slot *slot = NULL;
    for (unsigned i = 0; i < PROBE_CACHE_SLOTS && !slot; i++) {
        if (!c->cache[i].page)
            slot = &c->cache[i];
    }
    if (!slot) {
        slot = &c->cache[c->cache_next];
        c->cache_next = (c->cache_next + 1) % PROBE_CACHE_SLOTS;
        cache_drop_slot(c, slot);
    }
    slot->gfn = gfn;
    slot->page = page;
    slot->mapped_ms = now;
    return page;
}

/*
 * The attached domain, checked alive. When it is gone or dying the connection lets go of it
 * (mappings dropped, claim released) and the reply says so. Returns false after replying.
 */
bool require_domain(struct probe_conn *c, struct probe_domain *d)
{
    if (!c->attached) {
        reply_error(c, "not attached: send vAttach;DOMID first (qXenguest.Domains lists them)");
        return false;
    }
    int rc = c->ctx->xen->domain_info(c->ctx->xen->self, c->domid, d);
    if (rc == -ESRCH) {
        uint32_t gone = c->domid;
        detach(c);
        logf_ctx(c->ctx, "domain %u is gone: detached its client", gone);
        reply_error(c, "domain %u is gone (destroyed): detached", gone);
        return false;
    }
    if (rc < 0) {
        reply_error(c, "cannot get information on domain %u (errno %d)", c->domid, -rc);
        return false;
    }
    if (d->state == PROBE_STATE_DYING) {
        uint32_t gone = c->domid;
        detach(c);
        logf_ctx(c->ctx, "domain %u is dying: detached its client", gone);
        reply_error(c, "domain %u is dying: detached", gone);
        return false;
    }
    return true;
}

void probe_conn_tick(struct probe_conn *c)
{
    const struct probe_xen_ops *x = c->ctx->xen;
    uint64_t now = x->now_ms(x->self);
    for (unsigned i = 0; i < PROBE_CACHE_SLOTS; i++) {
        if (c->cache[i].page && now - c->cache[i].mapped_ms >= PROBE_CACHE_TTL_MS)
            cache_drop_slot(c, &c->cache[i]);
    }
    if (c->attached) {
        struct probe_domain d;
        int rc = x->domain_info(x->self, c->domid, &d);
        if (rc == -ESRCH || (rc == 0 && d.state == PROBE_STATE_DYING)) {
            /* Keep the claim (the client learns at its next request), but hold no frames of
               a dying domain: a foreign mapping keeps its pages, and it, from going away. */
            cache_drop_all(c);
        }
    }
}

/* ---- connection life ----------------------------------------------------------------- */

void probe_ctx_init(struct probe_ctx *ctx, const struct probe_xen_ops *xen, probe_log_fn log, void *log_user)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->xen = xen;
    ctx->log = log;
    ctx->log_user = log_user;
}

struct probe_conn *probe_conn_new(struct probe_ctx *ctx)
{
    struct probe_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->ctx = ctx;
    c->rx_state = RX_IDLE;
    c->reply_cap = PROBE_LIST_REPLY;
    return c;
}

void probe_conn_free(struct probe_conn *conn)
{
    if (!conn)
        return;
    detach(conn);
    free(conn);
}

/* ---- framing ------------------------------------------------------------------------- */

static bool out_has_room(const struct probe_conn *c)
{
    return sizeof c->out - c->out_len >= PROBE_MAX_WIRE + 2;
}

static void packet_done(struct probe_conn *c)
{
    if (c->rx_overflow) {
        out_ack(c, '+'); /* received whole: no retransmission of a packet that cannot fit */
        c->stats.bad_frames++;
        reply_error(c, "packet too long: at most %u data characters (PacketSize)", PROBE_MAX_PACKET);
        send_reply(c);
        return;
    }
    c->rx[c->rx_len] = '\0';
    out_ack(c, '+');
    bool noack_before = c->noack;
    probe_dispatch(c, c->rx, c->rx_len);
    if (c->closed)
        return;
    (void)noack_before;
    send_reply(c);
}

static void bad_checksum(struct probe_conn *c)
{
    c->stats.bad_frames++;
    if (!c->noack) {
        out_bytes(c, "-", 1); /* the protocol's answer: the client sends the packet again */
        return;
    }
    reply_error(c, "bad checksum");
    send_reply(c);
}

static void truncated(struct probe_conn *c)
{
    c->stats.bad_frames++;
    reply_error(c, "truncated packet: a new one began before '#' and the checksum");
    send_reply(c);
}

size_t probe_conn_feed(struct probe_conn *c, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && !c->closed) {
        if (!out_has_room(c))
            break;
        char ch = data[i++];
        switch (c->rx_state) {
        case RX_IDLE:
            if (ch == '$') {
                c->rx_state = RX_DATA;
                c->rx_len = 0;
                c->rx_sum = 0;
                c->rx_overflow = false;
            } else if (ch == '-' && c->last_len > 0 && !c->noack) {
                out_bytes(c, c->last, c->last_len); /* the client asks for the last reply again */
            } else if (ch == 0x03) {
                reply_reset(c);
                reply_str(c, c->attached ? "S05" : "W00"); /* nothing runs under the client's control */
                send_reply(c);
            }
            /* '+' and stray bytes between packets: ignored */
            break;
        case RX_DATA:
            if (ch == '#') {
                c->rx_state = RX_CSUM1;
            } else if (ch == '$') {
                truncated(c);
                c->rx_state = RX_DATA;
                c->rx_len = 0;
                c->rx_sum = 0;
                c->rx_overflow = false;
            } else {
                c->rx_sum = (uint8_t)(c->rx_sum + (uint8_t)ch);
                if (c->rx_len < PROBE_MAX_PACKET)
                    c->rx[c->rx_len++] = ch;
                else
                    c->rx_overflow = true;
            }
            break;
        case RX_CSUM1:
        case RX_CSUM2:
            if (ch == '$') {
                truncated(c);
                c->rx_state = RX_DATA;
                c->rx_len = 0;
                c->rx_sum = 0;
                c->rx_overflow = false;
                break;
            }
            if (c->rx_state == RX_CSUM1) {
                c->rx_csum_hi = hex_value(ch);
                c->rx_state = RX_CSUM2;
                break;
            }
            c->rx_state = RX_IDLE;
            {
                int lo = hex_value(ch);
                if (c->rx_overflow)
                    packet_done(c);
                else if (c->rx_csum_hi < 0 || lo < 0 || ((c->rx_csum_hi << 4) | lo) != c->rx_sum)
                    bad_checksum(c);
                else
                    packet_done(c);
            }
            break;
        }
    }
    return i;
}
