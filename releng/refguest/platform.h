/*
 * The platform hooks that guest code (and later the generated C of issue 4)
 * relies on, implemented here for a bare PVH kernel:
 *   - hypercalls:      hypercall.h (xg_hypercallN, HYPERVISOR_*)
 *   - console write:   console.h (xg_console_write, xg_printf)
 *   - shared_info:     xg_shared_info_map(), xg_shared_info()
 *   - monotonic time:  xg_now_ns(), Xen system time from vcpu_time_info
 *   - interrupt flag:  xg_irq_disable/enable/save/restore
 *   - idle halt:       xg_idle_halt(), "sti; hlt" as adjacent instructions
 */
#ifndef REFGUEST_PLATFORM_H
#define REFGUEST_PLATFORM_H

#include <stdint.h>
#include <xen/xen.h>
#include "console.h"
#include "hypercall.h"

/* Maps Xen's shared_info page over a page-aligned page of our .bss with
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info).  Returns 0 or -errno. */
int xg_shared_info_map(void);
/* NULL until xg_shared_info_map() succeeded. */
struct shared_info *xg_shared_info(void);
/* The guest frame number the shared_info page was placed at. */
uint64_t xg_shared_info_gfn(void);

/* Nanoseconds since Xen booted, from vCPU 0's vcpu_time_info and the TSC
 * (the pvclock formula); 0 before shared_info is mapped. */
uint64_t xg_now_ns(void);

static inline void xg_irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}

static inline void xg_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

static inline unsigned long xg_irq_save(void)
{
    unsigned long flags;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
    return flags;
}

static inline void xg_irq_restore(unsigned long flags)
{
    if (flags & (1ul << 9))    /* RFLAGS.IF */
        xg_irq_enable();
}

/*
 * Call with interrupts disabled, after checking that there is no work.
 * STI delays interrupt delivery by one instruction, so an upcall that
 * became pending after the check still wakes the HLT (or is delivered
 * right after it): no lost wake-up.  Returns with interrupts enabled.
 */
static inline void xg_idle_halt(void)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

#endif
