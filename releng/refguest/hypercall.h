/*
 * Hypercalls for a PVH (HVM-container) guest on x86-64.
 *
 * Xen advertises itself in CPUID leaves 0x40000000 + n*0x100 with the
 * signature "XenVMMXenVMM"; leaf base+2 names the MSR to which the guest
 * writes the physical address of a page of its own.  Xen then fills that
 * page with 32-byte stubs (mov $nr,%eax; vmcall|vmmcall; ret), so the
 * guest needs no knowledge of Intel vs AMD.
 *
 * Calling convention (64-bit HVM): arguments in rdi, rsi, rdx, r10, r8;
 * result in rax.  All five argument registers are declared clobbered:
 * debug builds of Xen poison the ones a hypercall does not use.
 */
#ifndef REFGUEST_HYPERCALL_H
#define REFGUEST_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>

extern uint8_t hypercall_page[4096];  /* boot.S, page aligned */

/* Finds Xen's CPUID base, installs the hypercall page.
 * Returns the CPUID base (0x40000000 + n*0x100), or 0 if not on Xen. */
uint32_t xg_hypercall_init(void);
/* Non-zero once xg_hypercall_init() succeeded. */
extern int xg_hypercalls_ready;
/* The MSR Xen named in CPUID leaf base+2 (for reports). */
extern uint32_t xg_hypercall_msr;

static inline long xg_hypercall5(unsigned int nr, unsigned long a1,
                                 unsigned long a2, unsigned long a3,
                                 unsigned long a4, unsigned long a5)
{
    /* The stub overwrites %eax with nr, so %rax can carry its address. */
    unsigned long rax = (unsigned long)hypercall_page + nr * 32u;
    register unsigned long r10 __asm__("r10") = a4;
    register unsigned long r8 __asm__("r8") = a5;

    __asm__ volatile("call *%%rax"
                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3),
                       "+r"(r10), "+r"(r8)
                     :
                     : "memory");
    return (long)rax;
}

static inline long xg_hypercall0(unsigned int nr)
{
    return xg_hypercall5(nr, 0, 0, 0, 0, 0);
}
static inline long xg_hypercall1(unsigned int nr, unsigned long a1)
{
    return xg_hypercall5(nr, a1, 0, 0, 0, 0);
}
static inline long xg_hypercall2(unsigned int nr, unsigned long a1,
                                 unsigned long a2)
{
    return xg_hypercall5(nr, a1, a2, 0, 0, 0);
}
static inline long xg_hypercall3(unsigned int nr, unsigned long a1,
                                 unsigned long a2, unsigned long a3)
{
    return xg_hypercall5(nr, a1, a2, a3, 0, 0);
}
static inline long xg_hypercall4(unsigned int nr, unsigned long a1,
                                 unsigned long a2, unsigned long a3,
                                 unsigned long a4)
{
    return xg_hypercall5(nr, a1, a2, a3, a4, 0);
}

/* Typed wrappers for the hypercalls the reference guest uses. */
static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
    return xg_hypercall3(__HYPERVISOR_console_io, (unsigned long)cmd,
                         (unsigned long)count, (unsigned long)buf);
}
static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return xg_hypercall2(__HYPERVISOR_xen_version, (unsigned long)cmd,
                         (unsigned long)arg);
}
static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return xg_hypercall2(__HYPERVISOR_memory_op, cmd, (unsigned long)arg);
}
static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return xg_hypercall2(__HYPERVISOR_event_channel_op, (unsigned long)cmd,
                         (unsigned long)arg);
}
static inline long HYPERVISOR_hvm_op(int op, void *arg)
{
    return xg_hypercall2(__HYPERVISOR_hvm_op, (unsigned long)op,
                         (unsigned long)arg);
}
static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return xg_hypercall2(__HYPERVISOR_sched_op, (unsigned long)cmd,
                         (unsigned long)arg);
}
static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return xg_hypercall3(__HYPERVISOR_vcpu_op, (unsigned long)cmd, vcpu,
                         (unsigned long)arg);
}
static inline long HYPERVISOR_set_timer_op(uint64_t deadline_ns)
{
    return xg_hypercall1(__HYPERVISOR_set_timer_op, deadline_ns);
}

#endif
