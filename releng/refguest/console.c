/* Xen console output and a small printf (see console.h). */
#include "console.h"
#include "arch.h"
#include "hypercall.h"
#include <stdint.h>
#include <xen/sched.h>
#include "refguest_platform.h"

#define XEN_HVM_DEBUG_PORT 0xe9

void xg_console_write(const char *s, size_t len)
{
    if (!xg_hypercalls_ready) {
        for (size_t i = 0; i < len; i++)
            xg_outb(XEN_HVM_DEBUG_PORT, (uint8_t)s[i]);
        return;
    }
    /* The generated platform's: Xen's console in a dom0, the PV console ring in a domU. */
    xg_plat_console_write(s, len);
}

struct out {
    char *buf;
    size_t size;
    size_t pos;
};

static void put(struct out *o, char c)
{
    if (o->pos + 1 < o->size)
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
                    int upper, int neg, int width, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    if (neg)
        width--;
    if (neg && pad == '0')
        put(o, '-');
    for (int w = n; w < width; w++)
        put(o, pad);
    if (neg && pad != '0')
        put(o, '-');
    while (n > 0)
        put(o, tmp[--n]);
}

int xg_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt != '\0'; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
            unsigned long long u = v < 0 ? 0ull - (unsigned long long)v
                                         : (unsigned long long)v;
            put_num(&o, u, 10, 0, v < 0, width, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = lng ? va_arg(ap, unsigned long long)
                                       : va_arg(ap, unsigned int);
            put_num(&o, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', 0, width, pad);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (uintptr_t)va_arg(ap, void *), 16, 0, 0, width, pad);
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;
            if (s == NULL)
                s = "(null)";
            for (const char *t = s; *t != '\0'; t++)
                n++;
            for (; n < width; width--)
                put(&o, ' ');
            while (*s != '\0')
                put(&o, *s++);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if (size > 0)
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return (int)o.pos;
}

int xg_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = xg_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void xg_printf(const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    int n = xg_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(line) - 1)
        n = (int)sizeof(line) - 1;
    xg_console_write(line, (size_t)n);
}

_Noreturn void xg_panic(const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    int n = xg_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(line) - 1)
        n = (int)sizeof(line) - 1;
    xg_console_write("refguest: PANIC: ", 17);
    xg_console_write(line, (size_t)n);

    if (xg_hypercalls_ready) {
        struct sched_shutdown sd = { .reason = SHUTDOWN_crash };
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    }
    for (;;)
        __asm__ volatile("cli; hlt");
}
