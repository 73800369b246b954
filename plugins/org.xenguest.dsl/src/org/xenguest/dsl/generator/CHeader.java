package org.xenguest.dsl.generator;

import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.RingLayout;
import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.dsl.generator.GuestPlan.GrantPlan;
import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;
import org.xenguest.dsl.generator.GuestPlan.PortPlan;
import org.xenguest.dsl.generator.GuestPlan.XsPlan;

/**
 * NAME_guest.h: the model's constants and the API of the generated units. The C is
 * templates/guest.h.tmpl; the methods here write the model's macros, one per subject.
 */
final class CHeader {
	private static final String TEMPLATE = "guest.h.tmpl";

	private CHeader() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		String nfs = netfrontDefines(plan);
		DebugInfoLayout l = plan.layout;
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_guest.h", "constants and API of guest " + p))
				.with("P", p).with("U", u)
				.with("UNITS", (plan.netfronts.isEmpty() ? "" : ", " + p + "_netfront.c")
						+ (plan.stub == null ? "" : ", " + p + "_gdbstub.c"))
				.with("NAME_LIT", Texts.cString(p)).with("TYPE_UC", plan.type.toUpperCase(java.util.Locale.ROOT))
				.with("VCPUS", plan.vcpus)
				.with("MEMORY", plan.memoryBytes == null ? ""
						: "#define " + u + "_MEMORY_BYTES " + plan.memoryBytes + "ull\n")
				.with("EVTCHNS", plan.eventChannels)
				.with("STUB_WORD", plan.stub == null ? "" : ", debug stub")
				.with("PORTS", portDefines(plan)).with("NR_PORTS", plan.ports.size())
				.with("PORT_SLOTS", Math.max(1, plan.ports.size()))
				.with("HANDLERS", handlerDecls(plan))
				.with("GV", plan.grantVersion).with("GF", plan.grantFrames).with("EPF", plan.entriesPerFrame)
				.with("GN", plan.grantEntries()).with("GR", GrantTableLayout.NR_RESERVED_ENTRIES)
				.with("GU", plan.grantUsable())
				.with("ARITH", plan.budget.needs().isEmpty() ? "nothing" : Texts.commentSafe(plan.budget.requiredArithmetic()))
				.with("GREQ", plan.budget.required()).with("FIT", plan.budget.smallestFramesThatFit())
				.with("GRANTS", grantDefines(plan)).with("MODEL_SLOTS", plan.modelGrantSlots)
				.with("XS", xenstoreDefines(plan)).with("XS_NEEDED", plan.needsXenstore ? 1 : 0)
				.with("WATCH_HANDLERS", watchHandlerDecls(plan))
				.with("NETFRONTS", plan.netfronts.isEmpty() ? "" : "\n/* ---- netfronts ---- */\n\n" + nfs)
				.with("NETFRONT_API", netfrontApi(plan))
				.with("STUB_CONSTS", stubConsts(plan))
				.with("STUB_API", plan.stub == null ? "" : Template.section(TEMPLATE, "stub_api").with("P", p).fill())
				.with("MAGIC", Texts.hex(DebugInfoLayout.MAGIC)).with("LAYOUT", DebugInfoLayout.LAYOUT_VERSION)
				.with("PORT_SLOTS_DI", l.portSlots).with("NF_SLOTS_DI", l.netfrontSlots)
				.fill();
	}

	/** One macro per model port: its index in the handler table. */
	private static String portDefines(GuestPlan plan) {
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
		return ports.toString();
	}

	/** The prototypes of the port handlers the guest provides. */
	private static String handlerDecls(GuestPlan plan) {
		StringBuilder handlers = new StringBuilder();
		for (String h : plan.portHandlers) {
			handlers.append("void ").append(h).append("(unsigned int index, evtchn_port_t port);\n");
		}
		if (handlers.length() == 0) {
			handlers.append("/* (the model names no port handler) */\n");
		}
		return handlers.toString();
	}

	/** The prototypes of the watch handlers the guest provides. */
	private static String watchHandlerDecls(GuestPlan plan) {
		StringBuilder watchHandlers = new StringBuilder();
		for (String h : plan.watchHandlers) {
			watchHandlers.append("void ").append(h).append("(const char *path, const char *token);\n");
		}
		if (watchHandlers.length() == 0) {
			watchHandlers.append("/* (the model names no watch handler) */\n");
		}
		return watchHandlers.toString();
	}

	/** Per model grant: its index and its count. */
	private static String grantDefines(GuestPlan plan) {
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
		return grants.toString();
	}

	/** Per xenstore node: its path and the value the guest writes. */
	private static String xenstoreDefines(GuestPlan plan) {
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
		return xs.toString();
	}

	/** Per netfront: its index, vif, backend, ring sizes and MAC. */
	private static String netfrontDefines(GuestPlan plan) {
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
		return nfs.toString();
	}

	/** The netfront API (with a netfront). */
	private static String netfrontApi(GuestPlan plan) {
		if (plan.netfronts.isEmpty()) {
			return "";
		}
		return Template.section(TEMPLATE, "netfront_api").with("P", plan.p).with("U", plan.u)
				.with("N", plan.netfronts.size())
				.with("RING", Math.min(RingLayout.NETIF_RX_RING_SIZE, RingLayout.NETIF_TX_RING_SIZE)).fill();
	}

	/** The debug stub's transport and tunables. */
	private static String stubConsts(GuestPlan plan) {
		if (plan.stub == null) {
			return "/* (no debug stub in the model) */\n";
		}
		String transport = plan.stub.console() ? Template.section(TEMPLATE, "stub_consts_console").with("U", plan.u).fill()
				: Template.section(TEMPLATE, "stub_consts_serial").with("U", plan.u)
						.with("IO_PORT", Texts.hex(plan.stub.ioPort()))
						.with("TRANSPORT", plan.stub.transport().toUpperCase(java.util.Locale.ROOT)).fill();
		return transport + Template.section(TEMPLATE, "stub_consts").with("U", plan.u)
				.with("WRITABLE", plan.stub.writable() ? 1 : 0).fill();
	}
}
