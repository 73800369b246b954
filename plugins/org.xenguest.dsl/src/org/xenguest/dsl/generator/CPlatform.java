package org.xenguest.dsl.generator;

import org.xenguest.abi.Hypercalls;

/** NAME_platform.h (the hooks a host OS provides) and NAME_platform_pvh.c (them, for a bare PVH kernel). */
final class CPlatform {
	private CPlatform() {
	}

	static String header(GuestPlan plan) {
		String stubHooks = "";
		if (plan.stub != null) {
			stubHooks = """

					/* ---- for the debug stub (the model has one) ---- */

					/* Nonzero if the debug stub may read (write = 0) or write (write = 1)
					 * [addr, addr + len) without faulting or touching device memory. */
					int xg_plat_debug_mem_ok(uintptr_t addr, size_t len, int write);
					""";
			if (!plan.stub.console()) {
				stubHooks += """
						/* x86 port I/O, for the polled 16550 UART the stub talks on. */
						uint8_t xg_plat_inb(uint16_t port);
						void xg_plat_outb(uint16_t port, uint8_t value);
						""";
			}
		}
		return Template.of("""
				${HEADER}
				/*
				 * The platform hooks guest ${P}'s generated code calls, and nothing else
				 * of its host.  ${P}_platform_pvh.c implements them for a bare PVH kernel;
				 * a unikernel, Mini-OS or a test harness provides its own.  The hook names
				 * (xg_plat_*) are the same for every guest, so a host OS writes them once.
				 *
				 * The generated code also calls memset, memcpy, memmove and memcmp, which
				 * GCC and Clang require of a freestanding environment anyway.
				 *
				 * Upcalls: route IDT vector XG_UPCALL_VECTOR to xg_evtchn_upcall() with
				 * interrupts disabled (an interrupt gate), as the reference guest's boot.S does.
				 */
				#ifndef ${U}_PLATFORM_H
				#define ${U}_PLATFORM_H

				#include <stddef.h>
				#include <stdint.h>

				#if !defined(__XEN_INTERFACE_VERSION__) || __XEN_INTERFACE_VERSION__ < ${IFACE}
				#error "build with -D__XEN_INTERFACE_VERSION__=${IFACE}: older interface versions map event_channel_op to the compat hypercall"
				#endif

				#ifndef XG_PAGE_SIZE
				#define XG_PAGE_SIZE 4096u
				#endif

				/* The IDT vector of the event-channel upcall (Linux's HYPERVISOR_CALLBACK_VECTOR). */
				#ifndef XG_UPCALL_VECTOR
				#define XG_UPCALL_VECTOR 0xf3
				#endif

				/* Results of the generated functions: 0 (or a count) on success, else a
				 * negative error numbered like Linux errno (Xen's hypercalls use the same). */
				#ifndef XG_ERRORS_DEFINED
				#define XG_ERRORS_DEFINED
				enum xg_error {
				    XG_OK = 0,
				    XG_EPERM = -1,
				    XG_ENOENT = -2,
				    XG_EIO = -5,
				    XG_E2BIG = -7,
				    XG_EAGAIN = -11,
				    XG_ENOMEM = -12,
				    XG_EACCES = -13,
				    XG_EBUSY = -16,
				    XG_EEXIST = -17,
				    XG_ENODEV = -19,
				    XG_EISDIR = -21,
				    XG_EINVAL = -22,
				    XG_ENOSPC = -28,
				    XG_EROFS = -30,
				    XG_ERANGE = -34,
				    XG_ENOSYS = -38,
				    XG_ENOTEMPTY = -39,
				    XG_EPROTO = -71,
				    XG_EISCONN = -106,
				    XG_ETIMEDOUT = -110,
				    XG_ECONNREFUSED = -111,
				};
				#endif

				/* ---- the hooks ---- */

				/* Hypercall entry: calls hypercall `op` with up to five arguments and
				 * returns Xen's result (a negative errno on failure). */
				long xg_plat_hypercall(unsigned int op, unsigned long a1, unsigned long a2,
				                       unsigned long a3, unsigned long a4, unsigned long a5);

				/* Writes len bytes to the host's console (best effort, never blocks for long). */
				void xg_plat_console_write(const char *s, size_t len);

				/* Monotonic time in ns; Xen system time, the clock set_timer_op deadlines use. */
				uint64_t xg_plat_now_ns(void);

				/* Disables interrupts (the upcall vector); returns nonzero if they were enabled. */
				unsigned long xg_plat_irq_save(void);
				/* Enables interrupts again if `flags` (from xg_plat_irq_save) says they were. */
				void xg_plat_irq_restore(unsigned long flags);

				/*
				 * The idle halt.  Called with interrupts DISABLED after the caller found no
				 * work; enables interrupts and halts as ONE step (x86: "sti; hlt", the STI
				 * shadow delays the interrupt to after HLT), so an upcall that became
				 * pending after the check still wakes it.  Returns with interrupts enabled.
				 */
				void xg_plat_idle_halt(void);

				/* The vCPU running the caller (0 on a single-vCPU guest). */
				unsigned int xg_plat_vcpu_id(void);

				/* Guest frame number of a page-aligned page of the guest, and back. */
				uint64_t xg_plat_virt_to_gfn(const void *page);
				void *xg_plat_gfn_to_virt(uint64_t gfn);

				/*
				 * Nonzero if the upcall should use HVMOP_set_evtchn_upcall_vector (rule 3:
				 * the recommended PVH way): Xen offers it (CPUID leaf base+4,
				 * XEN_HVM_CPUID_UPCALL_VECTOR) AND the platform has its local APIC enabled
				 * and will EOI.  Zero selects HVM_PARAM_CALLBACK_IRQ type vector (no EOI).
				 */
				int xg_plat_upcall_vector_offered(void);
				/* The local APIC EOI after an upcall delivered through it. */
				void xg_plat_lapic_eoi(void);
				${STUB_HOOKS}
				/* ${P}_platform_pvh.c, the bare PVH implementation, is set up with these:
				 * xg_pvh_init() finds Xen's CPUID leaves and installs the hypercall page
				 * (0, or XG_ENODEV when not on Xen); xg_pvh_cpuid_base() is the leaf base. */
				int xg_pvh_init(void);
				uint32_t xg_pvh_cpuid_base(void);
				/* Console bytes dropped because the console ring stayed full (a domU). */
				uint64_t xg_pvh_console_dropped(void);

				/* What freestanding GCC and Clang may call even unasked. */
				void *memset(void *d, int c, size_t n);
				void *memcpy(void *restrict d, const void *restrict s, size_t n);
				void *memmove(void *d, const void *s, size_t n);
				int memcmp(const void *a, const void *b, size_t n);

				#endif
				""").with("HEADER", Texts.cHeader(plan, plan.p + "_platform.h", "the platform hooks of guest " + plan.p))
				.with("P", plan.p).with("U", plan.u)
				.with("IFACE", String.format("0x%08x", Hypercalls.XEN_INTERFACE_VERSION))
				.with("STUB_HOOKS", stubHooks).fill();
	}

