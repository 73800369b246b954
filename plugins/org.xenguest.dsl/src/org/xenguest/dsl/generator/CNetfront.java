package org.xenguest.dsl.generator;

import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;

/**
 * NAME_netfront.c: the netfront handshake, TX/RX rings through io/ring.h, and an untrusted backend.
 * The C is templates/netfront.c.tmpl; this class fills in the model's devices.
 */
final class CNetfront {
	private static final String TEMPLATE = "netfront.c.tmpl";

	private CNetfront() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		StringBuilder pages = new StringBuilder();
		StringBuilder keys = new StringBuilder();
		StringBuilder devs = new StringBuilder();
		for (NetfrontPlan n : plan.netfronts) {
			pages.append(Template.section(TEMPLATE, "pages").with("M", n.macro()).with("ID", n.name()).fill());
			keys.append(keys(n));
			devs.append(device(plan, n));
		}
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_netfront.c", "netfront(s) of guest " + p))
				.with("P", p).with("U", plan.u).with("PAGES", pages).with("KEYS", keys).with("DEVS", devs).fill();
	}

	/** The xenstore feature keys the device writes, and a comment naming the features it ignores. */
	private static String keys(NetfrontPlan n) {
		StringBuilder keys = new StringBuilder();
		keys.append("static const char *const keys_").append(n.name()).append("[] = {");
		for (int i = 0; i < n.keys().size(); i++) {
			keys.append(i == 0 ? " " : ", ").append(Texts.cString(n.keys().get(i)));
		}
		keys.append(" };\n");
		if (!n.ignoredFeatures().isEmpty()) {
			keys.append("/* Not negotiated (the generated netfront has no support for them): ")
					.append(String.join(", ", n.ignoredFeatures())).append(". */\n");
		}
		return keys.toString();
	}

	/** The device's entry of the devs[] table. */
	private static String device(GuestPlan plan, NetfrontPlan n) {
		return Template.section(TEMPLATE, "device").with("M", n.macro()).with("ID", n.name())
				.with("NAME_LIT", Texts.cString(n.name()))
				.with("NODE_LIT", Texts.cString("device/vif/" + n.vif()))
				.with("TOKEN_LIT", Texts.cString(plan.p + ":nf" + n.index()))
				.with("PORT", plan.ports.get(n.portIndex()).macro())
				.with("SG", n.sg() ? 1 : 0).with("GSO", n.gso() ? 1 : 0)
				.with("MAC", n.mac() == null ? "NULL" : n.macro() + "_MAC").fill();
	}
}
