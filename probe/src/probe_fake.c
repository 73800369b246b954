/*
 * A FAKE Xen host behind the seam (see probe_fake.h). Not Xen: a script of one small host.
 */
#include "probe_fake.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *path;
    const char *value;
} xs_nodes[] = {
    {"/local/domain/0/name", "Domain-0"},
    {"/local/domain/5/name", "guest"},
    {"/local/domain/5/device/vif/0/backend", "/local/domain/0/backend/vif/5/0"},
    {"/local/domain/5/device/vif/0/backend-id", "0"},
    {"/local/domain/5/device/vif/0/state", "4"},
    {"/local/domain/5/device/vif/0/tx-ring-ref", "8"},
    {"/local/domain/5/device/vif/0/rx-ring-ref", "9"},
    {"/local/domain/5/device/vif/0/event-channel", "7"},
    {"/local/domain/5/device/vif/0/mac", "00:16:3e:00:00:05"},
    {"/local/domain/0/backend/vif/5/0/frontend", "/local/domain/5/device/vif/0"},
    {"/local/domain/0/backend/vif/5/0/frontend-id", "5"},
    {"/local/domain/0/backend/vif/5/0/state", "4"},
    {"/local/domain/0/backend/vif/5/0/feature-rx-copy", "1"},
    {"/local/domain/0/backend/console/5/0/state", "4"},
    {"/local/domain/7/name", "doomed"},
};

static struct probe_fake *self_of(void *self)
{
    return self;
}

/* Counts a call naming domid; false when that domain is gone (its budget spent). */
static bool alive(struct probe_fake *f, uint32_t domid)
{
    long *budget = domid == PROBE_FAKE_DOOMED ? &f->doomed_calls : domid == PROBE_FAKE_GUEST ? &f->guest_calls : NULL;
    if (domid != 0 && domid != PROBE_FAKE_GUEST && domid != PROBE_FAKE_DOOMED)
        return false;
    if (!budget || *budget < 0)
        return true;
    if (*budget == 0)
        return false;
    (*budget)--;
    return true;
}

static void fill_domain(uint32_t domid, struct probe_domain *d)
{
    memset(d, 0, sizeof *d);
    d->id = domid;
    switch (domid) {
    case 0:
        strcpy(d->name, "Domain-0");
        d->type = PROBE_DOM_PV;
        d->state = PROBE_STATE_RUNNING;
        d->max_vcpus = d->online_vcpus = 1;
        d->shared_info_frame = 0x12345;
        d->tot_pages = 0x18000;
        break;
    case PROBE_FAKE_GUEST:
        strcpy(d->name, "guest");
        d->type = PROBE_DOM_PVH;
        d->state = PROBE_STATE_BLOCKED;
        d->max_vcpus = d->online_vcpus = 2;
        d->shared_info_frame = PROBE_FAKE_SHARED_INFO_GFN;
        d->tot_pages = PROBE_FAKE_RAM_PAGES;
        break;
    default:
        strcpy(d->name, "doomed");
        d->type = PROBE_DOM_PVH;
        d->state = PROBE_STATE_RUNNING;
        d->max_vcpus = d->online_vcpus = 1;
        d->shared_info_frame = ~0ull; /* not placed yet: Xen's INVALID_GFN */
        d->tot_pages = PROBE_FAKE_RAM_PAGES;
        break;
    }
}

static int fake_list_domains(void *self, uint32_t first, struct probe_domain *out, int max)
{
    struct probe_fake *f = self_of(self);
    static const uint32_t ids[] = {0, PROBE_FAKE_GUEST, PROBE_FAKE_DOOMED};
    int n = 0;
    for (unsigned i = 0; i < 3 && n < max; i++) {
        if (ids[i] < first)
            continue;
        long *budget = ids[i] == PROBE_FAKE_DOOMED ? &f->doomed_calls : ids[i] == PROBE_FAKE_GUEST ? &f->guest_calls : NULL;
        if (budget && *budget == 0)
            continue; /* gone */
        fill_domain(ids[i], &out[n++]);
    }
    return n;
}

