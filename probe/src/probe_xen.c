/*
 * xenguest-probe: the real seam, Xen's libraries in dom0 (libxenctrl, libxenforeignmemory,
 * libxenstore, libxentoollog). Nothing here writes guest memory; the only pause is the one a
 * client's g asks for (probe_core.c says so in the log and counts it).
 */
#define _GNU_SOURCE
#include "probe_xen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xenstore.h>
#include <xentoollog.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>
#include <xen/memory.h>
#include <xen/grant_table.h>

#include "probe_core.h"

_Static_assert(PROBE_HVM_PARAM_CALLBACK_IRQ == HVM_PARAM_CALLBACK_IRQ, "HVM_PARAM_CALLBACK_IRQ");
_Static_assert(PROBE_HVM_PARAM_STORE_PFN == HVM_PARAM_STORE_PFN, "HVM_PARAM_STORE_PFN");
_Static_assert(PROBE_HVM_PARAM_STORE_EVTCHN == HVM_PARAM_STORE_EVTCHN, "HVM_PARAM_STORE_EVTCHN");
_Static_assert(PROBE_HVM_PARAM_CONSOLE_PFN == HVM_PARAM_CONSOLE_PFN, "HVM_PARAM_CONSOLE_PFN");
_Static_assert(PROBE_HVM_PARAM_CONSOLE_EVTCHN == HVM_PARAM_CONSOLE_EVTCHN, "HVM_PARAM_CONSOLE_EVTCHN");
_Static_assert(PROBE_PORT_CLOSED == EVTCHNSTAT_closed && PROBE_PORT_UNBOUND == EVTCHNSTAT_unbound &&
                   PROBE_PORT_INTERDOMAIN == EVTCHNSTAT_interdomain && PROBE_PORT_PIRQ == EVTCHNSTAT_pirq &&
                   PROBE_PORT_VIRQ == EVTCHNSTAT_virq && PROBE_PORT_IPI == EVTCHNSTAT_ipi,
               "EVTCHNSTAT_*");
_Static_assert(PROBE_LAPIC_REGS_SIZE == sizeof(struct hvm_hw_lapic_regs), "LAPIC_REGS");

struct probe_xen {
    struct probe_xen_ops ops;
    xentoollog_logger *log;
    xc_interface *xch;
    xenforeignmemory_handle *fmem;
    struct xs_handle *xs;
};

static struct probe_xen *px(void *self)
{
    return self;
}

static int neg_errno(int rc)
{
    return rc < 0 ? (errno ? -errno : -EIO) : rc;
}

