/* shared_info mapping and Xen system time (see platform.h). */
#include "platform.h"
#include "arch.h"
#include <xen/memory.h>

/* The frame Xen's shared_info replaces: one page of our own .bss.
 * Xen drops the RAM page that backed this GFN and puts shared_info there. */
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));
static struct shared_info *shared;

int xg_shared_info_map(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = xg_shared_info_gfn(),
    };
    long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);

    if (rc == 0)
        shared = (struct shared_info *)shared_info_page;
    return (int)rc;
}

struct shared_info *xg_shared_info(void)
{
    return shared;
}

uint64_t xg_shared_info_gfn(void)
{
    return (uint64_t)(uintptr_t)shared_info_page >> 12;
}

uint64_t xg_now_ns(void)
{
    if (shared == NULL)
        return 0;

    /* Xen bumps version to odd before an update and to even after it. */
    const struct vcpu_time_info *t = &shared->vcpu_info[0].time;
    uint32_t version;
    uint64_t tsc_timestamp, system_time, tsc;
    uint32_t mul;
    int8_t shift;

    do {
        version = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
        tsc_timestamp = t->tsc_timestamp;
        system_time = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = xg_rdtsc();
        xg_barrier();
    } while ((version & 1) ||
             version != __atomic_load_n(&t->version, __ATOMIC_ACQUIRE));

    uint64_t delta = tsc - tsc_timestamp;
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    __extension__ unsigned __int128 scaled = (unsigned __int128)delta * mul;
    return system_time + (uint64_t)(scaled >> 32);
}
