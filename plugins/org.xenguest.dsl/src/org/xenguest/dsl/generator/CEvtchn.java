package org.xenguest.dsl.generator;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.Hypercalls;
import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.dsl.generator.GuestPlan.Kind;
import org.xenguest.dsl.generator.GuestPlan.PortPlan;

/** NAME_evtchn.c: shared_info, upcall registration, ports, the handler table, mask/unmask, demux, block. */
final class CEvtchn {
	private CEvtchn() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		StringBuilder table = new StringBuilder();
		for (PortPlan pp : plan.ports) {
			String kind = u + "_KIND_" + pp.kind().name();
			table.append("    [").append(pp.macro()).append("] = {\n");
			table.append("        .name = ").append(Texts.cString(pp.name())).append(",\n");
			table.append("        .handler_name = ").append(Texts.cString(pp.handler())).append(",\n");
			table.append("        .handler = ").append(pp.handler() == null ? "NULL" : pp.handler()).append(",\n");
			table.append("        .kind = ").append(kind).append(",\n");
			table.append("        .vcpu = ").append(pp.vcpu()).append(",\n");
			table.append("        .masked = ").append(pp.masked() ? 1 : 0).append(",\n");
			table.append("        .device = ").append(pp.deviceOwned() ? 1 : 0).append(",\n");
			if (pp.kind() == Kind.UNBOUND || pp.kind() == Kind.INTERDOMAIN) {
				table.append("        .remote_domid = ").append(pp.remoteSelf() ? "DOMID_SELF" : pp.remoteDomid())
						.append(",\n");
			}
			if (pp.kind() == Kind.INTERDOMAIN && pp.remotePortIndex() >= 0) {
				table.append("        .remote = ").append(plan.ports.get(pp.remotePortIndex()).macro())
						.append(",   /* a port of this guest: its number at run time */\n");
				table.append("        .remote_is_port = 1,\n");
			} else if (pp.kind() == Kind.INTERDOMAIN) {
				table.append("        .remote = ").append(pp.remotePort()).append(",\n");
			} else if (pp.kind() == Kind.VIRQ) {
				table.append("        .remote = ").append(pp.virqC()).append(",\n");
			}
			table.append("    },\n");
		}
		if (plan.ports.isEmpty()) {
			table.append("    { .name = NULL },   /* the model declares no port */\n");
		}
		StringBuilder order = new StringBuilder();
		for (int i : plan.bindOrder) {
			order.append(order.length() == 0 ? "" : ", ").append(plan.ports.get(i).macro());
		}
		if (order.length() == 0) {
			order.append("0");
		}
		StringBuilder timers = new StringBuilder();
		for (int v = 0; v < plan.vcpus; v++) {
			timers.append(v == 0 ? "" : ", ").append(plan.timerPort[v] < 0 ? "NO_TIMER_PORT" : plan.ports.get(plan.timerPort[v]).macro());
		}
		DebugInfoLayout l = plan.layout;
		StringBuilder asserts = new StringBuilder();
		String di = "struct " + p + "_debug_info";
		String din = "struct " + p + "_debug_info_netfront";
		String[][] fields = { { "magic", "" + DebugInfoLayout.MAGIC_OFFSET }, { "layout", "" + DebugInfoLayout.LAYOUT_OFFSET },
				{ "size", "" + DebugInfoLayout.SIZE_OFFSET }, { "nr_ports", "" + DebugInfoLayout.NR_PORTS_OFFSET },
				{ "shared_info", "" + DebugInfoLayout.SHARED_INFO_OFFSET },
				{ "grant_table", "" + DebugInfoLayout.GRANT_TABLE_OFFSET },
				{ "grant_frames", "" + DebugInfoLayout.GRANT_FRAMES_OFFSET },
				{ "grant_version", "" + DebugInfoLayout.GRANT_VERSION_OFFSET },
				{ "xenstore", "" + DebugInfoLayout.XENSTORE_OFFSET },
				{ "xenstore_port", "" + DebugInfoLayout.XENSTORE_PORT_OFFSET },
				{ "nr_netfronts", "" + DebugInfoLayout.NR_NETFRONTS_OFFSET }, { "ports", "" + DebugInfoLayout.PORTS_OFFSET },
				{ "netfronts", "" + l.netfrontsOffset } };
		for (String[] f : fields) {
			asserts.append("_Static_assert(offsetof(").append(di).append(", ").append(f[0]).append(") == ").append(f[1])
					.append(", \"debug info layout\");\n");
		}
		String[][] nfFields = { { "tx_sring", "" + DebugInfoLayout.NF_TX_SRING }, { "rx_sring", "" + DebugInfoLayout.NF_RX_SRING },
				{ "tx_front", "" + DebugInfoLayout.NF_TX_FRONT }, { "rx_front", "" + DebugInfoLayout.NF_RX_FRONT },
				{ "frontend_state", "" + DebugInfoLayout.NF_FRONTEND_STATE },
				{ "backend_state", "" + DebugInfoLayout.NF_BACKEND_STATE }, { "port", "" + DebugInfoLayout.NF_PORT },
				{ "backend", "" + DebugInfoLayout.NF_BACKEND } };
		for (String[] f : nfFields) {
			asserts.append("_Static_assert(offsetof(").append(din).append(", ").append(f[0]).append(") == ").append(f[1])
					.append(", \"debug info layout\");\n");
		}
		asserts.append("_Static_assert(sizeof(").append(din).append(") == ").append(DebugInfoLayout.NF_SIZE)
				.append(", \"debug info layout\");\n");
		asserts.append("_Static_assert(sizeof(").append(di).append(") == ").append(l.size)
				.append(", \"debug info layout\");\n");