static void fill_domain(struct probe_xen *x, const xc_domaininfo_t *info, struct probe_domain *d)
{
    memset(d, 0, sizeof *d);
    d->id = info->domain;
    d->state = probe_state_from_flags(info->flags);
    d->shutdown_reason = (info->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    d->max_vcpus = info->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID ? 0 : info->max_vcpu_id + 1;
    d->online_vcpus = info->nr_online_vcpus;
    d->shared_info_frame = info->shared_info_frame;
    d->tot_pages = info->tot_pages;
    if (!(info->flags & XEN_DOMINF_hvm_guest))
        d->type = PROBE_DOM_PV;
    else if ((info->arch_config.emulation_flags & ~(XEN_X86_EMU_LAPIC | XEN_X86_EMU_VPCI)) == 0)
        d->type = PROBE_DOM_PVH;
    else
        d->type = PROBE_DOM_HVM;
    char path[64];
    snprintf(path, sizeof path, "/local/domain/%u/name", (unsigned)info->domain);
    unsigned int len = 0;
    char *name = x->xs ? xs_read(x->xs, XBT_NULL, path, &len) : NULL;
    if (name) {
        size_t n = len < PROBE_NAME_MAX - 1 ? len : PROBE_NAME_MAX - 1;
        memcpy(d->name, name, n);
        d->name[n] = '\0';
        free(name);
    }
}

static int xen_list_domains(void *self, uint32_t first, struct probe_domain *out, int max)
{
    struct probe_xen *x = px(self);
    xc_domaininfo_t info[16];
    if (max > 16)
        max = 16;
    errno = 0;
    int n = xc_domain_getinfolist(x->xch, first, (unsigned)max, info);
    if (n < 0)
        return neg_errno(n);
    for (int i = 0; i < n; i++)
        fill_domain(x, &info[i], &out[i]);
    return n;
}

static int xen_domain_info(void *self, uint32_t domid, struct probe_domain *out)
{
    struct probe_xen *x = px(self);
    xc_domaininfo_t info;
    errno = 0;
    int n = xc_domain_getinfolist(x->xch, domid, 1, &info);
    if (n < 0)
        return neg_errno(n);
    if (n == 0 || info.domain != domid)
        return -ESRCH;
    fill_domain(x, &info, out);
    return 0;
}

static const void *xen_map_gfn(void *self, uint32_t domid, uint64_t gfn, int *err)
{
    struct probe_xen *x = px(self);
    xen_pfn_t pfn = (xen_pfn_t)gfn;
    int page_err = 0;
    errno = 0;
    void *page = xenforeignmemory_map(x->fmem, domid, PROT_READ, 1, &pfn, &page_err);
    if (!page) {
        *err = errno ? -errno : -EIO;
        return NULL;
    }
    if (page_err) {
        xenforeignmemory_unmap(x->fmem, page, 1);
        *err = page_err < 0 ? page_err : -page_err;
        return NULL;
    }
    return page;
}

static void xen_unmap_gfn(void *self, const void *page)
{
    xenforeignmemory_unmap(px(self)->fmem, (void *)page, 1);
}

static int xen_evtchn_status(void *self, uint32_t domid, uint32_t port, struct probe_port *out)
{
    xc_evtchn_status_t st;
    memset(&st, 0, sizeof st);
    st.dom = (domid_t)domid;
    st.port = port;
    errno = 0;
    int rc = xc_evtchn_status(px(self)->xch, &st);
    if (rc < 0)
        return neg_errno(rc);
    memset(out, 0, sizeof *out);
    out->state = (enum probe_port_state)st.status;
    out->vcpu = st.vcpu;
    switch (st.status) {
    case EVTCHNSTAT_unbound: out->remote_dom = st.u.unbound.dom; break;
    case EVTCHNSTAT_interdomain:
        out->remote_dom = st.u.interdomain.dom;
        out->remote_port = st.u.interdomain.port;
        break;
    case EVTCHNSTAT_pirq: out->pirq = st.u.pirq; break;
    case EVTCHNSTAT_virq: out->virq = st.u.virq; break;
    default: break;
    }
    return 0;
}

static int xen_vcpu_info(void *self, uint32_t domid, uint32_t vcpu, struct probe_vcpu *out)
{
    xc_vcpuinfo_t info;
    errno = 0;
    int rc = xc_vcpu_getinfo(px(self)->xch, domid, vcpu, &info);
    if (rc < 0)
        return neg_errno(rc);
    out->online = info.online;
    out->blocked = info.blocked;
    out->running = info.running;
    out->cpu = info.cpu;
    out->cpu_time_ns = info.cpu_time;
    return 0;
}

static int xen_hvm_cpu(void *self, uint32_t domid, uint32_t vcpu, struct probe_regs *out)
{
    struct hvm_hw_cpu cpu;
    errno = 0;
    int rc = xc_domain_hvm_getcontext_partial(px(self)->xch, domid, HVM_SAVE_CODE(CPU), (uint16_t)vcpu, &cpu,
                                              sizeof cpu);
    if (rc < 0)
        return neg_errno(rc);
    const uint64_t gpr[16] = {cpu.rax, cpu.rbx, cpu.rcx, cpu.rdx, cpu.rsi, cpu.rdi, cpu.rbp, cpu.rsp,
                              cpu.r8,  cpu.r9,  cpu.r10, cpu.r11, cpu.r12, cpu.r13, cpu.r14, cpu.r15};
    memcpy(out->gpr, gpr, sizeof gpr);
    out->rip = cpu.rip;
    out->rflags = cpu.rflags;
    out->seg[0] = cpu.cs_sel;
    out->seg[1] = cpu.ss_sel;
    out->seg[2] = cpu.ds_sel;
    out->seg[3] = cpu.es_sel;
    out->seg[4] = cpu.fs_sel;
    out->seg[5] = cpu.gs_sel;
    return 0;
}

static int xen_hvm_lapic(void *self, uint32_t domid, uint32_t vcpu, uint8_t regs[PROBE_LAPIC_REGS_SIZE])
{
    struct hvm_hw_lapic_regs lapic;
    errno = 0;
    int rc = xc_domain_hvm_getcontext_partial(px(self)->xch, domid, HVM_SAVE_CODE(LAPIC_REGS), (uint16_t)vcpu,
                                              &lapic, sizeof lapic);
    if (rc < 0)
        return neg_errno(rc);
    memcpy(regs, lapic.data, PROBE_LAPIC_REGS_SIZE);
    return 0;
}

static int xen_hvm_param(void *self, uint32_t domid, uint32_t param, uint64_t *value)
{
    errno = 0;
    int rc = xc_hvm_param_get(px(self)->xch, domid, param, value);
    return rc < 0 ? neg_errno(rc) : 0;
}

static int xen_grant_info(void *self, uint32_t domid, struct probe_grant_info *out)
{
    struct probe_xen *x = px(self);
    struct gnttab_query_size q;
    memset(&q, 0, sizeof q);
    q.dom = (domid_t)domid;
    errno = 0;
    int rc = xc_gnttab_op(x->xch, GNTTABOP_query_size, &q, sizeof q, 1);
    if (rc < 0)
        return neg_errno(rc);
    if (q.status != GNTST_okay)
        return -EINVAL;
    out->nr_frames = q.nr_frames;
    out->max_frames = q.max_nr_frames;
    int version = xc_gnttab_get_version(x->xch, domid);
    out->version = version > 0 ? version : 0;
    return 0;
}

static const void *xen_grant_map(void *self, uint32_t domid, uint32_t first, uint32_t nr, void **handle, int *err)
{
    void *addr = NULL;
    errno = 0;
    xenforeignmemory_resource_handle *res = xenforeignmemory_map_resource(
        px(self)->fmem, (domid_t)domid, XENMEM_resource_grant_table, XENMEM_resource_grant_table_id_shared, first, nr,
        &addr, PROT_READ, 0);
    if (!res) {
        *err = errno ? -errno : -EIO;
        return NULL;
    }
    *handle = res;
    return addr;
}

static void xen_grant_unmap(void *self, void *handle)
{
    xenforeignmemory_unmap_resource(px(self)->fmem, handle);
}

static int xen_xs_dir(void *self, const char *path, char *buf, size_t cap, unsigned *count)
{
    unsigned int n = 0;
    errno = 0;
    char **names = xs_directory(px(self)->xs, XBT_NULL, path, &n);
    *count = 0;
    if (!names)
        return errno ? -errno : -ENOENT;
    size_t used = 0;
    int rc = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (used + len + 1 > cap) {
            rc = -E2BIG;
            break;
        }
        memcpy(buf + used, names[i], len + 1);
        used += len + 1;
        (*count)++;
    }
    free(names);
    return rc == -E2BIG && *count > 0 ? 0 : rc;
}

