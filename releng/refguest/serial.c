/* Polled 16550 UART (see serial.h). */
#include "serial.h"
#include "arch.h"

enum {
    UART_RBR = 0, UART_THR = 0, UART_DLL = 0,  /* DLL/DLM when LCR.DLAB */
    UART_IER = 1, UART_DLM = 1,
    UART_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_SCR = 7,
};

#define LCR_8N1     0x03
#define LCR_DLAB    0x80
#define FCR_ENABLE  0x01
#define FCR_CLEAR   0x06        /* clear RX and TX FIFOs */
#define MCR_DTR_RTS 0x03
#define LSR_DR      0x01        /* a received byte is waiting */
#define LSR_THRE    0x20        /* transmit holding register empty */

#define UART_CLOCK_DIV_115200 1 /* 1.8432 MHz / 16 / 115200 */
#define TX_SPIN_LIMIT 1000000

int xg_serial_init(uint16_t base)
{
    xg_outb(base + UART_SCR, 0x5a);
    if (xg_inb(base + UART_SCR) != 0x5a)
        return -1;
    xg_outb(base + UART_IER, 0x00);               /* polled: no interrupts */
    xg_outb(base + UART_LCR, LCR_DLAB);
    xg_outb(base + UART_DLL, UART_CLOCK_DIV_115200);
    xg_outb(base + UART_DLM, 0);
    xg_outb(base + UART_LCR, LCR_8N1);
    xg_outb(base + UART_FCR, FCR_ENABLE | FCR_CLEAR);
    xg_outb(base + UART_MCR, MCR_DTR_RTS);
    return 0;
}

int xg_serial_putc(uint16_t base, uint8_t c)
{
    for (int i = 0; i < TX_SPIN_LIMIT; i++) {
        if (xg_inb(base + UART_LSR) & LSR_THRE) {
            xg_outb(base + UART_THR, c);
            return 0;
        }
        xg_cpu_relax();
    }
    return -1;
}

void xg_serial_write(uint16_t base, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (xg_serial_putc(base, (uint8_t)s[i]) < 0)
            return;
}

int xg_serial_getc(uint16_t base)
{
    if (!(xg_inb(base + UART_LSR) & LSR_DR))
        return -1;
    return xg_inb(base + UART_RBR);
}
