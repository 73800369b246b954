/*
 * The reference guest: a bare PVH kernel booted as Xen's dom0.
 * Proves the platform pieces the generated code relies on: hypercall page,
 * console, COM2, shared_info and time, event-channel upcalls, shutdown.
 * Every guest console line starts with "refguest: "; the last one on
 * success is "refguest: done".
 */
#include "arch.h"
#include "events.h"
#include "platform.h"
#include "serial.h"
#include "traps.h"
#include <stdbool.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/version.h>

_Noreturn void main(const struct hvm_start_info *si);

#define COM2_WAIT_MS 3000   /* how long to poll COM2 for a byte */

/* QEMU's isa-debug-exit device (if present): QEMU exits with (v << 1) | 1. */
#define QEMU_DEBUG_EXIT_PORT 0xf4

static bool cmdline_has(const char *cmdline, const char *word)
{
    for (const char *p = cmdline; p != NULL && *p != '\0'; p++) {
        if (p != cmdline && p[-1] != ' ')
            continue;
        const char *a = p, *b = word;
        while (*b != '\0' && *a == *b) {
            a++;
            b++;
        }
        if (*b == '\0' && (*a == '\0' || *a == ' '))
            return true;
    }
    return false;
}

/*
 * How the run ends (guest command line):
 *   exit=reboot      SCHEDOP_shutdown(reboot): Xen resets the machine, which
 *                    QEMU's -no-reboot turns into an exit (needs Xen without
 *                    "noreboot");
 *   exit=debug-exit  a write to QEMU's isa-debug-exit port;
 *   otherwise        SCHEDOP_shutdown(poweroff): Xen 4.17 only halts its CPUs
 *                    ("Hardware Dom0 halted: halting machine"), QEMU stays up.
 * A failed run always ends with SHUTDOWN_crash.
 */
static void finish(const char *cmdline, bool ok)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };

    if (!ok)
        sd.reason = SHUTDOWN_crash;
    else if (cmdline_has(cmdline, "exit=reboot"))
        sd.reason = SHUTDOWN_reboot;
    else if (cmdline_has(cmdline, "exit=debug-exit"))
        xg_outb(QEMU_DEBUG_EXIT_PORT, 0);
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}

static void show_start_info(const struct hvm_start_info *si)
{
    xg_printf("refguest: start_info at %p: magic 0x%x version %u flags 0x%x "
              "nr_modules %u rsdp 0x%llx\n",
              (const void *)si, si->magic, si->version, si->flags,
              si->nr_modules, (unsigned long long)si->rsdp_paddr);
    if (si->cmdline_paddr != 0)
        xg_printf("refguest: cmdline \"%s\"\n",
                  (const char *)(uintptr_t)si->cmdline_paddr);
    const struct hvm_modlist_entry *m =
        (const struct hvm_modlist_entry *)(uintptr_t)si->modlist_paddr;
    for (uint32_t i = 0; i < si->nr_modules; i++)
        xg_printf("refguest: module %u at 0x%llx, %llu bytes\n", i,
                  (unsigned long long)m[i].paddr, (unsigned long long)m[i].size);
    if (si->version >= 1 && si->memmap_entries != 0)
        xg_printf("refguest: start_info carries a memory map of %u entries\n",
                  si->memmap_entries);
}

static void show_memory_map(void)
{
    static struct e820_entry { uint64_t addr, size; uint32_t type; }
        __attribute__((packed)) map[32];
    struct xen_memory_map mm = { .nr_entries = 32 };
    set_xen_guest_handle(mm.buffer, map);

    long rc = HYPERVISOR_memory_op(XENMEM_memory_map, &mm);
    if (rc != 0) {
        xg_printf("refguest: XENMEM_memory_map failed: %ld\n", rc);
        return;
    }
    for (unsigned int i = 0; i < mm.nr_entries; i++)
        xg_printf("refguest: e820 %2u: 0x%010llx-0x%010llx type %u\n", i,
                  (unsigned long long)map[i].addr,
                  (unsigned long long)(map[i].addr + map[i].size - 1),
                  map[i].type);
}