static int xen_xs_read(void *self, const char *path, char *buf, size_t cap, size_t *len)
{
    unsigned int n = 0;
    errno = 0;
    char *value = xs_read(px(self)->xs, XBT_NULL, path, &n);
    if (!value)
        return errno ? -errno : -ENOENT;
    *len = n < cap ? n : cap;
    memcpy(buf, value, *len);
    free(value);
    return 0;
}

static int xen_pause(void *self, uint32_t domid)
{
    errno = 0;
    int rc = xc_domain_pause(px(self)->xch, domid);
    return rc < 0 ? neg_errno(rc) : 0;
}

static int xen_unpause(void *self, uint32_t domid)
{
    errno = 0;
    int rc = xc_domain_unpause(px(self)->xch, domid);
    return rc < 0 ? neg_errno(rc) : 0;
}

static uint64_t xen_now_ms(void *self)
{
    (void)self;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct probe_xen *probe_xen_open(char *error, size_t error_cap)
{
    struct probe_xen *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(error, error_cap, "out of memory");
        return NULL;
    }
    x->log = (xentoollog_logger *)xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
    x->xch = xc_interface_open(x->log, x->log, 0);
    if (!x->xch) {
        snprintf(error, error_cap,
                 "cannot open libxenctrl (%s): run as root in dom0 of a Xen host, with /dev/xen/privcmd "
                 "(modprobe xen-privcmd) and /proc/xen mounted",
                 strerror(errno));
        probe_xen_close(x);
        return NULL;
    }
    x->fmem = xenforeignmemory_open(x->log, 0);
    if (!x->fmem) {
        snprintf(error, error_cap, "cannot open libxenforeignmemory (%s)", strerror(errno));
        probe_xen_close(x);
        return NULL;
    }
    x->xs = xs_open(XS_OPEN_READONLY);
    if (!x->xs) {
        snprintf(error, error_cap, "cannot open xenstore (%s): is xenstored running?", strerror(errno));
        probe_xen_close(x);
        return NULL;
    }
    x->ops = (struct probe_xen_ops){
        .self = x,
        .kind = "xen",
        .list_domains = xen_list_domains,
        .domain_info = xen_domain_info,
        .map_gfn = xen_map_gfn,
        .unmap_gfn = xen_unmap_gfn,
        .evtchn_status = xen_evtchn_status,
        .vcpu_info = xen_vcpu_info,
        .hvm_cpu = xen_hvm_cpu,
        .hvm_lapic = xen_hvm_lapic,
        .hvm_param = xen_hvm_param,
        .grant_info = xen_grant_info,
        .grant_map = xen_grant_map,
        .grant_unmap = xen_grant_unmap,
        .xs_dir = xen_xs_dir,
        .xs_read = xen_xs_read,
        .pause = xen_pause,
        .unpause = xen_unpause,
        .now_ms = xen_now_ms,
    };
    return x;
}

const struct probe_xen_ops *probe_xen_ops(struct probe_xen *x)
{
    return &x->ops;
}

void probe_xen_close(struct probe_xen *x)
{
    if (!x)
        return;
    if (x->xs)
        xs_close(x->xs);
    if (x->fmem)
        xenforeignmemory_close(x->fmem);
    if (x->xch)
        xc_interface_close(x->xch);
    if (x->log)
        xtl_logger_destroy(x->log);
    free(x);
}
