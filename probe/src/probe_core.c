/*
 * xenguest-probe: the protocol core (see probe_core.h and docs/probe-protocol.md).
 */
#include "probe_core.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RX_IDLE = 0, RX_DATA, RX_CSUM1, RX_CSUM2 };

#define DOMID_FIRST_RESERVED 0x7FF0u
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

static const char *port_state_name(enum probe_port_state state)
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
static bool parse_hex(const char **p, const char *end, uint64_t *value)
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

static bool starts_with(const char *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(data, prefix, n) == 0;
}

static bool equals(const char *data, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(data, word, len) == 0;
}

static void logf_ctx(struct probe_ctx *ctx, const char *fmt, ...)
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

static void reply_reset(struct probe_conn *c)
{
    c->reply_len = 0;
    c->reply_full = false;
}

static void reply_bytes(struct probe_conn *c, const void *data, size_t len)
{
    if (c->reply_full || len > sizeof c->reply - c->reply_len) {
        c->reply_full = true;
        return;
    }
    memcpy(c->reply + c->reply_len, data, len);
    c->reply_len += len;
}

static void reply_str(struct probe_conn *c, const char *s)
{
    reply_bytes(c, s, strlen(s));
}

static void reply_fmt(struct probe_conn *c, const char *fmt, ...)
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

static void reply_hex(struct probe_conn *c, const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *b = data;
    if (c->reply_full || len > (sizeof c->reply - c->reply_len) / 2) {
        c->reply_full = true;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        c->reply[c->reply_len++] = digits[b[i] >> 4];
        c->reply[c->reply_len++] = digits[b[i] & 15];
    }
}

/* An error reply "E.text"; the text keeps to characters that need no escaping. */
static void reply_error(struct probe_conn *c, const char *fmt, ...)
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

static const struct probe_conn *claim_owner(struct probe_ctx *ctx, uint32_t domid)
{
    for (unsigned i = 0; i < PROBE_MAX_CLAIMS; i++) {
        if (ctx->claims[i].owner && ctx->claims[i].domid == domid)
            return ctx->claims[i].owner;
    }
    return NULL;
}

static bool claim(struct probe_ctx *ctx, uint32_t domid, const struct probe_conn *owner)
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

static void detach(struct probe_conn *c)
{
    cache_drop_all(c);
    release(c->ctx, c);
    c->attached = false;
    c->vcpu = 0;
}

/* The page of gfn, mapped read-only, from the cache or freshly; NULL with *err. */
static const uint8_t *cache_page(struct probe_conn *c, uint64_t gfn, int *err)
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
static bool require_domain(struct probe_conn *c, struct probe_domain *d)
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
    return c;
}

void probe_conn_free(struct probe_conn *conn)
{
    if (!conn)
        return;
    detach(conn);
    free(conn);
}

/* ---- commands ------------------------------------------------------------------------ */

static void domain_record(struct probe_conn *c, const struct probe_domain *d)
{
    reply_fmt(c, "id=%x,name=", d->id);
    reply_hex(c, d->name, strnlen(d->name, sizeof d->name));
    reply_fmt(c, ",type=%s,vcpus=%x,online=%x,state=%s", probe_type_name(d->type), d->max_vcpus, d->online_vcpus,
              probe_state_name(d->state));
    if (d->state == PROBE_STATE_SHUTDOWN)
        reply_fmt(c, ",reason=%x", d->shutdown_reason);
}

/* Remembers where a record started, so that one that does not fit is taken back whole. */
#define LIST_RESERVE 48u

static bool record_fits(struct probe_conn *c, size_t mark)
{
    if (!c->reply_full && c->reply_len <= sizeof c->reply - LIST_RESERVE)
        return true;
    c->reply_len = mark;
    c->reply_full = false;
    return false;
}

static void cmd_domains(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t first = 0;
    if (args < end) {
        if (*args != ':' || (args++, !parse_hex(&args, end, &first)) || args != end || first >= DOMID_FIRST_RESERVED) {
            reply_error(c, "malformed qXenguest.Domains: expected qXenguest.Domains[:FIRSTDOMID] (hex)");
            return;
        }
    }
    struct probe_domain list[16];
    uint32_t next = (uint32_t)first;
    unsigned listed = 0;
    for (;;) {
        int n = c->ctx->xen->list_domains(c->ctx->xen->self, next, list, 16);
        if (n < 0) {
            reply_error(c, "cannot list domains (errno %d)", -n);
            return;
        }
        if (n == 0)
            return;
        for (int i = 0; i < n; i++) {
            size_t mark = c->reply_len;
            if (listed)
                reply_str(c, ";");
            domain_record(c, &list[i]);
            if (!record_fits(c, mark) || listed == PROBE_MAX_LIST) {
                c->reply_len = mark;
                reply_fmt(c, "%snext=%x", listed ? ";" : "", list[i].id);
                return;
            }
            listed++;
            next = list[i].id + 1;
        }
        if (n < 16 || next >= DOMID_FIRST_RESERVED)
            return;
    }
}

