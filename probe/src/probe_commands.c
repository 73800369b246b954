/*
 * xenguest-probe: the answers to each packet (gdb's and the qXenguest.* queries), through the
 * Xen seam; see docs/probe-protocol.md. Framing, bounds and the cache are in probe_core.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe_core.h"
#include "probe_internal.h"

#define DOMID_FIRST_RESERVED 0x7FF0u

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
    if (!c->reply_full && c->reply_len <= c->reply_cap - LIST_RESERVE)
        return true;
    c->reply_len = mark;
    c->reply_full = false;
    return false;
}

/* The optional ":FIRST" (hex) a paged query takes; false when it is malformed (nothing replied). */
static bool parse_first(const char *args, const char *end, uint64_t *first)
{
    *first = 0;
    if (args == end)
        return true;
    return *args == ':' && (args++, parse_hex(&args, end, first)) && args == end;
}

static void cmd_domains(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t first;
    if (!parse_first(args, end, &first) || first >= DOMID_FIRST_RESERVED) {
        reply_error(c, "malformed qXenguest.Domains: expected qXenguest.Domains[:FIRSTDOMID] (hex)");
        return;
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

/* The attached domain's record with where its shared_info is (qXenguest.Domain, Snapshot). */
static void domain_info_record(struct probe_conn *c, const struct probe_domain *d)
{
    domain_record(c, d);
    reply_str(c, ",shared_info=");
    frame_or_none(c, d->shared_info_frame);
    reply_fmt(c, ",pages=%llx", (unsigned long long)d->tot_pages);
}

static void cmd_domain(struct probe_conn *c)
{
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    domain_info_record(c, &d);
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

static void port_record(struct probe_conn *c, const char *sep, uint32_t port, const struct probe_port *p)
{
    reply_fmt(c, "%sport=%x,state=%s,vcpu=%x", sep, port, port_state_name(p->state), p->vcpu);
    switch (p->state) {
    case PROBE_PORT_UNBOUND: reply_fmt(c, ",rdom=%x", p->remote_dom); break;
    case PROBE_PORT_INTERDOMAIN: reply_fmt(c, ",rdom=%x,rport=%x", p->remote_dom, p->remote_port); break;
    case PROBE_PORT_PIRQ: reply_fmt(c, ",pirq=%x", p->pirq); break;
    case PROBE_PORT_VIRQ: reply_fmt(c, ",virq=%x", p->virq); break;
    default: break;
    }
}

/*
 * Lists the ports first..first+count-1 that are not free, each record after a ';' when
 * `after` (records precede it). Ends with `<key>end=P` (past the last valid port) or
 * `<key>next=P` (ask again from P); key is "" (qXenguest.Ports) or "ports_" (Snapshot).
 * False after replying with an error (the domain gone: detached).
 */
static bool list_ports(struct probe_conn *c, uint64_t first, uint64_t count, bool after, const char *key, bool memo)
{
    unsigned listed = 0;
    c->bound.valid = false;
    c->bound.count = 0;
    for (uint64_t port = first; port < first + count; port++) {
        const char *sep = listed || after ? ";" : "";
        if (port > 0xffffffffu) {
            reply_fmt(c, "%s%send=%llx", sep, key, (unsigned long long)port);
            return true;
        }
        struct probe_port p;
        int rc = c->ctx->xen->evtchn_status(c->ctx->xen->self, c->domid, (uint32_t)port, &p);
        if (rc == -EINVAL) { /* past the last valid port */
            reply_fmt(c, "%s%send=%llx", sep, key, (unsigned long long)port);
            if (memo && first == 0) { /* a whole scan: remember what was bound */
                c->bound.valid = true;
                c->bound.domid = c->domid;
                c->bound.end = (uint32_t)port;
                c->bound.scanned_ms = c->ctx->xen->now_ms(c->ctx->xen->self);
            }
            return true;
        }
        if (rc < 0) {
            if (rc == -ESRCH) {
                uint32_t gone = c->domid;
                detach(c);
                reply_error(c, "domain %u is gone (destroyed): detached", gone);
                return false;
            }
            reply_error(c, "EVTCHNOP_status of port %llu failed (errno %d)", (unsigned long long)port, -rc);
            return false;
        }
        if (p.state == PROBE_PORT_CLOSED)
            continue;
        size_t mark = c->reply_len;
        port_record(c, sep, (uint32_t)port, &p);
        if (!record_fits(c, mark) || listed == PROBE_MAX_LIST) {
            c->reply_len = mark;
            reply_fmt(c, "%s%snext=%llx", sep, key, (unsigned long long)port);
            return true;
        }
        c->bound.ports[c->bound.count++] = (uint32_t)port; /* listed <= PROBE_MAX_LIST: it fits */
        listed++;
    }
    reply_fmt(c, "%s%snext=%llx", listed || after ? ";" : "", key, (unsigned long long)(first + count));
    return true;
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
    list_ports(c, first, count, false, "", false);
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

/*
 * Lists vCPUs first..max of domain d, each record after a ';' when `after`; ends with
 * `<key>next=V` when the reply is full (key "" for qXenguest.Vcpus, "vcpus_" for Snapshot).
 */
static void list_vcpus(struct probe_conn *c, const struct probe_domain *d, uint64_t first, bool after, const char *key)
{
    const struct probe_xen_ops *x = c->ctx->xen;
    unsigned listed = 0;
    for (uint64_t v = first; v < d->max_vcpus; v++) {
        const char *sep = listed || after ? ";" : "";
        size_t mark = c->reply_len;
        struct probe_vcpu info;
        int rc = x->vcpu_info(x->self, c->domid, (uint32_t)v, &info);
        reply_fmt(c, "%svcpu=%llx", sep, (unsigned long long)v);
        if (rc < 0) {
            reply_fmt(c, ",error=%x", -rc);
        } else {
            reply_fmt(c, ",online=%d,blocked=%d,running=%d,cpu=%x,time=%llx", info.online ? 1 : 0,
                      info.blocked ? 1 : 0, info.running ? 1 : 0, info.cpu, (unsigned long long)info.cpu_time_ns);
            if (d->type != PROBE_DOM_PV && info.online) {
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
            reply_fmt(c, "%s%snext=%llx", sep, key, (unsigned long long)v);
            return;
        }
        listed++;
    }
}

static void cmd_vcpus(struct probe_conn *c, const char *args, const char *end)
{
    uint64_t first;
    if (!parse_first(args, end, &first)) {
        reply_error(c, "malformed qXenguest.Vcpus: expected qXenguest.Vcpus[:FIRSTVCPU] (hex)");
        return;
    }
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    list_vcpus(c, &d, first, false, "");
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
    uint64_t first;
    if (!parse_first(args, end, &first)) {
        reply_error(c, "malformed qXenguest.Xenstore: expected qXenguest.Xenstore[:FIRSTNODE] (hex)");
        return;
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

/* ---- the vectored snapshot ----------------------------------------------------------- */

struct snapshot_range {
    uint64_t addr, len;
};

/* ":ADDR,LEN[;ADDR,LEN]..." (hex) or nothing; NULL when well-formed, else what is wrong. */
static const char *parse_ranges(const char *args, const char *end, struct snapshot_range *out, unsigned *count)
{
    *count = 0;
    if (args == end)
        return NULL;
    if (*args++ != ':')
        return "malformed";
    uint64_t total = 0;
    for (;;) {
        uint64_t addr, len;
        if (!parse_hex(&args, end, &addr) || args == end || *args++ != ',' || !parse_hex(&args, end, &len))
            return "malformed";
        if (*count == PROBE_SNAPSHOT_MAX_RANGES)
            return "too many ranges";
        if (len == 0 || len > PROBE_MAX_READ)
            return "a range's length is not 1..2000 (hex)";
        if (addr + len < addr)
            return "a range wraps around";
        total += len;
        if (total > PROBE_SNAPSHOT_MAX_BYTES)
            return "too many bytes in all";
        out[(*count)++] = (struct snapshot_range){addr, len};
        if (args == end)
            return NULL;
        if (*args++ != ';')
            return "malformed";
    }
}

/* mem=ADDR,data=HEX, or mem=ADDR,error=ERRNO when a frame of the range is not mapped. */
static void memory_record(struct probe_conn *c, const struct snapshot_range *r)
{
    size_t mark = c->reply_len;
    reply_fmt(c, ";mem=%llx,data=", (unsigned long long)r->addr);
    for (uint64_t done = 0; done < r->len;) {
        uint64_t at = r->addr + done;
        size_t in_page = (size_t)(at % PROBE_PAGE_SIZE);
        size_t n = PROBE_PAGE_SIZE - in_page;
        if (n > r->len - done)
            n = (size_t)(r->len - done);
        int err = 0;
        const uint8_t *page = cache_page(c, at / PROBE_PAGE_SIZE, &err);
        if (!page) {
            c->reply_len = mark;
            reply_fmt(c, ";mem=%llx,error=%x", (unsigned long long)r->addr, err < 0 ? -err : EFAULT);
            return;
        }
        reply_hex(c, page + in_page, n);
        done += n;
    }
}

/*
 * A Snapshot's ports. Scanning every valid port is one EVTCHNOP_status each (64 and more, most
 * of them free): done at most every PROBE_PORT_RESCAN_MS; in between only the ports the last
 * scan found bound are asked again (a port closed since drops out at once; one bound since shows
 * at the next scan).
 */
static void snapshot_ports(struct probe_conn *c)
{
    const struct probe_xen_ops *x = c->ctx->xen;
    if (!c->bound.valid || c->bound.domid != c->domid ||
        x->now_ms(x->self) - c->bound.scanned_ms >= PROBE_PORT_RESCAN_MS) {
        list_ports(c, 0, PROBE_MAX_PORT_SCAN, true, "ports_", true);
        return;
    }
    for (unsigned i = 0; i < c->bound.count; i++) {
        uint32_t port = c->bound.ports[i];
        struct probe_port p;
        int rc = x->evtchn_status(x->self, c->domid, port, &p);
        if (rc == -ESRCH) {
            uint32_t gone = c->domid;
            detach(c);
            reply_error(c, "domain %u is gone (destroyed): detached", gone);
            return;
        }
        if (rc < 0 || p.state == PROBE_PORT_CLOSED)
            continue; /* closed since the scan (or no longer valid): not bound */
        size_t mark = c->reply_len;
        port_record(c, ";", port, &p);
        if (!record_fits(c, mark)) {
            c->reply_len = mark;
            c->bound.valid = false;
            reply_fmt(c, ";ports_next=%x", port);
            return;
        }
    }
    reply_fmt(c, ";ports_end=%x", c->bound.end);
}

/*
 * qXenguest.Snapshot[:ADDR,LEN[;ADDR,LEN]...]: everything one snapshot needs in one reply: the
 * domain's record (as qXenguest.Domain), the ranges of guest-physical memory asked for, the
 * vCPUs (as qXenguest.Vcpus) and the bound ports (as qXenguest.Ports), bounded in size.
 */
static void cmd_snapshot(struct probe_conn *c, const char *args, const char *end)
{
    struct snapshot_range ranges[PROBE_SNAPSHOT_MAX_RANGES];
    unsigned count;
    const char *wrong = parse_ranges(args, end, ranges, &count);
    if (wrong) {
        reply_error(c, "qXenguest.Snapshot: %s: expected qXenguest.Snapshot[:ADDR,LEN[;ADDR,LEN]...] (hex; at most %u"
                       " ranges, %x bytes in all)", wrong, PROBE_SNAPSHOT_MAX_RANGES, PROBE_SNAPSHOT_MAX_BYTES);
        return;
    }
    struct probe_domain d;
    if (!require_domain(c, &d))
        return;
    if (count > 0 && d.type == PROBE_DOM_PV) {
        reply_error(c, "domain %u is PV: guest-physical reads need a PVH or HVM domain", c->domid);
        return;
    }
    c->reply_cap = sizeof c->reply;
    domain_info_record(c, &d);
    for (unsigned i = 0; i < count; i++)
        memory_record(c, &ranges[i]);
    list_vcpus(c, &d, 0, true, "vcpus_");
    snapshot_ports(c);
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

void probe_dispatch(struct probe_conn *c, const char *p, size_t len)
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
        else if (starts_with(q, qlen, "Snapshot"))
            cmd_snapshot(c, q + 8, end);
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
            reply_fmt(c, "PacketSize=%x;QStartNoAckMode+;binary-upload+;qXenguest+;qXenguest.Snapshot=%x", PROBE_MAX_PACKET,
                      PROBE_SNAPSHOT_MAX_BYTES);
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
