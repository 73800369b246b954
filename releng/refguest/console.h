/*
 * Output of the reference guest.
 *
 * xg_console_write() goes to Xen's console with HYPERVISOR_console_io
 * (CONSOLEIO_write), which Xen prints on its own serial line (COM1, the
 * file xen.log in QEMU).  Before the hypercall page exists it falls back
 * to Xen's HVM debug port 0xe9, which Xen prints as "(d0) ..." lines.
 *
 * xg_printf() understands %s %c %d %i %u %x %X %p %% with the l, ll and z
 * length modifiers, a '0' flag and a field width; one call is one
 * console_io write (up to 255 bytes), so lines do not interleave.
 */
#ifndef REFGUEST_CONSOLE_H
#define REFGUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void xg_console_write(const char *s, size_t len);
int xg_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int xg_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a message and shut the domain down as crashed. */
_Noreturn void xg_panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