/* A frame number, or "none" for Xen's INVALID_GFN/MFN (a PVH guest that has not placed its
   shared_info yet reports ~0). */
static void frame_or_none(struct probe_conn *c, uint64_t frame)
{
    if (frame >= (1ull << 52))
        reply_str(c, "none");
    else
        reply_fmt(c, "%llx", (unsigned long long)frame);
}

static void cmd_domain(struct probe_conn *c)
{
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    domain_record(c, &d);
    reply_str(c, ",shared_info=");
    frame_or_none(c, d.shared_info_frame);
    reply_fmt(c, ",pages=%llx", (unsigned long long)d.tot_pages);
}

static void cmd_shared_info(struct probe_conn *c)
{
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    reply_str(c, "gfn=");
    frame_or_none(c, d.shared_info_frame);
    reply_fmt(c, ",type=%s", probe_type_name(d.type));
}

static void cmd_ports(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t first = 0, count = PROBE_MAX_PORT_SCAN;
    if (args < end) {
        bool ok = *args == ':';
        args++;
        ok = ok && parse_hex(&args, end, &first);
        if (ok && args < end) {
            ok = *args == ',';
            args++;
            ok = ok && parse_hex(&args, end, &count);
        }
        if (!ok || args != end || first > 0xffffffffu || count == 0) {
            reply_error(c, "malformed qXenguest.Ports: expected qXenguest.Ports[:FIRST[,COUNT]] (hex)");
            return;
        }
    }
    if (count > PROBE_MAX_PORT_SCAN)
        count = PROBE_MAX_PORT_SCAN;
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    unsigned listed = 0;
    for (uint64_t port = first; port < first + count; port++) {
        if (port > 0xffffffffu) {
            reply_fmt(c, "%send=%llx", listed ? ";" : "", (unsigned long long)port);
            return;
        }
        struct probe_port p;
        int rc = c->ctx->xen->evtchn_status(c->ctx->xen->self, c->domid, (uint32_t)port, &p);
        if (rc == -EINVAL) { /* past the last valid port */
            reply_fmt(c, "%send=%llx", listed ? ";" : "", (unsigned long long)port);
            return;
        }
        if (rc < 0) {
            if (rc == -ESRCH) {
                detach(c);
                reply_error(c, "domain is gone (destroyed): detached");
                return;
            }
            reply_error(c, "EVTCHNOP_status of port %llu failed (errno %d)", (unsigned long long)port, -rc);
            return;
        }
        if (p.state == PROBE_PORT_CLOSED)
            continue;
        size_t mark = c->reply_len;
        if (listed)
            reply_str(c, ";");
        reply_fmt(c, "port=%llx,state=%s,vcpu=%x", (unsigned long long)port, port_state_name(p.state), p.vcpu);
        switch (p.state) {
        case PROBE_PORT_UNBOUND: reply_fmt(c, ",rdom=%x", p.remote_dom); break;
        case PROBE_PORT_INTERDOMAIN: reply_fmt(c, ",rdom=%x,rport=%x", p.remote_dom, p.remote_port); break;
        case PROBE_PORT_PIRQ: reply_fmt(c, ",pirq=%x", p.pirq); break;
        case PROBE_PORT_VIRQ: reply_fmt(c, ",virq=%x", p.virq); break;
        default: break;
        }
        if (!record_fits(c, mark) || listed == PROBE_MAX_LIST) {
            c->reply_len = mark;
            reply_fmt(c, "%snext=%llx", listed ? ";" : "", (unsigned long long)port);
            return;
        }
        listed++;
    }
    reply_fmt(c, "%snext=%llx", listed ? ";" : "", (unsigned long long)(first + count));
}

