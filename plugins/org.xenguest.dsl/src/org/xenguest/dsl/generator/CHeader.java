package org.xenguest.dsl.generator;

import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.RingLayout;
import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.dsl.generator.GuestPlan.GrantPlan;
import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;
import org.xenguest.dsl.generator.GuestPlan.PortPlan;
import org.xenguest.dsl.generator.GuestPlan.XsPlan;

/** NAME_guest.h: the model's constants and the API of the generated units. */
final class CHeader {
	private CHeader() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		StringBuilder ports = new StringBuilder();
		for (PortPlan pp : plan.ports) {
			ports.append("#define ").append(pp.macro()).append(' ').append(pp.index()).append("u   /* ")
					.append(pp.name()).append(": ").append(pp.detail());
			if (pp.handler() != null) {
				ports.append(", handler ").append(pp.handler());
			}
			if (pp.vcpu() != 0) {
				ports.append(", vcpu ").append(pp.vcpu());
			}
			if (pp.masked()) {
				ports.append(", starts masked");
			}
			if (pp.deviceOwned()) {
				ports.append(", unmasked by its device once connected");
			}
			ports.append(" */\n");
		}
		StringBuilder handlers = new StringBuilder();
		for (String h : plan.portHandlers) {
			handlers.append("void ").append(h).append("(unsigned int index, evtchn_port_t port);\n");
		}
		if (handlers.length() == 0) {
			handlers.append("/* (the model names no port handler) */\n");
		}
		StringBuilder watchHandlers = new StringBuilder();
		for (String h : plan.watchHandlers) {
			watchHandlers.append("void ").append(h).append("(const char *path, const char *token);\n");
		}
		if (watchHandlers.length() == 0) {
			watchHandlers.append("/* (the model names no watch handler) */\n");
		}

		StringBuilder grants = new StringBuilder();
		for (GrantPlan g : plan.grants) {
			grants.append("#define ").append(g.macro()).append(' ').append(g.index()).append("u   /* grant ")
					.append(g.name()).append('[').append(g.count()).append("] to domain ").append(g.domid())
					.append(g.readonly() ? ", read-only" : "").append(" */\n");
			grants.append("#define ").append(g.macro()).append("_COUNT ").append(g.count()).append("u\n");
		}
		if (grants.length() == 0) {
			grants.append("/* (the model declares no grant) */\n");
		}

		StringBuilder xs = new StringBuilder();
		for (XsPlan x : plan.xenstore) {
			xs.append("#define ").append(x.macro()).append(' ').append(Texts.cString(x.path()));
			if (x.watch()) {
				xs.append("   /* watched").append(x.handler() != null ? ", handler " + x.handler() : "").append(" */");
			}
			xs.append('\n');
			if (x.value() != null) {
				xs.append("#define ").append(x.macro()).append("_VALUE ").append(Texts.cString(x.value())).append('\n');
			}
		}
		if (xs.length() == 0) {
			xs.append("/* (the model declares no xenstore node) */\n");
		}