		boolean stub = plan.stub != null;
		return Template.of("""
				${HEADER}
				/*
				 * Event channels of guest ${P}: shared_info, the upcall, the model's ports
				 * and their handler table, mask/unmask, the upcall demux and the race-free
				 * block, written to the "Rules of correct 2-level event handling" of
				 * notes/xen-facts.md (cited as rule N below).
				 */
				#include "${P}_guest.h"
				#include <stdarg.h>
				#include <xen/hvm/hvm_op.h>
				#include <xen/hvm/params.h>
				#include <xen/memory.h>
				#include <xen/vcpu.h>

				#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)
				#define NR_WORDS (EVTCHN_2L_NR_CHANNELS / BITS_PER_WORD)
				#define NO_TIMER_PORT 0xffu
				#define UNEXPECTED_LOG_LIMIT 8

				_Static_assert(EVTCHN_2L_NR_CHANNELS == ${NR_CHANNELS}, "2-level event channels: 4096 ports on 64-bit");
				_Static_assert(${U}_VCPUS <= XEN_LEGACY_MAX_VCPUS,
				               "guest ${P} has more vCPUs than shared_info has vcpu_info slots; "
				               "VCPUOP_register_vcpu_info is not generated (XG011)");

				/* ---- the handler table ---- */

				const struct ${P}_port_info ${P}_ports[${PORT_SLOTS}] = {
				${TABLE}};

				/* The order ${P}_evtchn_init binds the ports in: model order, but a port paired
				 * with a port of this guest ('remote self port NAME') after all others, so that
				 * its partner is bound and has its number first. */
				static const uint16_t bind_order[${PORT_SLOTS}] = { ${BIND_ORDER} };

				/* Per vCPU, the model port that is its VIRQ_TIMER; NO_TIMER_PORT: bind one
				 * here, because a set_timer_op deadline wakes a halted vCPU only through it. */
				static const uint8_t timer_port_index[${U}_VCPUS] = { ${TIMERS} };

				/* ---- the debug info block ---- */

				struct ${P}_debug_info ${P}_debug_info = {
				    .magic = ${U}_DEBUG_INFO_MAGIC,
				    .layout = ${U}_DEBUG_INFO_LAYOUT,
				    .size = sizeof(struct ${P}_debug_info),
				    .nr_ports = ${U}_NR_PORTS,
				    .nr_netfronts = ${NR_NF},
				};
				/* The Java descriptor decodes these offsets (${JAVA_CLASS}). */
				${ASSERTS}
				/* ---- state ---- */

				/* The frame Xen's shared_info replaces (XENMEM_add_to_physmap). */
				static union {
				    struct shared_info info;
				    uint8_t bytes[XG_PAGE_SIZE];
				} shared_page __attribute__((aligned(XG_PAGE_SIZE)));
				static struct shared_info *shared;
				static int bound_all;              /* ${P}_evtchn_init has run to its end */

				static const unsigned int nr_ports = ${U}_NR_PORTS;   /* a variable: no always-false warnings at 0 */
				static evtchn_port_t bound[${PORT_SLOTS}];
				static evtchn_port_t own_timer[${U}_VCPUS];
				static ${P}_port_handler_t dispatch_fn[EVTCHN_2L_NR_CHANNELS];
				static uint32_t dispatch_index[EVTCHN_2L_NR_CHANNELS];
				#if ${U}_VCPUS > 1
				/* The ports each vCPU handles (Xen sets the selector on the port's vCPU only). */
				static xen_ulong_t vcpu_ports[${U}_VCPUS][NR_WORDS];
				#endif
				static int upcall_lapic;
				static struct ${P}_evtchn_stats stats[${U}_VCPUS];

				/* ---- log ---- */

				static size_t put(char *b, size_t n, size_t size, char c)
				{
				    if (n + 1 < size)
				        b[n] = c;
				    return n + 1;
				}

				static size_t put_num(char *b, size_t n, size_t size, unsigned long long v, unsigned int base, int neg)
				{
				    char tmp[24];
				    int k = 0;
				    do {
				        tmp[k++] = "0123456789abcdef"[v % base];
				        v /= base;
				    } while (v != 0);
				    if (neg)
				        n = put(b, n, size, '-');
				    while (k > 0)
				        n = put(b, n, size, tmp[--k]);
				    return n;
				}

				/* %s %c %d %i %u %x %p %% with l, ll and z (u, x): what the generated code uses. */
				static size_t format(char *b, size_t size, const char *fmt, va_list ap)
				{
				    size_t n = 0;
				    for (; *fmt != '\\0'; fmt++) {
				        if (*fmt != '%') {
				            n = put(b, n, size, *fmt);
				            continue;
				        }
				        fmt++;
				        int l = 0, z = 0;
				        while (*fmt == 'l') {
				            l++;
				            fmt++;
				        }
				        if (*fmt == 'z') {
				            z = 1;
				            fmt++;
				        }
				        switch (*fmt) {
				        case 'd':
				        case 'i': {
				            long long v = l >= 2 ? va_arg(ap, long long) : l ? va_arg(ap, long) : va_arg(ap, int);
				            n = put_num(b, n, size, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, 10, v < 0);
				            break;
				        }
				        case 'u':
				        case 'x': {
				            unsigned long long v = z ? va_arg(ap, size_t)
				                                   : l >= 2 ? va_arg(ap, unsigned long long)
				                                   : l ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
				            n = put_num(b, n, size, v, *fmt == 'x' ? 16 : 10, 0);
				            break;
				        }
				        case 'p':
				            n = put(b, n, size, '0');
				            n = put(b, n, size, 'x');
				            n = put_num(b, n, size, (uintptr_t)va_arg(ap, void *), 16, 0);
				            break;
				        case 's': {
				            const char *s = va_arg(ap, const char *);
				            for (s = s != NULL ? s : "(null)"; *s != '\\0'; s++)
				                n = put(b, n, size, *s);
				            break;
				        }
				        case 'c':
				            n = put(b, n, size, (char)va_arg(ap, int));
				            break;
				        case '\\0':
				            fmt--;
				            break;
				        default:
				            n = put(b, n, size, '%');
				            n = put(b, n, size, *fmt);
				            break;
				        }
				    }
				    if (size > 0)
				        b[n < size ? n : size - 1] = '\\0';
				    return n;
				}

				void ${P}_log(const char *fmt, ...)
				{
				    static const char prefix[] = ${PREFIX_LIT};
				    char line[256];
				    size_t n = sizeof(prefix) - 1;
				    memcpy(line, prefix, n);
				    va_list ap;
				    va_start(ap, fmt);
				    size_t len = format(line + n, sizeof(line) - n, fmt, ap);
				    va_end(ap);
				    if (len >= sizeof(line) - n) {         /* cut: still end the line */
				        len = sizeof(line) - n - 1;
				        line[n + len - 1] = '\\n';
				    }
				    xg_plat_console_write(line, n + len);
				}

				/* ---- hypercalls ---- */

				static long evtchn_op(int cmd, void *arg)
				{
				    return xg_plat_hypercall(__HYPERVISOR_event_channel_op, (unsigned long)cmd,
				                             (unsigned long)(uintptr_t)arg, 0, 0, 0);
				}

				static long hvm_op(int cmd, void *arg)
				{
				    return xg_plat_hypercall(__HYPERVISOR_hvm_op, (unsigned long)cmd, (unsigned long)(uintptr_t)arg, 0, 0, 0);
				}

				static long get_param(uint32_t index, uint64_t *value)
				{
				    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
				    long rc = hvm_op(HVMOP_get_param, &p);
				    *value = rc == 0 ? p.value : 0;
				    return rc;
				}

				static long set_param(uint32_t index, uint64_t value)
				{
				    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index, .value = value };
				    return hvm_op(HVMOP_set_param, &p);
				}

				static long set_timer(unsigned int vcpu, uint64_t deadline_ns)
				{
				    long rc = xg_plat_hypercall(__HYPERVISOR_set_timer_op, (unsigned long)deadline_ns, 0, 0, 0, 0);
				    if (rc != 0 && deadline_ns != 0) {
				        struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline_ns };
				        rc = xg_plat_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, vcpu,
				                               (unsigned long)(uintptr_t)&t, 0, 0);
				    }
				    return rc;
				}

				/* ---- bits of shared_info, which Xen writes concurrently ---- */

				static inline xen_ulong_t bit_of(evtchn_port_t port)
				{
				    return (xen_ulong_t)1 << (port % BITS_PER_WORD);
				}

				static inline xen_ulong_t word_load(const xen_ulong_t *word)
				{
				    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
				}

				static inline int test_bit(evtchn_port_t port, const xen_ulong_t *words)
				{
				    return (word_load(&words[port / BITS_PER_WORD]) & bit_of(port)) != 0;
				}

				static inline void set_bit(evtchn_port_t port, xen_ulong_t *words)
				{
				    __atomic_fetch_or(&words[port / BITS_PER_WORD], bit_of(port), __ATOMIC_SEQ_CST);
				}

				/* Atomic test-and-clear.  Nothing here ever complements a bit (rule 1). */
				static inline int test_and_clear_bit(evtchn_port_t port, xen_ulong_t *words)
				{
				    xen_ulong_t bit = bit_of(port);
				    return (__atomic_fetch_and(&words[port / BITS_PER_WORD], ~bit, __ATOMIC_SEQ_CST) & bit) != 0;
				}

				static inline unsigned int lowest_bit(xen_ulong_t word)
				{
				    return (unsigned int)__builtin_ctzll((unsigned long long)word);
				}

				static inline unsigned int this_vcpu(void)
				{
				    unsigned int cpu = ${U}_VCPUS > 1 ? xg_plat_vcpu_id() : 0;
				    return cpu < ${U}_VCPUS ? cpu : 0;
				}

				/* ---- ports ---- */

				struct shared_info *${P}_shared_info(void)
				{
				    return shared;
				}

				evtchn_port_t ${P}_port(unsigned int index)
				{
				    return index < nr_ports ? bound[index] : 0;
				}

				static void no_handler(unsigned int index, evtchn_port_t port)
				{
				    (void)index;
				    (void)port;
				}

				int ${P}_evtchn_attach(evtchn_port_t port, unsigned int vcpu, ${P}_port_handler_t handler,
				                       unsigned int index)
				{
				    if (port == 0 || port >= EVTCHN_2L_NR_CHANNELS || vcpu >= ${U}_VCPUS)
				        return XG_EINVAL;
				    unsigned long flags = xg_plat_irq_save();
				    dispatch_index[port] = index;
				    dispatch_fn[port] = handler != NULL ? handler : no_handler;
				#if ${U}_VCPUS > 1
				    for (unsigned int v = 0; v < ${U}_VCPUS; v++)
				        vcpu_ports[v][port / BITS_PER_WORD] &= ~bit_of(port);
				    vcpu_ports[vcpu][port / BITS_PER_WORD] |= bit_of(port);
				#endif
				    xg_plat_irq_restore(flags);
				    return 0;
				}

				void ${P}_evtchn_mask(evtchn_port_t port)
				{
				    if (shared == NULL || port == 0 || port >= EVTCHN_2L_NR_CHANNELS)
				        return;
				    set_bit(port, shared->evtchn_mask);
				}

				void ${P}_evtchn_unmask(evtchn_port_t port)
				{
				    struct shared_info *s = shared;
				    if (s == NULL || port == 0 || port >= EVTCHN_2L_NR_CHANNELS)
				        return;
				    /* Rule 1: clear the mask with an atomic test-and-clear, never a toggle
				     * (toggling an unmasked port would mask it). */
				    if (!test_and_clear_bit(port, s->evtchn_mask))
				        return;     /* was not masked: Xen notified any event when it came */
				    /* Rule 1: THEN test PENDING, not the mask.  Xen raised no upcall for an
				     * event that came while the port was masked, and on HVM/PVH raises one
				     * from EVTCHNOP_unmask only if it finds the mask set: so set it again. */
				    if (test_bit(port, s->evtchn_pending)) {
				        set_bit(port, s->evtchn_mask);
				        struct evtchn_unmask op = { .port = port };
				        stats[this_vcpu()].unmask_hypercalls++;
				        (void)evtchn_op(EVTCHNOP_unmask, &op);
				    }
				}

				int ${P}_evtchn_send(evtchn_port_t port)
				{
				    struct evtchn_send op = { .port = port };
				    return (int)evtchn_op(EVTCHNOP_send, &op);
				}

				static int bind_port(unsigned int i)
				{
				    const struct ${P}_port_info *p = &${P}_ports[i];
				    evtchn_port_t port = 0;
				    const char *op = "?";
				    long rc;

				    switch (p->kind) {
				    case ${U}_KIND_XENSTORE:
				    case ${U}_KIND_CONSOLE: {
				        /* The toolstack bound these; HVM params name them. */
				        int store = p->kind == ${U}_KIND_XENSTORE;
				        uint64_t value = 0;
				        op = store ? "HVM_PARAM_STORE_EVTCHN" : "HVM_PARAM_CONSOLE_EVTCHN";
				        rc = get_param(store ? HVM_PARAM_STORE_EVTCHN : HVM_PARAM_CONSOLE_EVTCHN, &value);
				        if (rc == 0 && value == 0) {
				            ${P}_log("port %s: %s is 0, Xen offers no %s channel (%s): left unbound\\n", p->name, op,
				                     store ? "xenstore" : "console",
				                     store ? "a dom0 has none before xenstored runs" : "a dom0 writes to Xen's console");
				            return 0;
				        }
				        port = (evtchn_port_t)value;
				        break;
				    }
				    case ${U}_KIND_VIRQ: {
				        struct evtchn_bind_virq b = { .virq = p->remote, .vcpu = p->vcpu };
				        op = "EVTCHNOP_bind_virq";
				        rc = evtchn_op(EVTCHNOP_bind_virq, &b);
				        port = b.port;
				        break;
				    }
				    case ${U}_KIND_UNBOUND: {
				        struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = p->remote_domid };
				        op = "EVTCHNOP_alloc_unbound";
				        rc = evtchn_op(EVTCHNOP_alloc_unbound, &a);
				        port = a.port;
				        break;
				    }
				    case ${U}_KIND_INTERDOMAIN: {
				        /* Rule 5: Xen marks the new port pending at once; it stays masked
				         * (see ${P}_evtchn_init) until the unmask below delivers it. */
				        struct evtchn_bind_interdomain b = { .remote_dom = p->remote_domid, .remote_port = p->remote };
				        op = "EVTCHNOP_bind_interdomain";
				        if (p->remote_is_port) {
				            /* A self-connected pair: the partner, bound earlier (bind_order),
				             * is an unbound port of this guest left for DOMID_SELF. */
				            b.remote_port = p->remote < nr_ports ? bound[p->remote] : 0;
				            if (b.remote_port == 0) {
				                ${P}_log("port %s: its partner port is not bound: not binding\\n", p->name);
				                return XG_EINVAL;
				            }
				        }
				        rc = evtchn_op(EVTCHNOP_bind_interdomain, &b);
				        port = b.local_port;
				        break;
				    }
				    case ${U}_KIND_IPI: {
				        struct evtchn_bind_ipi b = { .vcpu = p->vcpu };
				        op = "EVTCHNOP_bind_ipi";
				        rc = evtchn_op(EVTCHNOP_bind_ipi, &b);
				        port = b.port;
				        break;
				    }
				    default:
				        return XG_EINVAL;
				    }
				    if (rc != 0) {
				        ${P}_log("port %s: %s failed: %ld\\n", p->name, op, rc);
				        return (int)rc;
				    }
				    if (port == 0 || port >= EVTCHN_2L_NR_CHANNELS) {
				        ${P}_log("port %s: %s gave port %u, outside the 2-level ports 1..%u\\n", p->name, op,
				                 (unsigned int)port, (unsigned int)EVTCHN_2L_NR_CHANNELS - 1);
				        return XG_ERANGE;
				    }
				    if (p->vcpu != 0 && p->kind != ${U}_KIND_VIRQ && p->kind != ${U}_KIND_IPI) {
				        struct evtchn_bind_vcpu bv = { .port = port, .vcpu = p->vcpu };
				        rc = evtchn_op(EVTCHNOP_bind_vcpu, &bv);
				        if (rc != 0) {
				            ${P}_log("port %s: EVTCHNOP_bind_vcpu(port %u, vcpu %u) failed: %ld\\n", p->name,
				                     (unsigned int)port, (unsigned int)p->vcpu, rc);
				            return (int)rc;
				        }
				    }
				    bound[i] = port;
				    ${P}_debug_info.ports[i] = port;
				    return ${P}_evtchn_attach(port, p->vcpu, p->handler, i);
				}

				static int register_upcall(void)
				{
				    long rc;
				    if (xg_plat_upcall_vector_offered()) {
				        unsigned int v;
				        /* Set before the first vector is registered: an upcall Xen injects at once
				         * (interrupts on) must EOI, or the LAPIC keeps the vector in service. */
				        upcall_lapic = 1;
				        for (v = 0; v < ${U}_VCPUS; v++) {
				            struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = v, .vector = XG_UPCALL_VECTOR };
				            rc = hvm_op(HVMOP_set_evtchn_upcall_vector, &uv);
				            if (rc != 0) {
				                ${P}_log("HVMOP_set_evtchn_upcall_vector(vcpu %u, vector 0x%x) failed: %ld\\n", v,
				                         (unsigned int)XG_UPCALL_VECTOR, rc);
				                if (v != 0)
				                    return (int)rc;
				                upcall_lapic = 0;   /* none registered: CALLBACK_IRQ below, no EOI */
				                break;
				            }
				        }
				        if (v == ${U}_VCPUS) {
				            /* Rule 3: per-vCPU vectors, LAPIC EOI in the upcall; CALLBACK_IRQ = 1
				             * only tells the toolstack that this guest takes events. */
				            rc = set_param(HVM_PARAM_CALLBACK_IRQ, 1);
				            if (rc != 0)
				                ${P}_log("HVM_PARAM_CALLBACK_IRQ = 1 (for the toolstack) failed: %ld\\n", rc);
				            ${P}_log("upcall: vector 0x%x per vCPU (HVMOP_set_evtchn_upcall_vector, LAPIC EOI)\\n",
				                     (unsigned int)XG_UPCALL_VECTOR);
				            return 0;
				        }
				    }
				    /* Rule 3: HVM_PARAM_CALLBACK_IRQ type vector; Xen injects the vector
				     * itself (no LAPIC, no EOI) while upcall_pending is set.  A PVH guest has
				     * no PIC and no IO-APIC: nothing else to set up. */
				    uint64_t via = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << ${CB_SHIFT}) | XG_UPCALL_VECTOR;
				    rc = set_param(HVM_PARAM_CALLBACK_IRQ, via);
				    if (rc != 0) {
				        ${P}_log("HVM_PARAM_CALLBACK_IRQ = 0x%llx failed: %ld\\n", (unsigned long long)via, rc);
				        return (int)rc;
				    }
				    ${P}_log("upcall: vector 0x%x (HVM_PARAM_CALLBACK_IRQ = 0x%llx, no EOI)\\n", (unsigned int)XG_UPCALL_VECTOR,
				             (unsigned long long)via);
				    return 0;
				}

				int ${P}_evtchn_map(void)
				{
				    if (shared != NULL)
				        return 0;
				    struct xen_add_to_physmap xatp = {
				        .domid = DOMID_SELF,
				        .space = XENMAPSPACE_shared_info,
				        .idx = 0,
				        .gpfn = xg_plat_virt_to_gfn(&shared_page),
				    };
				    long rc = xg_plat_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				                                (unsigned long)(uintptr_t)&xatp, 0, 0, 0);
				    if (rc != 0) {
				        ${P}_log("XENMEM_add_to_physmap(shared_info) failed: %ld\\n", rc);
				        return (int)rc;
				    }
				    shared = &shared_page.info;
				    ${P}_debug_info.shared_info = (uint64_t)(uintptr_t)shared;

				    /* Every port masked before any is bound, as Linux does at boot: a port
				     * delivers only once its handler is attached (rule 1 unmasks it). */
				    for (unsigned int w = 0; w < NR_WORDS; w++)
				        __atomic_store_n(&shared->evtchn_mask[w], ~(xen_ulong_t)0, __ATOMIC_SEQ_CST);
				    return 0;
				}

				int ${P}_evtchn_init(void)
				{
				    if (bound_all)
				        return 0;
				    long rc;
				    int err = ${P}_evtchn_map();
				    if (err != 0)
				        return err;
				    err = register_upcall();
				    if (err != 0)
				        return err;
				    for (unsigned int i = 0; i < nr_ports; i++) {
				        err = bind_port(bind_order[i]);
				        if (err != 0)
				            return err;
				    }
				    for (unsigned int v = 0; v < ${U}_VCPUS; v++) {
				        if (timer_port_index[v] != NO_TIMER_PORT)
				            continue;
				        struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = v };
				        rc = evtchn_op(EVTCHNOP_bind_virq, &b);
				        if (rc != 0 || b.port == 0 || b.port >= EVTCHN_2L_NR_CHANNELS) {
				            ${P}_log("EVTCHNOP_bind_virq(VIRQ_TIMER, vcpu %u) failed: %ld\\n", v, rc);
				            return rc != 0 ? (int)rc : XG_ERANGE;
				        }
				        own_timer[v] = b.port;
				        (void)${P}_evtchn_attach(b.port, v, no_handler, ${U}_NR_PORTS + v);
				        ${P}_evtchn_unmask(b.port);
				    }
				    for (unsigned int i = 0; i < nr_ports; i++)
				        if (bound[i] != 0 && !${P}_ports[i].masked && !${P}_ports[i].device)
				            ${P}_evtchn_unmask(bound[i]);
				    bound_all = 1;
				    return 0;
				}

				/* ---- the upcall ---- */

				static void dispatch(evtchn_port_t port, unsigned int cpu)
				{
				    ${P}_port_handler_t fn = dispatch_fn[port];
				    stats[cpu].events++;
				    if (fn == NULL) {
				        if (++stats[cpu].unexpected <= UNEXPECTED_LOG_LIMIT)
				            ${P}_log("event on port %u, which nothing is attached to: dropped\\n", (unsigned int)port);
				        return;
				    }
				    fn(dispatch_index[port], port);
				}

				void ${P}_evtchn_upcall(void)
				{
				    struct shared_info *s = shared;
				    if (s == NULL)
				        return;
				    unsigned int cpu = this_vcpu();
				    struct vcpu_info *v = &s->vcpu_info[cpu];
				    stats[cpu].upcalls++;
				    do {
				        /* Rule 2: clear upcall_pending BEFORE taking the selector: an event
				         * Xen marks after this store sets it again, and we go round again. */
				        __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
				        xen_ulong_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
				        while (sel != 0) {
				            unsigned int w = lowest_bit(sel);
				            sel &= sel - 1;
				            /* Rule 2: handle pending & ~mask of the word, re-read on every
				             * pass (each pass takes every ready port once: no starvation). */
				            for (;;) {
				                xen_ulong_t ready = word_load(&s->evtchn_pending[w]) & ~word_load(&s->evtchn_mask[w]);
				#if ${U}_VCPUS > 1
				                ready &= vcpu_ports[cpu][w];
				#endif
				                if (ready == 0)
				                    break;
				                do {
				                    evtchn_port_t port = (evtchn_port_t)(w * BITS_PER_WORD + lowest_bit(ready));
				                    ready &= ready - 1;
				                    /* Pending is cleared before the handler runs, so an event
				                     * sent while it runs is a new one, not lost. */
				                    if (test_and_clear_bit(port, s->evtchn_pending))
				                        dispatch(port, cpu);
				                } while (ready != 0);
				            }
				        }
				    } while (__atomic_load_n(&v->evtchn_upcall_pending, __ATOMIC_ACQUIRE));
				    if (upcall_lapic)
				        xg_plat_lapic_eoi();     /* rule 3: the per-vCPU vector came through the LAPIC */
				}

				void xg_evtchn_upcall(void)
				{
				    ${P}_evtchn_upcall();
				}

				/* ---- blocking ---- */

				static uint64_t halt_deadline(uint64_t now, uint64_t deadline_ns)
				{
				${HALT_DEADLINE}}

				static int upcall_pending(unsigned int cpu)
				{
				    return __atomic_load_n(&shared->vcpu_info[cpu].evtchn_upcall_pending, __ATOMIC_ACQUIRE) != 0;
				}

				int ${P}_evtchn_block(uint64_t deadline_ns)
				{
				    if (shared == NULL)
				        return XG_ENODEV;
				${STUB_POLL}    unsigned int cpu = this_vcpu();
				    /* Rule 4: cli FIRST, then look: an upcall that becomes pending from here
				     * on is held until the sti, which is the one right before the hlt. */
				    unsigned long flags = xg_plat_irq_save();
				    uint64_t now = xg_plat_now_ns();
				    int rc = 0;
				    if (deadline_ns != 0 && now >= deadline_ns) {
				        rc = XG_ETIMEDOUT;
				    } else if (!upcall_pending(cpu)) {
				        (void)set_timer(cpu, halt_deadline(now, deadline_ns));
				        stats[cpu].halts++;
				        xg_plat_idle_halt();        /* rule 4: "sti; hlt", nothing between */
				        (void)xg_plat_irq_save();   /* back to the caller's state below */
				    }
				    xg_plat_irq_restore(flags);     /* interrupts on: a pending upcall runs now */
				    return rc;
				}

				int ${P}_evtchn_wait(int (*ready)(void *arg), void *arg, uint64_t deadline_ns)
				{
				    if (shared == NULL)
				        return XG_ENODEV;
				    for (;;) {
				${STUB_POLL_INDENTED}        unsigned int cpu = this_vcpu();
				        unsigned long flags = xg_plat_irq_save();
				        /* The caller's condition is tested with interrupts off, right before
				         * the halt: an event that makes it true after this wakes the hlt. */
				        if (ready(arg)) {
				            xg_plat_irq_restore(flags);
				            return 0;
				        }
				        if (!flags) {
				            ${P}_log("${P}_evtchn_wait called with interrupts disabled: no event could end it\\n");
				            return XG_EINVAL;
				        }
				        uint64_t now = xg_plat_now_ns();
				        if (deadline_ns != 0 && now >= deadline_ns) {
				            xg_plat_irq_restore(flags);
				            return XG_ETIMEDOUT;
				        }
				        if (!upcall_pending(cpu)) {
				            (void)set_timer(cpu, halt_deadline(now, deadline_ns));
				            stats[cpu].halts++;
				            xg_plat_idle_halt();    /* rule 4: "sti; hlt"; the upcall has run */
				        }
				        xg_plat_irq_restore(flags); /* a pending upcall runs here */
				    }
				}

				void ${P}_evtchn_stats(struct ${P}_evtchn_stats *out)
				{
				    struct ${P}_evtchn_stats sum = { 0 };
				    unsigned long flags = xg_plat_irq_save();
				    for (unsigned int v = 0; v < ${U}_VCPUS; v++) {
				        sum.upcalls += stats[v].upcalls;
				        sum.events += stats[v].events;
				        sum.unexpected += stats[v].unexpected;
				        sum.unmask_hypercalls += stats[v].unmask_hypercalls;
				        sum.halts += stats[v].halts;
				    }
				    xg_plat_irq_restore(flags);
				    *out = sum;
				}

				/* ---- start-up ---- */

				int ${P}_start(void)
				{
				    int rc = ${P}_evtchn_init();
				    if (rc != 0) {
				        ${P}_log("event channels failed (%d): not starting\\n", rc);
				        return rc;
				    }
				    rc = ${P}_gnttab_init();
				    if (rc != 0)
				        return rc;
				${STUB_INIT}    xg_plat_irq_restore(1);         /* interrupts on: upcalls from here */
				    rc = ${P}_xs_init();
				    if (rc == XG_ENODEV && !${U}_XS_NEEDED)
				        rc = 0;                     /* nothing in the model needs xenstore */
				    return rc;
				}
				""").with("HEADER", Texts.cHeader(plan, p + "_evtchn.c", "event channels of guest " + p))
				.with("P", p).with("U", u).with("NR_CHANNELS", EventChannels.NR_CHANNELS_2L)
				.with("PORT_SLOTS", Math.max(1, plan.ports.size())).with("TABLE", table).with("TIMERS", timers)
				.with("BIND_ORDER", order)
				.with("NR_NF", plan.netfronts.size()).with("JAVA_CLASS", plan.javaClass).with("ASSERTS", asserts)
				.with("PREFIX_LIT", Texts.cString(p + ": "))
				.with("CB_SHIFT", Hypercalls.HVM_PARAM_CALLBACK_TYPE_SHIFT)
				.with("HALT_DEADLINE", stub ? Template.of("""
						    /* Wake at least every ${U}_GDBSTUB_POLL_NS so the debug stub answers. */
						    uint64_t cap = now + ${U}_GDBSTUB_POLL_NS;
						    return deadline_ns == 0 || deadline_ns > cap ? cap : deadline_ns;
						""").with("U", u).fill() : """
						    (void)now;
						    return deadline_ns;     /* 0: no timer, wait for an event */
						""")
				.with("STUB_POLL", stub ? "    " + p + "_gdbstub_poll();\n" : "")
				.with("STUB_POLL_INDENTED", stub ? "        " + p + "_gdbstub_poll();\n" : "")
				.with("STUB_INIT", stub ? "    if (" + p + "_gdbstub_init() != 0)\n        " + p
						+ "_log(\"debug stub: no transport found, not answering\\n\");\n" : "")
				.fill();
	}
}