static void show_shared_info(void)
{
    struct shared_info *s = xg_shared_info();
    struct vcpu_info *v = &s->vcpu_info[0];

    xg_printf("refguest: vcpu_info[0]: evtchn_upcall_pending %u evtchn_upcall_mask %u "
              "evtchn_pending_sel 0x%lx\n",
              v->evtchn_upcall_pending, v->evtchn_upcall_mask,
              (unsigned long)v->evtchn_pending_sel);
    xg_printf("refguest: vcpu_time_info: version %u system_time %llu ns "
              "tsc_timestamp %llu mul %u shift %d flags 0x%x\n",
              v->time.version, (unsigned long long)v->time.system_time,
              (unsigned long long)v->time.tsc_timestamp, v->time.tsc_to_system_mul,
              v->time.tsc_shift, v->time.flags);
    xg_printf("refguest: wallclock: wc_version %u wc_sec %u wc_nsec %u; "
              "evtchn_pending[0] 0x%lx evtchn_mask[0] 0x%lx\n",
              s->wc_version, s->wc_sec, s->wc_nsec,
              (unsigned long)s->evtchn_pending[0], (unsigned long)s->evtchn_mask[0]);
    uint64_t t1 = xg_now_ns(), t2 = xg_now_ns();
    xg_printf("refguest: now %llu.%06llu ms since Xen booted (monotonic: %s)\n",
              (unsigned long long)(t1 / 1000000), (unsigned long long)(t1 % 1000000),
              t2 >= t1 ? "yes" : "NO");
}

/* COM2: say hello, then poll (bounded) for one byte from the other end. */
static bool com2_test(void)
{
    if (xg_serial_init(XG_COM2) != 0) {
        xg_printf("refguest: COM2: no 16550 at 0x%x\n", XG_COM2);
        return false;
    }
    static const char hello[] = "refguest: COM2 ready\r\n";
    xg_serial_write(XG_COM2, hello, sizeof(hello) - 1);

    uint64_t t0 = xg_now_ns();
    int c = -1;
    while (xg_now_ns() - t0 < COM2_WAIT_MS * 1000000ull) {
        c = xg_serial_getc(XG_COM2);
        if (c >= 0)
            break;
        xg_cpu_relax();
    }
    if (c < 0) {
        xg_printf("refguest: COM2: wrote hello, no byte received within %u ms\n",
                  COM2_WAIT_MS);
        return true;    /* nobody listening is not an error of the guest */
    }
    char echo[] = "refguest: COM2 got ?\r\n";
    echo[19] = (char)c;
    xg_serial_write(XG_COM2, echo, sizeof(echo) - 1);
    xg_printf("refguest: COM2: received 0x%02x '%c' after %llu us\n", c,
              c >= 0x20 && c < 0x7f ? c : '.',
              (unsigned long long)((xg_now_ns() - t0) / 1000));
    return true;
}

_Noreturn void main(const struct hvm_start_info *si)
{
    uint32_t base = xg_hypercall_init();
    if (base == 0)
        xg_panic("no Xen CPUID leaves found: not running on Xen\n");
    xg_traps_init();
    const char *cmdline = (const char *)(uintptr_t)si->cmdline_paddr;

    xg_printf("refguest: hello from a bare PVH kernel (Xen CPUID base 0x%x, "
              "hypercall page at 0x%llx via MSR 0x%x)\n", base,
              (unsigned long long)(uintptr_t)hypercall_page, xg_hypercall_msr);

    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
    xen_extraversion_t extra = "";
    HYPERVISOR_xen_version(XENVER_extraversion, extra);
    xg_printf("refguest: Xen %ld.%ld%s\n", ver >> 16, ver & 0xffff, extra);

    if (si->magic != XEN_HVM_START_MAGIC_VALUE)
        xg_panic("bad start_info magic 0x%x\n", si->magic);
    show_start_info(si);
    show_memory_map();

    /* Proves the crash path: the exception handler reports, Xen is told. */
    if (cmdline_has(cmdline, "selftest=trap"))
        __asm__ volatile("ud2");

    int rc = xg_shared_info_map();
    if (rc != 0)
        xg_panic("XENMEM_add_to_physmap(shared_info) failed: %d\n", rc);
    xg_printf("refguest: shared_info mapped at gfn 0x%llx\n",
              (unsigned long long)xg_shared_info_gfn());
    show_shared_info();

    bool ok = com2_test();
    int failures = xg_events_test(base);
    ok = ok && failures == 0;

    xg_printf("refguest: %s\n", ok ? "done" : "FAILED");
    finish(cmdline, ok);
    xg_panic("SCHEDOP_shutdown returned\n");
}