		StringBuilder nfs = new StringBuilder();
		for (NetfrontPlan n : plan.netfronts) {
			String m = n.macro();
			nfs.append("#define ").append(m).append(' ').append(n.index()).append("u   /* netfront ").append(n.name())
					.append(": device/vif/").append(n.vif()).append(", port ").append(n.portName()).append(" */\n");
			nfs.append("#define ").append(m).append("_VIF ").append(n.vif()).append("u\n");
			nfs.append("#define ").append(m).append("_BACKEND ").append(n.backend()).append("u\n");
			nfs.append("#define ").append(m).append("_RX_RING ").append(n.rxRing()).append("u   /* RX buffers kept posted */\n");
			nfs.append("#define ").append(m).append("_TX_RING ").append(n.txRing()).append("u   /* TX requests in flight at most */\n");
			if (n.mac() != null) {
				nfs.append("#define ").append(m).append("_MAC ").append(Texts.cString(n.mac())).append('\n');
			}
		}
		String netfrontApi = "";
		if (!plan.netfronts.isEmpty()) {
			netfrontApi = Template.of("""

					/* ---- netfront (${P}_netfront.c) ---- */

					#define ${U}_NR_NETFRONTS ${N}u
					/* The largest ring the generated netfront drives: __CONST_RING_SIZE(netif_*, 4096). */
					#define ${U}_NET_RING_MAX ${RING}u

					struct ${P}_netfront_stats {
					    uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
					    uint64_t rx_errors, tx_errors;     /* responses rejected, all reasons */
					    uint64_t bad_id, bad_size, bad_offset, bad_status, bad_flags, bad_extra, ring_overflow;
					    uint64_t backend_errors;           /* NETIF_RSP_ERROR / NETIF_RSP_DROPPED */
					    uint64_t grants_busy;              /* grants the backend still had mapped at the end */
					};

					/* Called for every received slot: data of len bytes and the NETRXF_* flags
					 * (NETRXF_more_data: the packet continues in the next call). */
					typedef void (*${P}_netfront_rx_fn)(void *ctx, const uint8_t *data, size_t len, unsigned int flags);

					/* The handshake of notes/xen-facts.md (needs ${P}_start()); 0 once the backend is Connected. */
					int ${P}_netfront_connect(unsigned int dev);
					/* Closing, Closed, grants ended (a grant still mapped by the backend is left alone). */
					int ${P}_netfront_disconnect(unsigned int dev);
					/* Copies one frame (1..4096 bytes) into a TX slot; XG_EAGAIN when all tx-ring slots are in flight. */
					int ${P}_netfront_send(unsigned int dev, const void *frame, size_t len);
					/* Reaps TX responses and delivers up to budget RX slots; the number delivered,
					 * or XG_EPROTO if the backend sent anything invalid (counted in the stats). */
					int ${P}_netfront_poll(unsigned int dev, ${P}_netfront_rx_fn fn, void *ctx, unsigned int budget);
					/* Nonzero after an event on the device's port (cleared by ${P}_netfront_poll). */
					int ${P}_netfront_has_work(unsigned int dev);
					int ${P}_netfront_mac(unsigned int dev, uint8_t mac[6]);
					void ${P}_netfront_stats(unsigned int dev, struct ${P}_netfront_stats *out);
					""").with("P", p).with("U", u).with("N", plan.netfronts.size())
					.with("RING", Math.min(RingLayout.NETIF_RX_RING_SIZE, RingLayout.NETIF_TX_RING_SIZE)).fill();
		}
		String stubApi = "";
		String stubConsts = "/* (no debug stub in the model) */\n";
		if (plan.stub != null) {
			stubConsts = (plan.stub.console() ? "#define " + u + "_DEBUG_STUB_CONSOLE 1   /* RSP over the PV console ring */\n"
					: "#define " + u + "_DEBUG_STUB_SERIAL " + Texts.hex(plan.stub.ioPort()) + "   /* polled 16550, "
							+ plan.stub.transport().toUpperCase(java.util.Locale.ROOT) + " */\n")
					+ "#define " + u + "_DEBUG_STUB_WRITABLE " + (plan.stub.writable() ? 1 : 0) + "\n"
					+ "/* How often a block polls the stub (ns): the longest it sleeps without answering. */\n"
					+ "#ifndef " + u + "_GDBSTUB_POLL_NS\n#define " + u + "_GDBSTUB_POLL_NS 10000000ull\n#endif\n";
			stubApi = Template.of("""

					/* ---- debug stub (${P}_gdbstub.c) ---- */

					/* Finds its transport (UART scratch test, or the console ring); 0 or XG_ENODEV. */
					int ${P}_gdbstub_init(void);
					/* Answers what has arrived; never waits.  The block and wait paths call it. */
					void ${P}_gdbstub_poll(void);
					/* Packets answered so far: nonzero once a debugger has talked to the stub. */
					unsigned long ${P}_gdbstub_packets(void);
					""").with("P", p).fill();
		}