static void vectors(struct probe_conn *c, const char *key, const uint8_t *regs, unsigned base)
{
    reply_fmt(c, ",%s=", key);
    bool any = false;
    for (unsigned v = 0; v < 256; v++) {
        unsigned word = regs[base + (v / 32) * 16] | (unsigned)regs[base + (v / 32) * 16 + 1] << 8 |
                        (unsigned)regs[base + (v / 32) * 16 + 2] << 16 | (unsigned)regs[base + (v / 32) * 16 + 3] << 24;
        if (word & (1u << (v % 32))) {
            reply_fmt(c, "%s%02x", any ? ":" : "", v);
            any = true;
        }
    }
}

static void cmd_vcpus(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t first = 0;
    if (args < end) {
        if (*args != ':' || (args++, !parse_hex(&args, end, &first)) || args != end) {
            reply_error(c, "malformed qXenguest.Vcpus: expected qXenguest.Vcpus[:FIRSTVCPU] (hex)");
            return;
        }
    }
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    const struct probe_xen_ops *x = c->ctx->xen;
    unsigned listed = 0;
    for (uint64_t v = first; v < d.max_vcpus; v++) {
        size_t mark = c->reply_len;
        struct probe_vcpu info;
        int rc = x->vcpu_info(x->self, c->domid, (uint32_t)v, &info);
        if (listed)
            reply_str(c, ";");
        reply_fmt(c, "vcpu=%llx", (unsigned long long)v);
        if (rc < 0) {
            reply_fmt(c, ",error=%x", -rc);
        } else {
            reply_fmt(c, ",online=%d,blocked=%d,running=%d,cpu=%x,time=%llx", info.online ? 1 : 0,
                      info.blocked ? 1 : 0, info.running ? 1 : 0, info.cpu, (unsigned long long)info.cpu_time_ns);
            if (d.type != PROBE_DOM_PV && info.online) {
                struct probe_regs regs;
                if (x->hvm_cpu(x->self, c->domid, (uint32_t)v, &regs) == 0)
                    reply_fmt(c, ",if=%d,rip=%llx,rflags=%llx", (regs.rflags >> 9) & 1 ? 1 : 0,
                              (unsigned long long)regs.rip, (unsigned long long)regs.rflags);
                uint8_t lapic[PROBE_LAPIC_REGS_SIZE];
                if (x->hvm_lapic(x->self, c->domid, (uint32_t)v, lapic) == 0) {
                    vectors(c, "irr", lapic, 0x200);
                    vectors(c, "isr", lapic, 0x100);
                }
            }
        }
        if (!record_fits(c, mark) || listed == PROBE_MAX_LIST) {
            c->reply_len = mark;
            reply_fmt(c, "%snext=%llx", listed ? ";" : "", (unsigned long long)v);
            return;
        }
        listed++;
    }
}

static void cmd_hvm_params(struct probe_conn *c)
{
    static const struct {
        const char *name;
        uint32_t index;
    } params[] = {
        {"callback_irq", PROBE_HVM_PARAM_CALLBACK_IRQ}, {"store_pfn", PROBE_HVM_PARAM_STORE_PFN},
        {"store_evtchn", PROBE_HVM_PARAM_STORE_EVTCHN}, {"console_pfn", PROBE_HVM_PARAM_CONSOLE_PFN},
        {"console_evtchn", PROBE_HVM_PARAM_CONSOLE_EVTCHN},
    };
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    if (d.type == PROBE_DOM_PV) {
        reply_error(c, "domain %u is PV: it has no HVM params", c->domid);
        return;
    }
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        uint64_t value;
        int rc = c->ctx->xen->hvm_param(c->ctx->xen->self, c->domid, params[i].index, &value);
        if (i)
            reply_str(c, ",");
        if (rc < 0)
            reply_fmt(c, "%s=E%x", params[i].name, -rc);
        else
            reply_fmt(c, "%s=%llx", params[i].name, (unsigned long long)value);
    }
}

static void cmd_grants(struct probe_conn *c)
{
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    struct probe_grant_info g;
    int rc = c->ctx->xen->grant_info(c->ctx->xen->self, c->domid, &g);
    if (rc < 0) {
        reply_error(c, "GNTTABOP_query_size for domain %u failed (errno %d)", c->domid, -rc);
        return;
    }
    reply_fmt(c, "version=%x,frames=%x,max_frames=%x", g.version, g.nr_frames, g.max_frames);
}