static int fake_domain_info(void *self, uint32_t domid, struct probe_domain *out)
{
    if (!alive(self_of(self), domid))
        return -ESRCH;
    fill_domain(domid, out);
    return 0;
}

uint8_t probe_fake_ram_byte(uint64_t addr)
{
    return (uint8_t)((addr >> 12) * 7 + (addr & 0xfff));
}

static const void *fake_map_gfn(void *self, uint32_t domid, uint64_t gfn, int *err)
{
    struct probe_fake *f = self_of(self);
    if (!alive(f, domid)) {
        *err = -ESRCH;
        return NULL;
    }
    if (domid == 0 || (gfn >= PROBE_FAKE_RAM_PAGES && gfn != PROBE_FAKE_STORE_GFN)) {
        *err = -EINVAL;
        return NULL;
    }
    if (f->fail_maps) {
        *err = -ENOMEM;
        return NULL;
    }
    uint8_t *page = malloc(PROBE_PAGE_SIZE);
    if (!page) {
        *err = -ENOMEM;
        return NULL;
    }
    for (unsigned i = 0; i < PROBE_PAGE_SIZE; i++)
        page[i] = probe_fake_ram_byte(gfn * PROBE_PAGE_SIZE + i);
    if (gfn == PROBE_FAKE_STORE_GFN)
        memset(page, 0, PROBE_PAGE_SIZE);   /* an empty, idle xenstore ring */
    if (gfn == PROBE_FAKE_SHARED_INFO_GFN) {
        memset(page, 0, PROBE_PAGE_SIZE);
        page[0] = 1;          /* vcpu_info[0].evtchn_upcall_pending */
        page[1] = 0;          /* evtchn_upcall_mask */
        page[8] = 1;          /* evtchn_pending_sel: word 0 */
        page[2048] = 1u << 3; /* evtchn_pending: port 3 */
        page[2048 + 512] = 1u << 5; /* evtchn_mask: port 5 */
    }
    f->outstanding_maps++;
    return page;
}

static void fake_unmap_gfn(void *self, const void *page)
{
    struct probe_fake *f = self_of(self);
    f->outstanding_maps--;
    free((void *)page);
}

static int fake_evtchn_status(void *self, uint32_t domid, uint32_t port, struct probe_port *out)
{
    self_of(self)->evtchn_calls++;
    if (!alive(self_of(self), domid))
        return -ESRCH;
    memset(out, 0, sizeof *out);
    if (port >= 0x40)
        return -EINVAL;
    if (domid != PROBE_FAKE_GUEST) {
        out->state = port == 1 ? PROBE_PORT_VIRQ : PROBE_PORT_CLOSED;
        return 0;
    }
    switch (port) {
    case 1: out->state = PROBE_PORT_INTERDOMAIN; out->remote_dom = 0; out->remote_port = 0xa; break;
    case 2: out->state = PROBE_PORT_INTERDOMAIN; out->remote_dom = 0; out->remote_port = 0xb; break;
    case 3: out->state = PROBE_PORT_VIRQ; out->virq = 0; break;
    case 4: out->state = PROBE_PORT_UNBOUND; out->remote_dom = 0; break;
    case 5: out->state = PROBE_PORT_IPI; out->vcpu = 1; break;
    case 7: out->state = PROBE_PORT_INTERDOMAIN; out->remote_dom = 0; out->remote_port = 0xc; break;
    default: out->state = PROBE_PORT_CLOSED; break;
    }
    return 0;
}

