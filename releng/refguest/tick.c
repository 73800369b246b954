/* The debug tick (see tick.h). */
#include "tick.h"
#include "traps.h"

/* xAPIC registers, memory-mapped at the architectural base (identity-mapped by boot.S). */
#define LAPIC_BASE 0xfee00000ul
#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_DIVIDE 0x3e0
#define SVR_ENABLE (1u << 8)
#define LVT_PERIODIC (1u << 17)
#define DIVIDE_BY_1 0xbu
/* Xen 4.17 counts its emulated APIC timer at 100 MHz (APIC_BUS_CYCLE_NS 10 in vlapic.c;
 * at 1 GHz this tick came 10 times too seldom). */
#define LAPIC_TIMER_HZ 100000000u

static void (*volatile tick_poll)(void);
static volatile uint64_t ticks;
static volatile uintptr_t halt_site;

static void lapic_write(unsigned int reg, uint32_t value)
{
    *(volatile uint32_t *)(LAPIC_BASE + reg) = value;
}

static uint32_t lapic_read(unsigned int reg)
{
    return *(volatile uint32_t *)(LAPIC_BASE + reg);
}

void xg_tick_start(unsigned int hz, void (*poll)(void))
{
    tick_poll = poll;
    xg_traps_set(XG_TICK_VECTOR, xg_tick_entry);
    lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | SVR_ENABLE | 0xff);
    lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_1);
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | XG_TICK_VECTOR);
    lapic_write(LAPIC_TIMER_INITIAL, LAPIC_TIMER_HZ / (hz == 0 ? 100 : hz));
}

void xg_tick_resume_halt_at(const void *after_hlt)
{
    halt_site = (uintptr_t)after_hlt;
}

uint64_t xg_tick_count(void)
{
    return ticks;
}

/* frame: rip, cs, rflags, rsp, ss as the CPU pushed them. */
void xg_tick(uint64_t *frame)
{
    ticks++;
    if (tick_poll != 0)
        tick_poll();
    /* hlt is one byte: back onto it, so the halted code does not see the tick. */
    if (halt_site != 0 && frame[0] == halt_site)
        frame[0] -= 1;
    lapic_write(LAPIC_EOI, 0);
}