static void cmd_grant_read(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t offset, len;
    bool ok = args < end && *args == ':';
    args++;
    ok = ok && parse_hex(&args, end, &offset) && args < end && *args == ',';
    args++;
    ok = ok && parse_hex(&args, end, &len) && args == end;
    if (!ok) {
        reply_error(c, "malformed qXenguest.GrantRead: expected qXenguest.GrantRead:OFFSET,LENGTH (hex)");
        return;
    }
    if (len == 0 || len > PROBE_MAX_READ) {
        reply_error(c, "GrantRead length must be 1..%x", PROBE_MAX_READ);
        return;
    }
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    struct probe_grant_info g;
    int rc = c->ctx->xen->grant_info(c->ctx->xen->self, c->domid, &g);
    if (rc < 0) {
        reply_error(c, "GNTTABOP_query_size for domain %u failed (errno %d)", c->domid, -rc);
        return;
    }
    uint64_t size = (uint64_t)g.nr_frames * PROBE_PAGE_SIZE;
    if (offset >= size) {
        reply_error(c, "offset %llx is past the grant table's %u frames", (unsigned long long)offset, g.nr_frames);
        return;
    }
    if (len > size - offset)
        len = size - offset;
    /* Map only the frames read, and only frames the table has now: mapping more would make Xen
       grow it. */
    uint32_t first_frame = (uint32_t)(offset / PROBE_PAGE_SIZE);
    uint32_t nr = (uint32_t)((offset + len + PROBE_PAGE_SIZE - 1) / PROBE_PAGE_SIZE) - first_frame;
    void *handle = NULL;
    const void *frames = c->ctx->xen->grant_map(c->ctx->xen->self, c->domid, first_frame, nr, &handle, &rc);
    if (!frames) {
        reply_error(c, "cannot map domain %u's grant table (errno %d)", c->domid, -rc);
        return;
    }
    reply_hex(c, (const uint8_t *)frames + (offset - (uint64_t)first_frame * PROBE_PAGE_SIZE), (size_t)len);
    c->ctx->xen->grant_unmap(c->ctx->xen->self, handle);
}

/* ---- xenstore walk ------------------------------------------------------------------- */

struct xs_walk {
    struct probe_conn *c;
    uint64_t skip;     /* nodes before the requested start */
    uint64_t index;    /* nodes visited */
    unsigned listed;
    bool stopped;
    uint64_t next;
};

static void xs_emit(struct xs_walk *w, const char *path, const char *value, size_t value_len)
{
    if (w->stopped)
        return;
    uint64_t index = w->index++;
    if (index < w->skip)
        return;
    struct probe_conn *c = w->c;
    size_t mark = c->reply_len;
    if (w->listed)
        reply_str(c, ";");
    reply_str(c, "path=");
    reply_hex(c, path, strlen(path));
    reply_str(c, ",value=");
    reply_hex(c, value, value_len);
    if (!record_fits(c, mark) || w->listed == PROBE_MAX_LIST) {
        c->reply_len = mark;
        w->stopped = true;
        w->next = index;
        return;
    }
    w->listed++;
}

static void xs_walk_node(struct xs_walk *w, char *path, size_t path_cap, unsigned depth)
{
    const struct probe_xen_ops *x = w->c->ctx->xen;
    if (w->stopped || w->index >= PROBE_XS_MAX_NODES)
        return;
    char value[256];
    size_t value_len = 0;
    if (x->xs_read(x->self, path, value, sizeof value, &value_len) == 0)
        xs_emit(w, path, value, value_len);
    if (depth >= PROBE_XS_MAX_DEPTH)
        return;
    char *names = malloc(4096);
    if (!names)
        return;
    unsigned count = 0;
    if (x->xs_dir(x->self, path, names, 4096, &count) == 0) {
        size_t base = strlen(path);
        const char *name = names;
        for (unsigned i = 0; i < count && !w->stopped; i++) {
            size_t n = strnlen(name, (size_t)(names + 4096 - name));
            if (name + n >= names + 4096)
                break;
            if (n > 0 && memchr(name, '/', n) == NULL && base + 1 + n < path_cap) {
                path[base] = '/';
                memcpy(path + base + 1, name, n + 1);
                xs_walk_node(w, path, path_cap, depth + 1);
                path[base] = '\0';
            }
            name += n + 1;
        }
    }
    free(names);
}