static int fake_vcpu_info(void *self, uint32_t domid, uint32_t vcpu, struct probe_vcpu *out)
{
    if (!alive(self_of(self), domid))
        return -ESRCH;
    struct probe_domain d;
    fill_domain(domid, &d);
    if (vcpu >= d.max_vcpus)
        return -EINVAL;
    memset(out, 0, sizeof *out);
    out->online = 1;
    out->blocked = domid == PROBE_FAKE_GUEST && vcpu == 0;
    out->running = !out->blocked;
    out->cpu = vcpu;
    out->cpu_time_ns = 1000000u * (vcpu + 1);
    return 0;
}

static int fake_hvm_cpu(void *self, uint32_t domid, uint32_t vcpu, struct probe_regs *out)
{
    if (!alive(self_of(self), domid))
        return -ESRCH;
    if (domid == 0 || vcpu >= (domid == PROBE_FAKE_GUEST ? 2u : 1u))
        return -EINVAL;
    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < 16; i++)
        out->gpr[i] = 0x1000u * (i + 1) + vcpu;
    out->rip = 0x100000u + 0x10u * vcpu;
    out->rflags = 0x202; /* IF set */
    out->seg[0] = 0x10;
    out->seg[1] = 0x18;
    return 0;
}

static int fake_hvm_lapic(void *self, uint32_t domid, uint32_t vcpu, uint8_t regs[PROBE_LAPIC_REGS_SIZE])
{
    if (!alive(self_of(self), domid))
        return -ESRCH;
    if (domid == 0 || vcpu >= (domid == PROBE_FAKE_GUEST ? 2u : 1u))
        return -EINVAL;
    memset(regs, 0, PROBE_LAPIC_REGS_SIZE);
    if (domid == PROBE_FAKE_GUEST && vcpu == 0) {
        /* vector 0xf3: register 7 (bits 224..255), bit 19 */
        regs[0x270 + 2] = 1u << 3; /* IRR */
        regs[0x170 + 2] = 1u << 3; /* ISR */
    }
    return 0;
}

static int fake_hvm_param(void *self, uint32_t domid, uint32_t param, uint64_t *value)
{
    if (!alive(self_of(self), domid))
        return -ESRCH;
    if (domid == 0)
        return -EINVAL;
    switch (param) {
    case PROBE_HVM_PARAM_CALLBACK_IRQ: *value = (2ull << 56) | 0xf3; return 0;
    case PROBE_HVM_PARAM_STORE_PFN: *value = PROBE_FAKE_STORE_GFN; return 0;
    case PROBE_HVM_PARAM_STORE_EVTCHN: *value = 1; return 0;
    case PROBE_HVM_PARAM_CONSOLE_PFN: *value = 0xfeffd; return 0;
    case PROBE_HVM_PARAM_CONSOLE_EVTCHN: *value = 2; return 0;
    default: return -EINVAL;
    }
}

static int fake_grant_info(void *self, uint32_t domid, struct probe_grant_info *out)
{
    if (!alive(self_of(self), domid))
        return -ESRCH;
    out->nr_frames = 1;
    out->max_frames = 4;
    out->version = 1;
    return 0;
}

static const void *fake_grant_map(void *self, uint32_t domid, uint32_t first, uint32_t nr, void **handle, int *err)
{
    struct probe_fake *f = self_of(self);
    if (!alive(f, domid)) {
        *err = -ESRCH;
        return NULL;
    }
    if (nr == 0 || first != 0 || nr > 1) {
        *err = -EINVAL; /* the fake table has one frame */
        return NULL;
    }
    uint8_t *frames = calloc(nr, PROBE_PAGE_SIZE);
    if (!frames) {
        *err = -ENOMEM;
        return NULL;
    }
    /* v1 entries 8 and 9: GTF_permit_access (1) to dom 0, frames 10 and 11 */
    for (unsigned e = 8; e <= 9; e++) {
        uint8_t *entry = frames + 8 * e;
        entry[0] = 1;
        entry[4] = (uint8_t)(0x10 + e - 8);
    }
    f->outstanding_maps++;
    *handle = frames;
    return frames;
}

static void fake_grant_unmap(void *self, void *handle)
{
    self_of(self)->outstanding_maps--;
    free(handle);
}

