/*
 * Polled 16550 UART on an I/O port base (COM2 = 0x2f8 by default).
 * A PVH dom0 may drive COM2 directly: Xen keeps only the port of its own
 * console (COM1) from dom0.  QEMU's second -serial backs it (a TCP socket
 * in boot-on-xen.sh); the debug stub will speak RSP over it.
 */
#ifndef REFGUEST_SERIAL_H
#define REFGUEST_SERIAL_H

#include <stddef.h>
#include <stdint.h>

#define XG_COM1 0x3f8
#define XG_COM2 0x2f8

/* 115200 baud, 8 data bits, no parity, 1 stop bit, FIFOs on, no IRQs.
 * Returns 0, or -1 if no UART answers at base (scratch register test). */
int xg_serial_init(uint16_t base);
/* Waits (bounded) for room in the transmitter; returns 0 or -1. */
int xg_serial_putc(uint16_t base, uint8_t c);
void xg_serial_write(uint16_t base, const char *s, size_t len);
/* Returns the next received byte, or -1 if none is waiting. */
int xg_serial_getc(uint16_t base);

#endif
