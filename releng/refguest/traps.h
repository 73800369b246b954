/*
 * The IDT: exceptions 0-31 print the faulting state and crash the domain;
 * one vector (XG_UPCALL_VECTOR) carries Xen's event-channel upcall.
 */
#ifndef REFGUEST_TRAPS_H
#define REFGUEST_TRAPS_H

#include <stdint.h>

/* Any vector >= 32 works for HVM_PARAM_CALLBACK_IRQ type "vector": Xen
 * injects it itself, bypassing the local APIC's priority classes.  0xf3
 * is the one Linux uses (HYPERVISOR_CALLBACK_VECTOR). */
#define XG_UPCALL_VECTOR 0xf3

/* Laid out by SAVE_ALL and the EXCEPTION stubs in boot.S. */
struct xg_trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

void xg_traps_init(void);
/* Points vector vec (>= 32) at an entry stub of boot.S. */
void xg_traps_set(unsigned int vec, const void *entry);
extern char xg_tick_entry[];        /* boot.S: calls xg_tick() (tick.c) */
void xg_trap(struct xg_trap_frame *f);   /* called from boot.S */

#endif
