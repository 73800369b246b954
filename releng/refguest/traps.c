/* IDT set-up and the exception handler (see traps.h). */
#include "traps.h"
#include "arch.h"
#include "console.h"

#define GDT_CODE64 0x08
#define GATE_INTERRUPT 0x8e     /* present, DPL 0, 64-bit interrupt gate: IF=0 on entry */

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "x86-64 IDT gate is 16 bytes");

struct __attribute__((packed)) idt_descr {
    uint16_t limit;
    uint64_t base;
};

extern char xg_exception_stubs[];   /* boot.S: 32 stubs, 16 bytes apart */
extern char xg_upcall_entry[];      /* boot.S */

static struct idt_gate idt[256] __attribute__((aligned(16)));

static void set_gate(unsigned int vec, const void *handler)
{
    uint64_t a = (uint64_t)(uintptr_t)handler;

    idt[vec] = (struct idt_gate){
        .offset_lo = (uint16_t)a,
        .selector = GDT_CODE64,
        .ist = 0,
        .type_attr = GATE_INTERRUPT,
        .offset_mid = (uint16_t)(a >> 16),
        .offset_hi = (uint32_t)(a >> 32),
    };
}

void xg_traps_init(void)
{
    for (unsigned int v = 0; v < 32; v++)
        set_gate(v, xg_exception_stubs + 16 * v);
    set_gate(XG_UPCALL_VECTOR, xg_upcall_entry);

    struct idt_descr d = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
    __asm__ volatile("lidt %0" :: "m"(d));
}

void xg_traps_set(unsigned int vec, const void *entry)
{
    if (vec < 32)
        xg_panic("vector %u is an exception\n", vec);
    set_gate(vec, entry);
}

void xg_trap(struct xg_trap_frame *f)
{
    xg_printf("refguest: exception %llu error 0x%llx at rip 0x%llx\n",
              (unsigned long long)f->vector, (unsigned long long)f->error_code,
              (unsigned long long)f->rip);
    xg_printf("refguest:   rsp 0x%llx rflags 0x%llx cr2 0x%llx\n",
              (unsigned long long)f->rsp, (unsigned long long)f->rflags,
              (unsigned long long)xg_read_cr2());
    xg_panic("unexpected exception %llu\n", (unsigned long long)f->vector);
}