/* The domain a xenstore path is about (/local/domain/D/...), for the death budgets. */
static bool xs_path_alive(struct probe_fake *f, const char *path)
{
    if (strncmp(path, "/local/domain/5/", 16) == 0 || strstr(path, "/backend/vif/5") || strstr(path, "/backend/console/5"))
        return f->guest_calls != 0;
    return true;
}

static int fake_xs_dir(void *self, const char *path, char *buf, size_t cap, unsigned *count)
{
    struct probe_fake *f = self_of(self);
    size_t plen = strlen(path);
    size_t used = 0;
    bool found = false;
    *count = 0;
    if (!xs_path_alive(f, path))
        return -ENOENT;
    for (size_t i = 0; i < sizeof xs_nodes / sizeof xs_nodes[0]; i++) {
        const char *p = xs_nodes[i].path;
        if (strncmp(p, path, plen) != 0 || p[plen] != '/')
            continue;
        found = true;
        const char *name = p + plen + 1;
        size_t n = strcspn(name, "/");
        /* already listed? */
        bool dup = false;
        for (const char *q = buf; q < buf + used; q += strlen(q) + 1) {
            if (strlen(q) == n && memcmp(q, name, n) == 0)
                dup = true;
        }
        if (dup)
            continue;
        if (used + n + 1 > cap)
            return -E2BIG;
        memcpy(buf + used, name, n);
        buf[used + n] = '\0';
        used += n + 1;
        (*count)++;
    }
    return found ? 0 : -ENOENT;
}

static int fake_xs_read(void *self, const char *path, char *buf, size_t cap, size_t *len)
{
    struct probe_fake *f = self_of(self);
    size_t plen = strlen(path);
    if (!xs_path_alive(f, path))
        return -ENOENT;
    for (size_t i = 0; i < sizeof xs_nodes / sizeof xs_nodes[0]; i++) {
        if (strcmp(xs_nodes[i].path, path) == 0) {
            size_t n = strlen(xs_nodes[i].value);
            if (n > cap)
                n = cap;
            memcpy(buf, xs_nodes[i].value, n);
            *len = n;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof xs_nodes / sizeof xs_nodes[0]; i++) {
        if (strncmp(xs_nodes[i].path, path, plen) == 0 && xs_nodes[i].path[plen] == '/') {
            *len = 0; /* a directory node: empty value */
            return 0;
        }
    }
    return -ENOENT;
}

static int fake_pause(void *self, uint32_t domid)
{
    struct probe_fake *f = self_of(self);
    if (!alive(f, domid))
        return -ESRCH;
    f->pauses++;
    return 0;
}

static int fake_unpause(void *self, uint32_t domid)
{
    struct probe_fake *f = self_of(self);
    (void)domid;
    f->unpauses++;
    return 0;
}

static uint64_t fake_now_ms(void *self)
{
    return self_of(self)->clock_ms++;
}

void probe_fake_init(struct probe_fake *f)
{
    memset(f, 0, sizeof *f);
    f->doomed_calls = 50;
    f->guest_calls = -1;
    f->ops = (struct probe_xen_ops){
        .self = f,
        .kind = "fake",
        .list_domains = fake_list_domains,
        .domain_info = fake_domain_info,
        .map_gfn = fake_map_gfn,
        .unmap_gfn = fake_unmap_gfn,
        .evtchn_status = fake_evtchn_status,
        .vcpu_info = fake_vcpu_info,
        .hvm_cpu = fake_hvm_cpu,
        .hvm_lapic = fake_hvm_lapic,
        .hvm_param = fake_hvm_param,
        .grant_info = fake_grant_info,
        .grant_map = fake_grant_map,
        .grant_unmap = fake_grant_unmap,
        .xs_dir = fake_xs_dir,
        .xs_read = fake_xs_read,
        .pause = fake_pause,
        .unpause = fake_unpause,
        .now_ms = fake_now_ms,
    };
}