static void cmd_xenstore(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t first = 0;
    if (args < end) {
        if (*args != ':' || (args++, !parse_hex(&args, end, &first)) || args != end) {
            reply_error(c, "malformed qXenguest.Xenstore: expected qXenguest.Xenstore[:FIRSTNODE] (hex)");
            return;
        }
    }
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    const struct probe_xen_ops *x = c->ctx->xen;
    struct xs_walk w = {.c = c, .skip = first};
    char path[512];
    /* the frontend side: /local/domain/D/device/... */
    snprintf(path, sizeof path, "/local/domain/%u/device", c->domid);
    xs_walk_node(&w, path, sizeof path, 0);
    /* the backend side in dom0: /local/domain/0/backend/TYPE/D/... */
    char *types = malloc(4096);
    if (types) {
        unsigned count = 0;
        if (x->xs_dir(x->self, "/local/domain/0/backend", types, 4096, &count) == 0) {
            const char *name = types;
            for (unsigned i = 0; i < count && !w.stopped; i++) {
                size_t n = strnlen(name, (size_t)(types + 4096 - name));
                if (name + n >= types + 4096)
                    break;
                if (n > 0 && n < 64 && memchr(name, '/', n) == NULL) {
                    snprintf(path, sizeof path, "/local/domain/0/backend/%.*s/%u", (int)n, name, c->domid);
                    xs_walk_node(&w, path, sizeof path, 1);
                }
                name += n + 1;
            }
        }
        free(types);
    }
    if (w.stopped)
        reply_fmt(c, "%snext=%llx", w.listed ? ";" : "", (unsigned long long)w.next);
    else if (w.index >= PROBE_XS_MAX_NODES)
        reply_fmt(c, "%struncated=%x", w.listed ? ";" : "", PROBE_XS_MAX_NODES);
}

/* ---- memory and registers ------------------------------------------------------------ */

static bool parse_addr_len(const char *args, const char *end, uint64_t *addr, uint64_t *len)
{
    return parse_hex(&args, end, addr) && args < end && *args++ == ',' && parse_hex(&args, end, len) && args == end;
}

static void cmd_read(struct probe_conn *c, const char *args, const char *end, bool binary)
{
    uint64_t addr, len;
    if (!parse_addr_len(args, end, &addr, &len)) {
        reply_error(c, "malformed %c packet: expected %cADDR,LENGTH (hex)", binary ? 'x' : 'm', binary ? 'x' : 'm');
        return;
    }
    if (len > PROBE_MAX_READ)
        len = PROBE_MAX_READ; /* a short read: the client asks again for the rest */
    if (addr + len < addr) {
        reply_error(c, "address range wraps around");
        return;
    }
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    if (d.type == PROBE_DOM_PV) {
        reply_error(c, "domain %u is PV: guest-physical reads need a PVH or HVM domain", c->domid);
        return;
    }
    if (binary)
        reply_str(c, "b");
    if (len == 0) {
        if (!binary)
            reply_str(c, "OK");
        return;
    }
    uint64_t done = 0;
    while (done < len) {
        uint64_t at = addr + done;
        uint64_t gfn = at / PROBE_PAGE_SIZE;
        size_t in_page = (size_t)(at % PROBE_PAGE_SIZE);
        size_t n = PROBE_PAGE_SIZE - in_page;
        if (n > len - done)
            n = (size_t)(len - done);
        int err = 0;
        const uint8_t *page = cache_page(c, gfn, &err);
        if (!page) {
            if (done > 0)
                return; /* a short read */
            reply_error(c, "cannot map guest frame %llx of domain %u (errno %d): not guest RAM?",
                        (unsigned long long)gfn, c->domid, -err);
            return;
        }
        if (binary)
            reply_bytes(c, page + in_page, n);
        else
            reply_hex(c, page + in_page, n);
        done += n;
    }
}

static void put_le(struct probe_conn *c, uint64_t value, unsigned bytes)
{
    uint8_t b[8];
    for (unsigned i = 0; i < bytes; i++)
        b[i] = (uint8_t)(value >> (8 * i));
    reply_hex(c, b, bytes);
}

