/*
 * x86-64 primitives of the reference guest: port I/O, MSRs, CPUID, TSC,
 * interrupt flag.  Header-only, static inline, no state.
 */
#ifndef REFGUEST_ARCH_H
#define REFGUEST_ARCH_H

#include <stdint.h>

static inline void xg_cpuid(uint32_t leaf, uint32_t *a, uint32_t *b,
                            uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid"
                     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "0"(leaf), "2"(0u));
}

static inline void xg_wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ volatile("wrmsr"
                     :: "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
                     : "memory");
}

static inline uint64_t xg_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void xg_outb(uint16_t port, uint8_t val)
{
    __asm__ volatile("outb %0, %1" :: "a"(val), "Nd"(port));
}

static inline uint8_t xg_inb(uint16_t port)
{
    uint8_t val;
    __asm__ volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline void xg_cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* A compiler barrier: shared_info is written by Xen behind our back. */
static inline void xg_barrier(void)
{
    __asm__ volatile("" ::: "memory");
}

static inline uint64_t xg_read_cr2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

#endif