		DebugInfoLayout l = plan.layout;
		return Template.of("""
				${HEADER}
				/*
				 * Guest ${P}: the model's constants and the API of the generated units
				 * (${P}_runtime.c, ${P}_evtchn.c, ${P}_gnttab.c, ${P}_xenstore.c${UNITS}).
				 * Written to the rules of notes/xen-facts.md; docs/generated-code.md describes
				 * the API.
				 */
				#ifndef ${U}_GUEST_H
				#define ${U}_GUEST_H

				#include "${P}_platform.h"
				#include <xen/xen.h>
				#include <xen/event_channel.h>
				#include <xen/grant_table.h>

				/* ---- the guest ---- */

				#define ${U}_NAME ${NAME_LIT}
				#define ${U}_TYPE_${TYPE_UC} 1
				#define ${U}_VCPUS ${VCPUS}u
				${MEMORY}#define ${U}_EVENT_CHANNELS ${EVTCHNS}u   /* xl.cfg event_channels */

				/* ---- run time (${P}_runtime.c) ---- */

				/* Log lines of the generated code: "${P}: ..." on xg_plat_console_write. */
				void ${P}_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

				/* Brings the units up in order: event channels (with interrupts still
				 * disabled), grant table${STUB_WORD}, then enables interrupts and connects
				 * xenstore (the model's nodes and watches).  No xenstore (a dom0 before
				 * xenstored runs) is reported and only an error if the model needs it.
				 * Call once, with interrupts disabled; returns with them enabled. */
				int ${P}_start(void);

				/* ---- event-channel ports, in model order ---- */

				${PORTS}#define ${U}_NR_PORTS ${NR_PORTS}u

				enum ${P}_port_kind {
				    ${U}_KIND_XENSTORE, ${U}_KIND_CONSOLE, ${U}_KIND_VIRQ,
				    ${U}_KIND_UNBOUND, ${U}_KIND_INTERDOMAIN, ${U}_KIND_IPI,
				};

				/* A port handler runs in the upcall, interrupts disabled: keep it short. */
				typedef void (*${P}_port_handler_t)(unsigned int index, evtchn_port_t port);

				struct ${P}_port_info {
				    const char *name;
				    const char *handler_name;       /* NULL: events are counted and dropped */
				    ${P}_port_handler_t handler;
				    uint8_t kind;                   /* enum ${P}_port_kind */
				    uint8_t vcpu;                   /* the vCPU it notifies */
				    uint8_t masked;                 /* stays masked after binding */
				    uint8_t device;                 /* its device unmasks it once connected */
				    uint8_t remote_is_port;         /* interdomain: remote is a port index of this guest */
				    uint16_t remote_domid;          /* unbound, interdomain (DOMID_SELF: remote self) */
				    uint32_t remote;                /* interdomain: remote port (or port index); virq: VIRQ_* */
				};

				/* The handler table, in model order. */
				extern const struct ${P}_port_info ${P}_ports[${PORT_SLOTS}];

				/* The handlers the guest provides (called in the upcall, interrupts off). */
				${HANDLERS}
				/* ---- event channels (${P}_evtchn.c) ---- */

				struct ${P}_evtchn_stats {
				    uint64_t upcalls;               /* upcall entries */
				    uint64_t events;                /* ports handled */
				    uint64_t unexpected;            /* events on ports nobody attached */
				    uint64_t unmask_hypercalls;     /* rule 1: EVTCHNOP_unmask for a pending port */
				    uint64_t halts;                 /* sti;hlt in the block and wait paths */
				};

				/* shared_info, the upcall, the model's ports (bound, handlers attached, and
				 * unmasked unless 'masked' or owned by a device).  Interrupts disabled. */
				int ${P}_evtchn_init(void);
				/* Its first step alone: map shared_info, every port masked, nothing bound (a
				 * guest may call it early, so that a debugger sees the rest of the boot). */
				int ${P}_evtchn_map(void);
				/* NULL until ${P}_evtchn_map mapped it. */
				struct shared_info *${P}_shared_info(void);
				/* The port number Xen gave model port `index` (0: not bound). */
				evtchn_port_t ${P}_port(unsigned int index);
				/* Attaches a handler to a port bound at run time (`index` is passed back). */
				int ${P}_evtchn_attach(evtchn_port_t port, unsigned int vcpu, ${P}_port_handler_t handler,
				                       unsigned int index);
				void ${P}_evtchn_mask(evtchn_port_t port);
				/* Rule 1: clear the mask atomically, then test PENDING; if pending, mask
				 * again and let Xen deliver it (EVTCHNOP_unmask). */
				void ${P}_evtchn_unmask(evtchn_port_t port);
				int ${P}_evtchn_send(evtchn_port_t port);
				/* The upcall demux (rule 2); xg_evtchn_upcall() is the same for the platform. */
				void ${P}_evtchn_upcall(void);
				void xg_evtchn_upcall(void);
				/* Rule 4: cli; if an upcall is pending return at once; else set_timer_op(deadline)
				 * and "sti; hlt".  deadline_ns is Xen system time, 0 for none.  Leaves
				 * interrupts as it found them; 0 on a wake-up, XG_ETIMEDOUT past the deadline. */
				int ${P}_evtchn_block(uint64_t deadline_ns);
				/* Waits until ready(arg) is true or the deadline passes, testing ready() with
				 * interrupts disabled right before the halt, so no wake-up is lost.  Call with
				 * interrupts enabled (XG_EINVAL otherwise).  0, or XG_ETIMEDOUT. */
				int ${P}_evtchn_wait(int (*ready)(void *arg), void *arg, uint64_t deadline_ns);
				void ${P}_evtchn_stats(struct ${P}_evtchn_stats *out);

				/* ---- grant table (${P}_gnttab.c) ---- */

				#define ${U}_GNTTAB_VERSION ${GV}u
				#define ${U}_GNTTAB_FRAMES ${GF}u                    /* xl.cfg max_grant_frames */
				#define ${U}_GNTTAB_ENTRIES_PER_FRAME ${EPF}u
				#define ${U}_GNTTAB_NR_ENTRIES ${GN}u
				#define ${U}_GNTTAB_RESERVED ${GR}u                   /* 0 console, 1 xenstore, ... */
				#define ${U}_GNTTAB_USABLE ${GU}u
				/* The model's need: ${ARITH} */
				#define ${U}_GRANTS_REQUIRED ${GREQ}u
				_Static_assert(${U}_GRANTS_REQUIRED <= ${U}_GNTTAB_USABLE,
				               "grant budget of guest ${P}: the model needs ${GREQ} grant entries, its table holds ${GU}: "
				               "set grant-table frames ${FIT} (XG101)");

				${GRANTS}#define ${U}_NR_MODEL_GRANT_REFS ${MODEL_SLOTS}u

				/* Maps the model's frames (XENMEM_add_to_physmap) and builds the free list;
				 * reserves the refs of the model's grants.  Fails clearly if Xen allows
				 * fewer frames than the model (max_grant_frames). */
				int ${P}_gnttab_init(void);
				/* Grants domid access to frame gfn.  When the table has run dry this fails
				 * at once with XG_ENOSPC and says so: it never waits for a free entry. */
				int ${P}_gnttab_grant_access(domid_t domid, uint64_t gfn, int readonly, grant_ref_t *ref)
				    __attribute__((warn_unused_result));
				/* Ends access: XG_EBUSY while the peer still has it mapped (retry later,
				 * do not reuse the page), XG_EINVAL for a ref this guest did not grant. */
				int ${P}_gnttab_end_access(grant_ref_t ref);
				unsigned int ${P}_gnttab_free_entries(void);
				/* The model's grants (NAME[COUNT] to DOMID): entry i of grant `grant`. */
				grant_ref_t ${P}_grant_ref(unsigned int grant, unsigned int i);
				int ${P}_grant(unsigned int grant, unsigned int i, uint64_t gfn);
				int ${P}_grant_end(unsigned int grant, unsigned int i);

				/* ---- xenstore (${P}_xenstore.c) ---- */

				${XS}#ifndef ${U}_XS_TIMEOUT_NS
				#define ${U}_XS_TIMEOUT_NS 5000000000ull   /* per request */
				#endif
				#define ${U}_XS_NEEDED ${XS_NEEDED}

				struct ${P}_xs_stats {
				    uint64_t requests;
				    uint64_t rejected;              /* replies and events refused as malformed */
				    uint64_t late;                  /* replies to requests that had timed out */
				    uint64_t timeouts;
				    uint64_t watch_events, events_coalesced, events_dropped;
				    uint64_t resyncs;               /* ${P}_xs_init after a broken stream */
				};
				void ${P}_xs_stats(struct ${P}_xs_stats *out);

				/* A watch event of a watch the model does not declare. */
				typedef void (*${P}_xs_watch_fn)(const char *path, const char *token);

				/* Finds the ring (HVM_PARAM_STORE_PFN/EVTCHN), writes the model's nodes and
				 * sets its watches.  Call again after an XG_EIO to resynchronise. */
				int ${P}_xs_init(void);
				/* Reads path into buf (NUL-terminated); the value's length, or an error:
				 * XG_ENOENT etc. from xenstored, XG_E2BIG if buf is too small, XG_ETIMEDOUT,
				 * XG_EPROTO/XG_EIO for a malformed or oversized reply.  tx 0: no transaction. */
				int ${P}_xs_read(uint32_t tx, const char *path, char *buf, size_t size);
				int ${P}_xs_write(uint32_t tx, const char *path, const char *value);
				/* The children of path as NUL-separated names in buf; their number in *count. */
				int ${P}_xs_directory(uint32_t tx, const char *path, char *buf, size_t size, unsigned int *count);
				int ${P}_xs_transaction_start(uint32_t *tx);
				/* commit = 0 aborts; XG_EAGAIN: it conflicted, start again. */
				int ${P}_xs_transaction_end(uint32_t tx, int commit);
				int ${P}_xs_watch(const char *path, const char *token);
				int ${P}_xs_unwatch(const char *path, const char *token);
				void ${P}_xs_set_watch_callback(${P}_xs_watch_fn fn);
				/* Reads what xenstored sent without waiting and runs the watch handlers;
				 * the number of watch events dispatched, or an error. */
				int ${P}_xs_poll(void);
				/* Waits (race-free, bounded) until xenstored has sent something, then polls. */
				int ${P}_xs_wait(uint64_t deadline_ns);

				/* The handlers of the model's watches (called from ${P}_xs_poll). */
				${WATCH_HANDLERS}${NETFRONTS}${NETFRONT_API}
				/* ---- debug stub ---- */

				${STUB_CONSTS}${STUB_API}
				/* ---- what a debugger reads (qXenguest.DebugInfo, or the symbol ${P}_debug_info;
				 * defined in ${P}_runtime.c) ---- */

				#define ${U}_DEBUG_INFO_MAGIC ${MAGIC}u   /* "XGDI" */
				#define ${U}_DEBUG_INFO_LAYOUT ${LAYOUT}u

				struct ${P}_debug_info_netfront {
				    uint64_t tx_sring, rx_sring;            /* shared ring pages */
				    uint64_t tx_front, rx_front;            /* struct netif_*_front_ring */
				    uint64_t frontend_state, backend_state; /* uint32_t XenbusState */
				    uint32_t port, backend;
				};

				struct ${P}_debug_info {
				    uint32_t magic, layout, size, nr_ports;
				    uint64_t shared_info;
				    uint64_t grant_table;
				    uint32_t grant_frames, grant_version;
				    uint64_t xenstore;
				    uint32_t xenstore_port, nr_netfronts;
				    uint32_t ports[${PORT_SLOTS_DI}];           /* in model order, 0 until bound */
				    struct ${P}_debug_info_netfront netfronts[${NF_SLOTS_DI}];
				};
				extern struct ${P}_debug_info ${P}_debug_info;

				#endif
				""").with("HEADER", Texts.cHeader(plan, p + "_guest.h", "constants and API of guest " + p))
				.with("P", p).with("U", u)
				.with("UNITS", (plan.netfronts.isEmpty() ? "" : ", " + p + "_netfront.c")
						+ (plan.stub == null ? "" : ", " + p + "_gdbstub.c"))
				.with("NAME_LIT", Texts.cString(p)).with("TYPE_UC", plan.type.toUpperCase(java.util.Locale.ROOT))
				.with("VCPUS", plan.vcpus)
				.with("MEMORY", plan.memoryBytes == null ? ""
						: "#define " + u + "_MEMORY_BYTES " + plan.memoryBytes + "ull\n")
				.with("EVTCHNS", plan.eventChannels)
				.with("STUB_WORD", plan.stub == null ? "" : ", debug stub")
				.with("PORTS", ports).with("NR_PORTS", plan.ports.size())
				.with("PORT_SLOTS", Math.max(1, plan.ports.size()))
				.with("HANDLERS", handlers)
				.with("GV", plan.grantVersion).with("GF", plan.grantFrames).with("EPF", plan.entriesPerFrame)
				.with("GN", plan.grantEntries()).with("GR", GrantTableLayout.NR_RESERVED_ENTRIES)
				.with("GU", plan.grantUsable())
				.with("ARITH", plan.budget.needs().isEmpty() ? "nothing" : Texts.commentSafe(plan.budget.requiredArithmetic()))
				.with("GREQ", plan.budget.required()).with("FIT", plan.budget.smallestFramesThatFit())
				.with("GRANTS", grants).with("MODEL_SLOTS", plan.modelGrantSlots)
				.with("XS", xs).with("XS_NEEDED", plan.needsXenstore ? 1 : 0)
				.with("WATCH_HANDLERS", watchHandlers)
				.with("NETFRONTS", plan.netfronts.isEmpty() ? "" : "\n/* ---- netfronts ---- */\n\n" + nfs)
				.with("NETFRONT_API", netfrontApi)
				.with("STUB_CONSTS", stubConsts).with("STUB_API", stubApi)
				.with("MAGIC", Texts.hex(DebugInfoLayout.MAGIC)).with("LAYOUT", DebugInfoLayout.LAYOUT_VERSION)
				.with("PORT_SLOTS_DI", l.portSlots).with("NF_SLOTS_DI", l.netfrontSlots)
				.fill();
	}
}
