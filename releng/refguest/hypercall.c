/* Hypercall page set-up from Xen's CPUID leaves (see hypercall.h). */
#include "hypercall.h"
#include "arch.h"
#include <xen/arch-x86/cpuid.h>

int xg_hypercalls_ready;
uint32_t xg_hypercall_msr;

uint32_t xg_hypercall_init(void)
{
    /* Xen's leaves may be moved up by 0x100 steps (e.g. when Viridian or
     * another hypervisor's leaves are offered first). */
    for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < 0x40010000u;
         base += 0x100) {
        uint32_t eax, ebx, ecx, edx;

        xg_cpuid(base, &eax, &ebx, &ecx, &edx);
        if (ebx != XEN_CPUID_SIGNATURE_EBX || ecx != XEN_CPUID_SIGNATURE_ECX ||
            edx != XEN_CPUID_SIGNATURE_EDX || eax < base + 2)
            continue;

        /* base+2: eax = number of hypercall pages, ebx = the MSR. */
        xg_cpuid(base + 2, &eax, &ebx, &ecx, &edx);
        if (eax < 1)
            return 0;
        /* Identity-mapped, so the page's address is its guest physical
         * address; the low 12 bits select which hypercall page (0). */
        xg_hypercall_msr = ebx;
        xg_wrmsr(ebx, (uint64_t)(uintptr_t)hypercall_page);
        xg_hypercalls_ready = 1;
        return base;
    }
    return 0;
}