static void cmd_registers(struct probe_conn *c)
{
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    if (d.type == PROBE_DOM_PV) {
        reply_error(c, "domain %u is PV: registers come from HVM save records (PVH or HVM only)", c->domid);
        return;
    }
    const struct probe_xen_ops *x = c->ctx->xen;
    int rc = x->pause(x->self, c->domid);
    if (rc < 0) {
        reply_error(c, "cannot pause domain %u to read its registers (errno %d)", c->domid, -rc);
        return;
    }
    c->ctx->pauses++;
    struct probe_regs regs;
    rc = x->hvm_cpu(x->self, c->domid, c->vcpu, &regs);
    int urc = x->unpause(x->self, c->domid);
    logf_ctx(c->ctx, "paused domain %u to read vCPU %u's registers for a client (g); unpaused%s", c->domid, c->vcpu,
             urc < 0 ? " FAILED" : "");
    if (rc < 0) {
        reply_error(c, "cannot read vCPU %u's registers (errno %d)", c->vcpu, -rc);
        return;
    }
    for (unsigned i = 0; i < 16; i++)
        put_le(c, regs.gpr[i], 8);
    put_le(c, regs.rip, 8);
    put_le(c, regs.rflags, 4);
    for (unsigned i = 0; i < 6; i++)
        put_le(c, regs.seg[i], 4);
}

static void cmd_attach(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t domid;
    if (!parse_hex(&args, end, &domid) || args != end) {
        reply_error(c, "malformed vAttach: expected vAttach;DOMID (hex)");
        return;
    }
    if (domid >= DOMID_FIRST_RESERVED) {
        reply_error(c, "domain id %llx is out of range", (unsigned long long)domid);
        return;
    }
    const struct probe_conn *owner = claim_owner(c->ctx, (uint32_t)domid);
    if (owner && owner != c) {
        reply_error(c, "busy: another client is attached to domain %u (one client per domain)", (unsigned)domid);
        return;
    }
    struct probe_domain d;
    int rc = c->ctx->xen->domain_info(c->ctx->xen->self, (uint32_t)domid, &d);
    if (rc == -ESRCH) {
        reply_error(c, "no domain %u (qXenguest.Domains lists them)", (unsigned)domid);
        return;
    }
    if (rc < 0) {
        reply_error(c, "cannot get information on domain %u (errno %d)", (unsigned)domid, -rc);
        return;
    }
    if (d.state == PROBE_STATE_DYING) {
        reply_error(c, "domain %u is dying", (unsigned)domid);
        return;
    }
    if (owner == c) {
        reply_str(c, "S05");
        return;
    }
    detach(c);
    if (!claim(c->ctx, (uint32_t)domid, c)) {
        reply_error(c, "busy: the probe serves %u domains at most", PROBE_MAX_CLAIMS);
        return;
    }
    c->attached = true;
    c->domid = (uint32_t)domid;
    c->vcpu = 0;
    logf_ctx(c->ctx, "client attached to domain %u (%s, %s)", c->domid, d.name, probe_type_name(d.type));
    reply_str(c, "S05");
}

static void cmd_thread_select(struct probe_conn *c, const char *args, const char *end)
{
    /* Hg/Hc: thread ids are vCPU + 1; 0 and -1 mean any (vCPU 0) */
    if (end - args == 2 && args[0] == '-' && args[1] == '1') {
        c->vcpu = 0;
        reply_str(c, "OK");
        return;
    }
    uint64_t id;
    if (!parse_hex(&args, end, &id) || args != end || id > PROBE_MAX_VCPUS) {
        reply_error(c, "malformed H packet: expected Hg<thread> (hex, vCPU + 1)");
        return;
    }
    c->vcpu = id == 0 ? 0 : (uint32_t)(id - 1);
    reply_str(c, "OK");
}

static void cmd_thread_info(struct probe_conn *c)
{
    struct probe_domain d;
    if (!c->attached || c->ctx->xen->domain_info(c->ctx->xen->self, c->domid, &d) < 0) {
        reply_str(c, "l");
        return;
    }
    uint32_t n = d.max_vcpus > PROBE_MAX_VCPUS ? PROBE_MAX_VCPUS : d.max_vcpus;
    reply_str(c, "m");
    for (uint32_t v = 0; v < n; v++)
        reply_fmt(c, "%s%x", v ? "," : "", v + 1);
    if (n == 0)
        reply_reset(c), reply_str(c, "l");
}

static void cmd_status(struct probe_conn *c)
{
    reply_fmt(c, "version=%x,xen=%s,packet=%x,attached=", PROBE_PROTOCOL_VERSION, c->ctx->xen->kind,
              PROBE_MAX_PACKET);
    if (c->attached)
        reply_fmt(c, "%x", c->domid);
    else
        reply_str(c, "none");
    reply_fmt(c, ",pauses=%lx,maps=%lx,unmaps=%lx,hits=%lx", c->ctx->pauses, c->stats.maps, c->stats.unmaps,
              c->stats.cache_hits);
}

