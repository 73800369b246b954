/*
 * xenguest-probe: the seam between the protocol core and Xen.
 *
 * Every call the probe makes into libxenctrl, libxenforeignmemory and libxenstore goes
 * through one struct of function pointers. probe_xen.c fills it with the real libraries;
 * probe_fake.c fills it with a scripted host (for the unit tests, the fuzz harness and the
 * `xenguest-probe-fake` binary). The core never includes a libxen header.
 *
 * Conventions: functions return 0 or a negative errno value; out-parameters are caller
 * memory with explicit capacities, so the seam never hands the core memory to free.
 */
#ifndef PROBE_SEAM_H
#define PROBE_SEAM_H

#include <stddef.h>
#include <stdint.h>

#define PROBE_PAGE_SIZE 4096u
#define PROBE_NAME_MAX 64u
#define PROBE_LAPIC_REGS_SIZE 1024u

enum probe_domain_type { PROBE_DOM_PV = 0, PROBE_DOM_PVH = 1, PROBE_DOM_HVM = 2 };

enum probe_domain_state {
    PROBE_STATE_RUNNING = 0,
    PROBE_STATE_BLOCKED = 1,
    PROBE_STATE_PAUSED = 2,
    PROBE_STATE_SHUTDOWN = 3,
    PROBE_STATE_DYING = 4
};

struct probe_domain {
    uint32_t id;
    char name[PROBE_NAME_MAX];      /* NUL-terminated, may be empty */
    enum probe_domain_type type;
    enum probe_domain_state state;
    uint32_t shutdown_reason;       /* meaningful when state == SHUTDOWN */
    uint32_t max_vcpus;             /* max_vcpu_id + 1 */
    uint32_t online_vcpus;
    uint64_t shared_info_frame;     /* a GFN for PVH/HVM, an MFN for PV */
    uint64_t tot_pages;
};

/* evtchn_status.status values (xen/event_channel.h EVTCHNSTAT_*) */
enum probe_port_state {
    PROBE_PORT_CLOSED = 0,
    PROBE_PORT_UNBOUND = 1,
    PROBE_PORT_INTERDOMAIN = 2,
    PROBE_PORT_PIRQ = 3,
    PROBE_PORT_VIRQ = 4,
    PROBE_PORT_IPI = 5
};

struct probe_port {
    enum probe_port_state state;
    uint32_t vcpu;        /* VCPU to which this channel is bound */
    uint32_t remote_dom;  /* unbound: the domain allowed to bind; interdomain: the peer */
    uint32_t remote_port; /* interdomain only */
    uint32_t pirq;        /* pirq only */
    uint32_t virq;        /* virq only */
};

struct probe_vcpu {
    int online;
    int blocked;
    int running;
    uint32_t cpu; /* physical CPU */
    uint64_t cpu_time_ns;
};

/* From HVM_SAVE_CODE(CPU): general registers in gdb's x86-64 order. */
struct probe_regs {
    uint64_t gpr[16]; /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 */
    uint64_t rip;
    uint64_t rflags;
    uint32_t seg[6];  /* cs ss ds es fs gs */
};

struct probe_grant_info {
    uint32_t nr_frames;
    uint32_t max_frames;
    int version; /* 1 or 2; 0 when unknown */
};

/* HVM params the probe reports (numbers as in xen/hvm/params.h) */
#define PROBE_HVM_PARAM_CALLBACK_IRQ 0
#define PROBE_HVM_PARAM_STORE_PFN 1
#define PROBE_HVM_PARAM_STORE_EVTCHN 2
#define PROBE_HVM_PARAM_CONSOLE_PFN 17
#define PROBE_HVM_PARAM_CONSOLE_EVTCHN 18

struct probe_xen_ops {
    void *self;
    const char *kind; /* "xen" or "fake": reported to clients, so a fake never passes for Xen */

    /* Domains with id >= first, ascending; returns how many were stored (<= max) or -errno. */
    int (*list_domains)(void *self, uint32_t first, struct probe_domain *out, int max);
    /* One domain; -ESRCH when there is none with that id. */
    int (*domain_info)(void *self, uint32_t domid, struct probe_domain *out);

    /* Maps one guest frame read-only; NULL with *err = -errno on failure. */
    const void *(*map_gfn)(void *self, uint32_t domid, uint64_t gfn, int *err);
    void (*unmap_gfn)(void *self, const void *page);

    /* EVTCHNOP_status; -EINVAL past the domain's last valid port. */
    int (*evtchn_status)(void *self, uint32_t domid, uint32_t port, struct probe_port *out);
    /* xc_vcpu_getinfo; -ESRCH/-EINVAL past the last vCPU. */
    int (*vcpu_info)(void *self, uint32_t domid, uint32_t vcpu, struct probe_vcpu *out);
    /* HVM save record CPU of one vCPU (PVH/HVM only). */
    int (*hvm_cpu)(void *self, uint32_t domid, uint32_t vcpu, struct probe_regs *out);
    /* HVM save record LAPIC_REGS of one vCPU: the 1 KiB register page. */
    int (*hvm_lapic)(void *self, uint32_t domid, uint32_t vcpu, uint8_t regs[PROBE_LAPIC_REGS_SIZE]);
    int (*hvm_param)(void *self, uint32_t domid, uint32_t param, uint64_t *value);

    int (*grant_info)(void *self, uint32_t domid, struct probe_grant_info *out);
    /* Maps shared grant-table frames first..first+nr-1 (XENMEM_resource_grant_table) read-only. */
    const void *(*grant_map)(void *self, uint32_t domid, uint32_t first, uint32_t nr, void **handle, int *err);
    void (*grant_unmap)(void *self, void *handle);

    /* xs_directory: the names, each NUL-terminated, packed into buf; *count of them. */
    int (*xs_dir)(void *self, const char *path, char *buf, size_t cap, unsigned *count);
    /* xs_read: up to cap bytes of the value; *len the bytes stored. */
    int (*xs_read)(void *self, const char *path, char *buf, size_t cap, size_t *len);

    int (*pause)(void *self, uint32_t domid);
    int (*unpause)(void *self, uint32_t domid);

    /* A monotonic clock in milliseconds (the mapping cache's age). */
    uint64_t (*now_ms)(void *self);
};

#endif
