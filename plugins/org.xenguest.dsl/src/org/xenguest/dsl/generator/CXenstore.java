package org.xenguest.dsl.generator;

import org.xenguest.dsl.generator.GuestPlan.XsPlan;

/**
 * NAME_xenstore.c: the xenstore ring client, with timeouts and a check of every reply. The C is
 * templates/xenstore.c.tmpl; this class fills in the model's nodes, watches and port.
 */
final class CXenstore {
	private static final String TEMPLATE = "xenstore.c.tmpl";

	private CXenstore() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		StringBuilder writes = new StringBuilder();
		StringBuilder watchFns = new StringBuilder();
		StringBuilder watches = new StringBuilder();
		int nWatches = 0;
		for (XsPlan x : plan.xenstore) {
			if (x.value() != null) {
				writes.append(Template.section(TEMPLATE, "write_node").with("P", p).with("M", x.macro()).fill());
			}
			if (x.watch()) {
				watchFns.append(Template.section(TEMPLATE, "watch_fn").with("FN", x.handler() == null ? "NULL" : x.handler())
						.with("PATH", Texts.commentSafe(x.path())).fill());
				watches.append(Template.section(TEMPLATE, "watch_node").with("P", p).with("M", x.macro())
						.with("TOKEN_LIT", Texts.cString(p + ":w" + x.watchIndex())).fill());
				nWatches++;
			}
		}
		if (nWatches == 0) {
			watchFns.append("    NULL,   /* the model declares no watch */\n");
		}
		boolean nf = !plan.netfronts.isEmpty();
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_xenstore.c", "xenstore client of guest " + p))
				.with("P", p).with("U", plan.u).with("NW_SLOTS", Math.max(1, nWatches)).with("NW", nWatches + "u")
				.with("WATCH_FNS", watchFns)
				.with("NF_DECL", nf ? Template.section(TEMPLATE, "netfront_decl").with("P", p).fill() : "")
				.with("NF_ROUTE", nf ? Template.section(TEMPLATE, "netfront_route").with("P", p).fill() : "")
				.with("PORT_SETUP", portSetup(plan))
				.with("ATTACHED_DECL", plan.xenstorePortIndex >= 0 ? "" : "static int attached;\n")
				.with("WRITES", writes).with("WATCHES", watches).fill();
	}

	/** How xs_init finds its port: the model's xenstore port, or Xen's HVM param. */
	private static String portSetup(GuestPlan plan) {
		if (plan.xenstorePortIndex >= 0) {
			GuestPlan.PortPlan port = plan.ports.get(plan.xenstorePortIndex);
			return Template.section(TEMPLATE, "port_model").with("P", plan.p).with("PORT_MACRO", port.macro())
					.with("PORT_NAME", port.name()).fill();
		}
		return Template.section(TEMPLATE, "port_xen").with("P", plan.p).with("U", plan.u).fill();
	}
}