	static String pvh(GuestPlan plan) {
		String stubImpl = "";
		if (plan.stub != null) {
			stubImpl = """

					/* Everything below the local APIC and I/O APIC windows is identity-mapped
					 * RAM or ROM for this kernel; those windows have side effects on read. */
					#define DEBUG_MEM_LIMIT 0xfec00000ull

					int xg_plat_debug_mem_ok(uintptr_t addr, size_t len, int write)
					{
					    (void)write;
					    if (len == 0)
					        return 1;
					    return (uint64_t)addr < DEBUG_MEM_LIMIT &&
					           (uint64_t)len <= DEBUG_MEM_LIMIT - (uint64_t)addr;
					}
					""";
			if (!plan.stub.console()) {
				stubImpl += """

						uint8_t xg_plat_inb(uint16_t port)
						{
						    uint8_t value;
						    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
						    return value;
						}

						void xg_plat_outb(uint16_t port, uint8_t value)
						{
						    __asm__ volatile("outb %0, %1" :: "a"(value), "Nd"(port));
						}
						""";
			}
		}
		return Template.of("""
				${HEADER}
				/*
				 * The platform hooks of ${P}_platform.h for a bare PVH kernel on x86-64
				 * (the reference guest of releng/refguest): guest memory identity-mapped
				 * below 4 GiB, one vCPU, the hypercall page found through Xen's CPUID
				 * leaves and installed with the MSR they name, the PV console ring (a domU)
				 * or Xen's console (a dom0), Xen system time from vcpu_time_info,
				 * cli/sti, and "sti; hlt".
				 *
				 * Call xg_pvh_init() first.  The upcall uses HVMOP_set_evtchn_upcall_vector
				 * with the xAPIC's EOI when Xen offers it (rule 3's recommended way), else
				 * HVM_PARAM_CALLBACK_IRQ type vector; both run on Xen 4.17.  Options (-D):
				 * XG_PVH_CALLBACK_IRQ always uses HVM_PARAM_CALLBACK_IRQ;
				 * XG_PVH_NO_MEMFUNCS leaves memset/memcpy/memmove/memcmp to the host.
				 */
				#include "${P}_guest.h"
				#include <xen/arch-x86/cpuid.h>
				#include <xen/hvm/hvm_op.h>
				#include <xen/hvm/params.h>
				#include <xen/io/console.h>

				#if !defined(__x86_64__)
				#error "${P}_platform_pvh.c is the x86-64 PVH platform"
				#endif

				/* The hypercall page: Xen fills it with 32-byte stubs once its guest
				 * physical address is written to the MSR CPUID leaf base+2 names. */
				__asm__(".pushsection .text.xg_hypercall_page, \\"ax\\", @progbits\\n"
				        ".balign 4096\\n"
				        ".globl xg_hypercall_page\\n"
				        "xg_hypercall_page:\\n"
				        ".fill 4096, 1, 0xcc\\n"        /* int3 until Xen writes it */
				        ".popsection\\n");
				extern uint8_t xg_hypercall_page[4096];

				#define HYPERCALL_STUB_SIZE ${STUB_SIZE}u
				#define HVM_DEBUG_PORT 0xe9         /* Xen prints bytes written here as (dN) lines */
				#define RFLAGS_IF (1ul << 9)
				#define XAPIC_BASE 0xfee00000ul
				#define XAPIC_EOI 0xb0
				#define XAPIC_SVR 0xf0
				#define XAPIC_SVR_ENABLE 0x100u

				static uint32_t xen_base;
				static int hypercalls_ready;

				static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
				{
				    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf), "2"(0u));
				}

				static void wrmsr(uint32_t msr, uint64_t value)
				{
				    __asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)value),
				                     "d"((uint32_t)(value >> 32)) : "memory");
				}

				static void outb(uint16_t port, uint8_t value)
				{
				    __asm__ volatile("outb %0, %1" :: "a"(value), "Nd"(port));
				}

				/* Finds Xen's leaves (they move up in 0x100 steps when another hypervisor's
				 * come first) and installs the hypercall page.  0, or XG_ENODEV off Xen. */
				int xg_pvh_init(void)
				{
				    for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < 0x40010000u; base += 0x100) {
				        uint32_t a, b, c, d;
				        cpuid(base, &a, &b, &c, &d);
				        if (b != XEN_CPUID_SIGNATURE_EBX || c != XEN_CPUID_SIGNATURE_ECX ||
				            d != XEN_CPUID_SIGNATURE_EDX || a < base + 2)
				            continue;
				        cpuid(base + 2, &a, &b, &c, &d);    /* a: hypercall pages, b: the MSR */
				        if (a < 1)
				            return XG_ENODEV;
				        /* Identity-mapped: the address is the guest physical address;
				         * its low 12 bits (0) select hypercall page 0. */
				        wrmsr(b, (uint64_t)(uintptr_t)xg_hypercall_page);
				        xen_base = base;
				        hypercalls_ready = 1;
				        return 0;
				    }
				    return XG_ENODEV;
				}

				uint32_t xg_pvh_cpuid_base(void)
				{
				    return xen_base;
				}

				long xg_plat_hypercall(unsigned int op, unsigned long a1, unsigned long a2,
				                       unsigned long a3, unsigned long a4, unsigned long a5)
				{
				    if (!hypercalls_ready || op >= 4096u / HYPERCALL_STUB_SIZE)
				        return XG_ENOSYS;
				    /* 64-bit HVM convention: rdi, rsi, rdx, r10, r8; result in rax.  All
				     * argument registers are clobbered (debug Xen poisons unused ones).
				     * The stub's own "mov $op, %eax" frees rax to carry its address.  The
				     * CALL is wrapped in a 128-byte step over the red zone, because the
				     * compiler sees a leaf function and may keep locals below rsp. */
				    unsigned long rax = (unsigned long)(uintptr_t)xg_hypercall_page + op * HYPERCALL_STUB_SIZE;
				    register unsigned long r10 __asm__("r10") = a4;
				    register unsigned long r8 __asm__("r8") = a5;
				    __asm__ volatile("lea -128(%%rsp), %%rsp\\n\\t"
				                     "call *%%rax\\n\\t"
				                     "lea 128(%%rsp), %%rsp"
				                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
				                     :
				                     : "rcx", "r9", "r11", "memory", "cc");
				    return (long)rax;
				}

				/* ---- the console: the PV console ring of a domU, else Xen's console ----
				 * A domU's CONSOLEIO_write is refused by a release Xen, so a domU writes to
				 * the ring the toolstack set up (HVM_PARAM_CONSOLE_PFN/CONSOLE_EVTCHN;
				 * xenconsoled logs it) and notifies its port.  A dom0 has no ring (the
				 * param is 0) and uses CONSOLEIO_write; if Xen refuses that too, the bytes
				 * go to port 0xE9 (Xen prints them as (dN) lines with guest_loglvl=all).
				 * ${RING_NOTE} */
				#define CONSOLE_RING_USABLE ${RING_USABLE}
				#define CONSOLE_RING_SPINS (1u << 22)   /* ~ a second: then the rest is dropped */

				enum console_way { CONSOLE_UNKNOWN, CONSOLE_RING, CONSOLE_HYPERCALL, CONSOLE_DEBUG_PORT };
				static enum console_way console_way;
				static uint64_t console_dropped;

				#if CONSOLE_RING_USABLE
				static struct xencons_interface *console_ring;
				static evtchn_port_t console_port;

				static long console_param(uint32_t index, uint64_t *value)
				{
				    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
				    long rc = xg_plat_hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param,
				                                (unsigned long)(uintptr_t)&p, 0, 0, 0);
				    *value = rc == 0 ? p.value : 0;
				    return rc;
				}

				static void console_choose(void)
				{
				    uint64_t pfn = 0, port = 0;
				    console_way = CONSOLE_HYPERCALL;
				    if (console_param(HVM_PARAM_CONSOLE_PFN, &pfn) == 0 && pfn != 0 &&
				        console_param(HVM_PARAM_CONSOLE_EVTCHN, &port) == 0 && port != 0 &&
				        xg_plat_gfn_to_virt(pfn) != NULL) {
				        void *ring = xg_plat_gfn_to_virt(pfn);
				        /* an address made from a number: keep GCC from judging the object behind it */
				        __asm__("" : "+r"(ring));
				        console_ring = (struct xencons_interface *)ring;
				        console_port = (evtchn_port_t)port;
				        console_way = CONSOLE_RING;
				    }
				}

				static void console_notify(void)
				{
				    struct evtchn_send send = { .port = console_port };
				    (void)xg_plat_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
				                            (unsigned long)(uintptr_t)&send, 0, 0, 0);
				}

				/* Copies into out[] up to the consumer (the ring is the console daemon's to
				 * drain: when it is full, notify and wait, a bounded time). */
				static void console_ring_write(const char *s, size_t len)
				{
				    struct xencons_interface *r = console_ring;
				    unsigned int spins = 0;
				    while (len > 0) {
				        XENCONS_RING_IDX cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
				        XENCONS_RING_IDX prod = r->out_prod;
				        XENCONS_RING_IDX used = prod - cons;
				        if (used > sizeof(r->out)) {        /* indices nobody could have made: stop */
				            console_way = CONSOLE_DEBUG_PORT;
				            return;
				        }
				        if (used == sizeof(r->out)) {
				            if (spins == 0)
				                console_notify();
				            if (++spins > CONSOLE_RING_SPINS) {
				                console_dropped += len;
				                return;
				            }
				            __asm__ volatile("pause" ::: "memory");
				            continue;
				        }
				        while (len > 0 && (XENCONS_RING_IDX)(prod - cons) < sizeof(r->out)) {
				            r->out[MASK_XENCONS_IDX(prod, r->out)] = *s++;
				            prod++;
				            len--;
				        }
				        __atomic_store_n(&r->out_prod, prod, __ATOMIC_RELEASE);   /* data before index */
				        console_notify();
				        spins = 0;
				    }
				}

				#else
				static void console_choose(void)
				{
				    console_way = CONSOLE_HYPERCALL;
				}

				static void console_ring_write(const char *s, size_t len)
				{
				    (void)s;
				    (void)len;
				}
				#endif

				void xg_plat_console_write(const char *s, size_t len)
				{
				    if (hypercalls_ready && console_way == CONSOLE_UNKNOWN)
				        console_choose();
				    if (hypercalls_ready && console_way == CONSOLE_RING) {
				        console_ring_write(s, len);
				        return;
				    }
				    while (hypercalls_ready && console_way == CONSOLE_HYPERCALL && len > 0) {
				        size_t chunk = len > 1024 ? 1024 : len;
				        if (xg_plat_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, chunk,
				                              (unsigned long)(uintptr_t)s, 0, 0) < 0) {
				            console_way = CONSOLE_DEBUG_PORT;   /* refused (a domU): port 0xE9 */
				            break;
				        }
				        s += chunk;
				        len -= chunk;
				    }
				    for (size_t i = 0; i < len; i++)
				        outb(HVM_DEBUG_PORT, (uint8_t)s[i]);
				}

				uint64_t xg_pvh_console_dropped(void)
				{
				    return console_dropped;
				}

				/* pvclock: system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32,
				 * read between two equal even versions (Xen makes it odd while updating). */
				uint64_t xg_plat_now_ns(void)
				{
				    struct shared_info *s = ${P}_shared_info();
				    if (s == NULL)
				        return 0;
				    const struct vcpu_time_info *t = &s->vcpu_info[0].time;
				    uint32_t version, mul, lo, hi;
				    uint64_t stamp, system_time, tsc;
				    int8_t shift;
				    do {
				        version = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
				        stamp = t->tsc_timestamp;
				        system_time = t->system_time;
				        mul = t->tsc_to_system_mul;
				        shift = t->tsc_shift;
				        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
				        tsc = ((uint64_t)hi << 32) | lo;
				        __atomic_thread_fence(__ATOMIC_ACQUIRE);
				    } while ((version & 1) || version != __atomic_load_n(&t->version, __ATOMIC_ACQUIRE));
				    uint64_t delta = tsc - stamp;
				    delta = shift < 0 ? delta >> -shift : delta << shift;
				    /* (delta * mul) >> 32 without 128-bit arithmetic, exactly. */
				    uint64_t scaled = (delta >> 32) * mul + (((delta & 0xffffffffu) * mul) >> 32);
				    return system_time + scaled;
				}

				unsigned long xg_plat_irq_save(void)
				{
				    unsigned long flags;
				    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
				    return (flags & RFLAGS_IF) != 0;
				}

				void xg_plat_irq_restore(unsigned long flags)
				{
				    if (flags)
				        __asm__ volatile("sti" ::: "memory");
				}

				void xg_plat_idle_halt(void)
				{
				    /* Rule 4: STI and HLT adjacent, nothing between them. */
				    __asm__ volatile("sti; hlt" ::: "memory");
				}

				unsigned int xg_plat_vcpu_id(void)
				{
				    return 0;       /* this bare kernel brings up no other vCPU */
				}

				uint64_t xg_plat_virt_to_gfn(const void *page)
				{
				    return (uint64_t)(uintptr_t)page >> 12;
				}

				void *xg_plat_gfn_to_virt(uint64_t gfn)
				{
				    if (gfn >= (1ull << 20))        /* only the low 4 GiB are mapped */
				        return NULL;
				    return (void *)(uintptr_t)(gfn << 12);
				}

				int xg_plat_upcall_vector_offered(void)
				{
				#ifndef XG_PVH_CALLBACK_IRQ
				    uint32_t a, b, c, d;
				    if (xen_base == 0)
				        return 0;
				    cpuid(xen_base + 4, &a, &b, &c, &d);
				    if (!(a & XEN_HVM_CPUID_UPCALL_VECTOR))
				        return 0;
				    volatile uint32_t *svr = (volatile uint32_t *)(uintptr_t)(XAPIC_BASE + XAPIC_SVR);
				    *svr = *svr | XAPIC_SVR_ENABLE | 0xffu;   /* software-enable, spurious vector 0xff */
				    return 1;
				#else
				    return 0;
				#endif
				}

				void xg_plat_lapic_eoi(void)
				{
				#ifndef XG_PVH_CALLBACK_IRQ
				    *(volatile uint32_t *)(uintptr_t)(XAPIC_BASE + XAPIC_EOI) = 0;
				#endif
				}
				${STUB_IMPL}
				#ifndef XG_PVH_NO_MEMFUNCS
				/* String instructions, so the compiler cannot turn the loops back into calls. */
				void *memset(void *d, int c, size_t n)
				{
				    void *p = d;
				    __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
				    return d;
				}

				void *memcpy(void *restrict d, const void *restrict s, size_t n)
				{
				    void *p = d;
				    __asm__ volatile("rep movsb" : "+D"(p), "+S"(s), "+c"(n) :: "memory");
				    return d;
				}

				void *memmove(void *d, const void *s, size_t n)
				{
				    if ((const char *)d <= (const char *)s || (const char *)d >= (const char *)s + n)
				        return memcpy(d, s, n);
				    void *p = (char *)d + n - 1;
				    const void *q = (const char *)s + n - 1;
				    __asm__ volatile("std; rep movsb; cld" : "+D"(p), "+S"(q), "+c"(n) :: "memory");
				    return d;
				}

				int memcmp(const void *a, const void *b, size_t n)
				{
				    const volatile unsigned char *p = a, *q = b;
				    for (; n > 0; n--, p++, q++)
				        if (*p != *q)
				            return *p - *q;
				    return 0;
				}
				#endif
				""").with("HEADER", Texts.cHeader(plan, plan.p + "_platform_pvh.c",
				"the platform hooks for a bare PVH kernel (x86-64)"))
				.with("P", plan.p).with("STUB_SIZE", Hypercalls.HYPERCALL_PAGE_ENTRY_SIZE)
				.with("STUB_IMPL", stubImpl)
				.with("RING_USABLE", plan.stub != null && plan.stub.console() ? "0" : "1")
				.with("RING_NOTE", plan.stub != null && plan.stub.console()
						? "Here the debug stub owns the console ring: log lines take the other ways."
						: "The ring is found at the first write after xg_pvh_init().")
				.fill();
	}
}