static void dispatch(struct probe_conn *c, const char *p, size_t len)
{
    const char *end = p + len;
    reply_reset(c);
    c->stats.packets++;
    if (len == 0) {
        reply_error(c, "empty packet");
        return;
    }
    if (starts_with(p, len, "qXenguest.")) {
        const char *q = p + 10;
        size_t qlen = len - 10;
        if (equals(q, qlen, "Version") || equals(q, qlen, "Status"))
            cmd_status(c);
        else if (starts_with(q, qlen, "Domains"))
            cmd_domains(c, q + 7, end);
        else if (equals(q, qlen, "Domain"))
            cmd_domain(c);
        else if (equals(q, qlen, "SharedInfo"))
            cmd_shared_info(c);
        else if (starts_with(q, qlen, "Ports"))
            cmd_ports(c, q + 5, end);
        else if (starts_with(q, qlen, "Vcpus"))
            cmd_vcpus(c, q + 5, end);
        else if (equals(q, qlen, "HvmParams"))
            cmd_hvm_params(c);
        else if (equals(q, qlen, "Grants"))
            cmd_grants(c);
        else if (starts_with(q, qlen, "GrantRead"))
            cmd_grant_read(c, q + 9, end);
        else if (starts_with(q, qlen, "Xenstore"))
            cmd_xenstore(c, q + 8, end);
        else
            reply_error(c, "unknown query qXenguest.%.*s (docs/probe-protocol.md lists them)",
                        (int)(qlen > 40 ? 40 : qlen), q);
        return;
    }
    switch (p[0]) {
    case 'q':
        if (starts_with(p, len, "qSupported"))
            reply_fmt(c, "PacketSize=%x;QStartNoAckMode+;binary-upload+;qXenguest+", PROBE_MAX_PACKET);
        else if (equals(p, len, "qAttached") || starts_with(p, len, "qAttached:"))
            reply_str(c, "1");
        else if (equals(p, len, "qC"))
            reply_fmt(c, "QC%x", c->vcpu + 1);
        else if (equals(p, len, "qfThreadInfo"))
            cmd_thread_info(c);
        else if (equals(p, len, "qsThreadInfo"))
            reply_str(c, "l");
        else if (starts_with(p, len, "qSymbol"))
            reply_str(c, "OK");
        /* anything else: the empty reply, "not supported" */
        return;
    case 'Q':
        if (equals(p, len, "QStartNoAckMode")) {
            reply_str(c, "OK");
            c->noack = true; /* from after this reply's ack on */
        }
        return;
    case '?':
        reply_str(c, c->attached ? "S05" : "W00");
        return;
    case '!':
        reply_str(c, "OK");
        return;
    case 'v':
        if (starts_with(p, len, "vAttach;"))
            cmd_attach(c, p + 8, end);
        else if (equals(p, len, "vMustReplyEmpty") || equals(p, len, "vCont?"))
            ; /* empty */
        else if (starts_with(p, len, "vCont") || starts_with(p, len, "vRun") || starts_with(p, len, "vKill"))
            reply_error(c, "read-only probe: it never runs, stops or kills a domain");
        return;
    case 'D':
        detach(c);
        reply_str(c, "OK");
        return;
    case 'k':
        detach(c);
        c->closed = true;
        reply_reset(c); /* no reply to k */
        return;
    case 'H':
        if (len >= 2 && (p[1] == 'g' || p[1] == 'c'))
            cmd_thread_select(c, p + 2, end);
        else
            reply_error(c, "malformed H packet");
        return;
    case 'T':
        reply_str(c, "OK");
        return;
    case 'm':
        cmd_read(c, p + 1, end, false);
        return;
    case 'x':
        cmd_read(c, p + 1, end, true);
        return;
    case 'g':
        if (len != 1)
            reply_error(c, "malformed g packet");
        else
            cmd_registers(c);
        return;
    case 'M':
    case 'X':
    case 'G':
    case 'P':
        reply_error(c, "read-only probe: it never writes guest memory or registers");
        return;
    case 'c':
    case 's':
    case 'C':
    case 'S':
    case 'R':
    case 'r':
        reply_error(c, "read-only probe: it never runs or stops a domain (it is not paused)");
        return;
    default:
        return; /* not supported: the empty reply */
    }
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
    dispatch(c, c->rx, c->rx_len);
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
