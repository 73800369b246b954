package org.xenguest.dsl.generator;

/** NAME_gdbstub.c: a live GDB remote-serial-protocol responder, polled from the block and wait paths. */
final class CGdbstub {
	private CGdbstub() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		String transport;
		if (plan.stub.console()) {
			transport = Template.of("""
					/* ---- transport: the PV console ring (HVM_PARAM_CONSOLE_PFN, port ${PORT}) ---- */

					#include <xen/io/console.h>
					#include <xen/hvm/hvm_op.h>
					#include <xen/hvm/params.h>

					static struct xencons_interface *cons;
					static evtchn_port_t cons_port;

					static int transport_init(void)
					{
					    struct xen_hvm_param param = { .domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_PFN };
					    if (xg_plat_hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)(uintptr_t)&param, 0, 0, 0) != 0 ||
					        param.value == 0)
					        return XG_ENODEV;
					    cons = xg_plat_gfn_to_virt(param.value);
					    cons_port = ${P}_port(${PORT});
					    return cons != NULL && cons_port != 0 ? 0 : XG_ENODEV;
					}

					static int get_byte(void)
					{
					    XENCONS_RING_IDX c = cons->in_cons;
					    XENCONS_RING_IDX prod = __atomic_load_n(&cons->in_prod, __ATOMIC_ACQUIRE);
					    if (prod == c || prod - c > sizeof(cons->in))
					        return -1;                  /* empty, or indices not to be trusted */
					    int b = (uint8_t)cons->in[MASK_XENCONS_IDX(c, cons->in)];
					    __atomic_store_n(&cons->in_cons, c + 1, __ATOMIC_RELEASE);
					    return b;
					}

					static void put_byte(uint8_t b)
					{
					    for (int spin = 0; spin < 1000000; spin++) {
					        XENCONS_RING_IDX prod = cons->out_prod;
					        XENCONS_RING_IDX c = __atomic_load_n(&cons->out_cons, __ATOMIC_ACQUIRE);
					        if (prod - c < sizeof(cons->out)) {
					            cons->out[MASK_XENCONS_IDX(prod, cons->out)] = (char)b;
					            __atomic_store_n(&cons->out_prod, prod + 1, __ATOMIC_RELEASE);
					            return;
					        }
					        if (spin == 0)
					            (void)${P}_evtchn_send(cons_port);
					    }
					}

					static void flush(void)
					{
					    (void)${P}_evtchn_send(cons_port);
					}
					""").with("P", p).with("PORT", plan.ports.get(plan.stub.consolePortIndex()).macro()).fill();
		} else {
			transport = Template.of("""
					/* ---- transport: a polled 16550 at ${U}_DEBUG_STUB_SERIAL, 115200 8N1, no IRQ ---- */

					enum { UART_DATA = 0, UART_IER = 1, UART_FCR = 2, UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_SCR = 7 };
					#define LSR_DATA_READY 0x01
					#define LSR_THR_EMPTY 0x20

					static int transport_init(void)
					{
					    const uint16_t base = ${U}_DEBUG_STUB_SERIAL;
					    xg_plat_outb(base + UART_SCR, 0x5a);
					    if (xg_plat_inb(base + UART_SCR) != 0x5a)
					        return XG_ENODEV;           /* no UART answers there */
					    xg_plat_outb(base + UART_IER, 0x00);
					    xg_plat_outb(base + UART_LCR, 0x80);      /* DLAB: divisor 1 = 115200 baud */
					    xg_plat_outb(base + UART_DATA, 1);
					    xg_plat_outb(base + UART_IER, 0);
					    xg_plat_outb(base + UART_LCR, 0x03);      /* 8N1 */
					    xg_plat_outb(base + UART_FCR, 0x07);      /* FIFOs on and cleared */
					    xg_plat_outb(base + UART_MCR, 0x03);      /* DTR, RTS */
					    return 0;
					}

					static int get_byte(void)
					{
					    const uint16_t base = ${U}_DEBUG_STUB_SERIAL;
					    if (!(xg_plat_inb(base + UART_LSR) & LSR_DATA_READY))
					        return -1;
					    return xg_plat_inb(base + UART_DATA);
					}

					/* With FIFOs on, THRE means the whole 16-byte transmit FIFO is empty: fill
					 * it before reading LSR again (half the port accesses, which trap). */
					#define UART_TX_FIFO 16u
					static unsigned int tx_room;

					static void put_byte(uint8_t b)
					{
					    const uint16_t base = ${U}_DEBUG_STUB_SERIAL;
					    for (int spin = 0; tx_room == 0 && spin < 1000000; spin++)
					        if (xg_plat_inb(base + UART_LSR) & LSR_THR_EMPTY)
					            tx_room = UART_TX_FIFO;
					    if (tx_room == 0)
					        return;                     /* the UART does not drain: drop, never hang */
					    tx_room--;
					    xg_plat_outb(base + UART_DATA, b);
					}

					static void flush(void)
					{
					}
					""").with("U", u).fill();
		}
		return Template.of("""
				${HEADER}
				/*
				 * A live GDB remote-serial-protocol responder for guest ${P}.  It never stops
				 * the guest: ${P}_gdbstub_poll() answers what has arrived and returns, and
				 * the block and wait paths of ${P}_evtchn.c call it (waking at least every
				 * ${U}_GDBSTUB_POLL_NS), so a debugger reads memory while the guest runs.
				 * Answers qSupported, QStartNoAckMode, ?, g (registers unavailable: the
				 * guest is not stopped), m, x (binary, half the bytes on a slow line),
				 * M (only when the model says writable),
				 * qXenguest.DebugInfo (the address of ${P}_debug_info) and the thread
				 * queries GDB sends on connect; anything else gets the empty reply.
				 */
				#include "${P}_guest.h"

				#define PACKET_MAX 4096             /* PacketSize=1000 (hex): a packet costs tens of ms on a serial line */
				#define POLL_BYTES 4096             /* at most this much per poll */
				#define X86_64_G_BYTES 164          /* 16 GPRs, rip, eflags, 6 segments */

				${TRANSPORT}
				/* ---- the protocol ---- */

				enum { IDLE, DATA, SUM_HI, SUM_LO };

				static int ready, polling, no_ack, state;
				static char packet[PACKET_MAX + 1];
				static unsigned int packet_len;
				static uint8_t sum, got_sum;
				static char reply[PACKET_MAX + 1];
				static size_t reply_len;
				static const char hex[] = "0123456789abcdef";

				static void send_reply(void)
				{
				    uint8_t s = 0;
				    put_byte('$');
				    for (size_t i = 0; i < reply_len; i++) {
				        put_byte((uint8_t)reply[i]);
				        s = (uint8_t)(s + (uint8_t)reply[i]);
				    }
				    put_byte('#');
				    put_byte((uint8_t)hex[s >> 4]);
				    put_byte((uint8_t)hex[s & 15]);
				    flush();
				}

				static void set_reply(const char *s)
				{
				    reply_len = 0;
				    while (s[reply_len] != '\\0' && reply_len < PACKET_MAX) {
				        reply[reply_len] = s[reply_len];
				        reply_len++;
				    }
				}

				static int starts(const char *s, const char *prefix)
				{
				    while (*prefix != '\\0')
				        if (*s++ != *prefix++)
				            return 0;
				    return 1;
				}

				static int from_hex(char c)
				{
				    if (c >= '0' && c <= '9')
				        return c - '0';
				    if (c >= 'a' && c <= 'f')
				        return c - 'a' + 10;
				    if (c >= 'A' && c <= 'F')
				        return c - 'A' + 10;
				    return -1;
				}

				/* Hex number at *s (1 to 16 digits), stopping at the first non-digit. */
				static int parse_hex(const char **s, const char *end, uint64_t *v)
				{
				    int n = 0;
				    *v = 0;
				    while (*s < end && from_hex(**s) >= 0) {
				        if (++n > 16)
				            return 0;
				        *v = (*v << 4) | (uint64_t)from_hex(**s);
				        (*s)++;
				    }
				    return n > 0;
				}

				/* "addr,len" and then `stop`; the address range checked against the platform. */
				static int parse_range(const char **s, const char *end, char stop, uintptr_t *addr, size_t *len, int write)
				{
				    uint64_t a, l;
				    if (!parse_hex(s, end, &a) || *s >= end || **s != ',')
				        return 0;
				    (*s)++;
				    if (!parse_hex(s, end, &l) || (stop != '\\0' ? (*s >= end || **s != stop) : *s != end))
				        return 0;
				    if ((uint64_t)(uintptr_t)a != a || l > PACKET_MAX / 2)   /* the reply: 2 hex digits a byte */
				        return 0;
				    *addr = (uintptr_t)a;
				    *len = (size_t)l;
				    return xg_plat_debug_mem_ok(*addr, *len, write);
				}

				/* m: hex digits; x: 'b' and the bytes, '#', '$', '}' and '*' escaped as '}' c^0x20. */
				static void read_memory(const char *s, const char *end, int binary)
				{
				    uintptr_t addr;
				    size_t len;
				    if (!parse_range(&s, end, '\\0', &addr, &len, 0) || (binary && len > (PACKET_MAX - 1) / 2)) {
				        set_reply("E14");            /* EFAULT */
				        return;
				    }
				    const volatile uint8_t *m = (const volatile uint8_t *)addr;
				    reply_len = 0;
				    if (binary)
				        reply[reply_len++] = 'b';
				    for (size_t i = 0; i < len; i++) {
				        uint8_t b = m[i];
				        if (!binary) {
				            reply[reply_len++] = hex[b >> 4];
				            reply[reply_len++] = hex[b & 15];
				        } else if (b == '#' || b == '$' || b == '}' || b == '*') {
				            reply[reply_len++] = '}';
				            reply[reply_len++] = (char)(b ^ 0x20);
				        } else {
				            reply[reply_len++] = (char)b;
				        }
				    }
				}

				static void write_memory(const char *s, const char *end)
				{
				#if ${U}_DEBUG_STUB_WRITABLE
				    uintptr_t addr;
				    size_t len;
				    if (!parse_range(&s, end, ':', &addr, &len, 1) || (size_t)(end - s - 1) != 2 * len) {
				        set_reply("E14");
				        return;
				    }
				    s++;
				    for (size_t i = 0; i < len; i++)
				        if (from_hex(s[2 * i]) < 0 || from_hex(s[2 * i + 1]) < 0) {
				            set_reply("E01");
				            return;
				        }
				    volatile uint8_t *m = (volatile uint8_t *)addr;
				    for (size_t i = 0; i < len; i++)
				        m[i] = (uint8_t)(from_hex(s[2 * i]) << 4 | from_hex(s[2 * i + 1]));
				    set_reply("OK");
				#else
				    (void)s;
				    (void)end;
				    set_reply("");                   /* not writable: M is not supported */
				#endif
				}

				static unsigned long packets;

				unsigned long ${P}_gdbstub_packets(void)
				{
				    return packets;
				}

				static void handle(void)
				{
				    packets++;
				    const char *s = packet;
				    const char *end = packet + packet_len;
				    packet[packet_len] = '\\0';
				    if (starts(s, "qSupported")) {
				        set_reply("PacketSize=1000;QStartNoAckMode+;binary-upload+");
				    } else if (starts(s, "QStartNoAckMode")) {
				        set_reply("OK");
				        send_reply();
				        no_ack = 1;
				        return;
				    } else if (packet_len == 1 && s[0] == '?') {
				        set_reply("S05");
				    } else if (packet_len == 1 && s[0] == 'g') {
				        for (reply_len = 0; reply_len < 2 * X86_64_G_BYTES; reply_len++)
				            reply[reply_len] = 'x';         /* unavailable: the guest runs on */
				    } else if (s[0] == 'm' || s[0] == 'x') {
				        read_memory(s + 1, end, s[0] == 'x');
				    } else if (s[0] == 'M') {
				        write_memory(s + 1, end);
				    } else if (starts(s, "qXenguest.DebugInfo")) {
				        uint64_t a = (uint64_t)(uintptr_t)&${P}_debug_info;
				        char digits[17];
				        int n = 0;
				        do {
				            digits[n++] = hex[a & 15];
				            a >>= 4;
				        } while (a != 0);
				        for (reply_len = 0; n > 0; reply_len++)
				            reply[reply_len] = digits[--n];
				    } else if (starts(s, "qAttached")) {
				        set_reply("1");
				    } else if (starts(s, "qfThreadInfo")) {
				        set_reply("m1");
				    } else if (starts(s, "qsThreadInfo")) {
				        set_reply("l");
				    } else if (s[0] == 'H' || s[0] == 'T' || (packet_len == 1 && (s[0] == 'D' || s[0] == 'k'))) {
				        set_reply("OK");
				    } else {
				        set_reply("");
				    }
				    send_reply();
				}

				static void feed(uint8_t c)
				{
				    switch (state) {
				    case IDLE:
				        if (c == '$') {
				            state = DATA;
				            packet_len = 0;
				            sum = 0;
				        } else if (c == '-' && !no_ack) {
				            send_reply();                   /* the debugger asks again */
				        } else if (c == 0x03) {
				            set_reply("S02");               /* an interrupt: report, keep running */
				            send_reply();
				        }
				        break;
				    case DATA:
				        if (c == '#') {
				            state = SUM_HI;
				        } else if (c == '$') {
				            packet_len = 0;                 /* a new packet restarts */
				            sum = 0;
				        } else if (packet_len < PACKET_MAX) {
				            packet[packet_len++] = (char)c;
				            sum = (uint8_t)(sum + c);
				        } else {
				            state = IDLE;                   /* too long: dropped, NAKed */
				            put_byte('-');
				            flush();
				        }
				        break;
				    case SUM_HI:
				        got_sum = (uint8_t)(from_hex((char)c) << 4);
				        state = from_hex((char)c) < 0 ? IDLE : SUM_LO;
				        if (state == IDLE && !no_ack) {
				            put_byte('-');
				            flush();
				        }
				        break;
				    case SUM_LO:
				        state = IDLE;
				        if (from_hex((char)c) < 0 || (uint8_t)(got_sum | from_hex((char)c)) != sum) {
				            if (!no_ack) {
				                put_byte('-');
				                flush();
				            }
				            break;
				        }
				        if (!no_ack)
				            put_byte('+');
				        handle();
				        break;
				    default:
				        state = IDLE;
				        break;
				    }
				}

				int ${P}_gdbstub_init(void)
				{
				    /* Once only: ${P}_start() calls this too, after a guest may have started the stub
				     * early to be followed through its boot; setting the line up again would clear
				     * the UART's FIFOs and drop a debugger's request in flight. */
				    if (ready)
				        return 0;
				    int rc = transport_init();
				    ready = rc == 0;
				    return rc;
				}

				void ${P}_gdbstub_poll(void)
				{
				    if (!ready || polling)
				        return;
				    polling = 1;
				    for (int i = 0; i < POLL_BYTES; i++) {
				        int c = get_byte();
				        if (c < 0)
				            break;
				        feed((uint8_t)c);
				    }
				    polling = 0;
				}
				""").with("HEADER", Texts.cHeader(plan, p + "_gdbstub.c", "live debug stub of guest " + p))
				.with("P", p).with("U", u).with("TRANSPORT", transport).fill();
	}
}
