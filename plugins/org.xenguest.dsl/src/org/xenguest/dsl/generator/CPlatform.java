package org.xenguest.dsl.generator;

import org.xenguest.abi.Hypercalls;

/**
 * NAME_platform.h (the hooks a host OS provides) and NAME_platform_pvh.c (them, for a bare PVH
 * kernel). The C is templates/platform.h.tmpl and templates/platform_pvh.c.tmpl.
 */
final class CPlatform {
	private static final String HEADER_TEMPLATE = "platform.h.tmpl";
	private static final String PVH_TEMPLATE = "platform_pvh.c.tmpl";

	private CPlatform() {
	}

	static String header(GuestPlan plan) {
		String stubHooks = "";
		if (plan.stub != null) {
			stubHooks = Template.text(HEADER_TEMPLATE, "stub_hooks");
			if (!plan.stub.console()) {
				stubHooks += Template.text(HEADER_TEMPLATE, "stub_hooks_serial");
			}
		}
		return Template.section(HEADER_TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, plan.p + "_platform.h", "the platform hooks of guest " + plan.p))
				.with("P", plan.p).with("U", plan.u)
				.with("IFACE", String.format("0x%08x", Hypercalls.XEN_INTERFACE_VERSION))
				.with("STUB_HOOKS", stubHooks).fill();
	}

	static String pvh(GuestPlan plan) {
		String stubImpl = "";
		if (plan.stub != null) {
			stubImpl = Template.text(PVH_TEMPLATE, "stub_impl");
			if (!plan.stub.console()) {
				stubImpl += Template.text(PVH_TEMPLATE, "stub_impl_serial");
			}
		}
		boolean stubOwnsRing = plan.stub != null && plan.stub.console();
		return Template.section(PVH_TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, plan.p + "_platform_pvh.c",
						"the platform hooks for a bare PVH kernel (x86-64)"))
				.with("P", plan.p).with("STUB_SIZE", Hypercalls.HYPERCALL_PAGE_ENTRY_SIZE)
				.with("STUB_IMPL", stubImpl)
				.with("RING_USABLE", stubOwnsRing ? "0" : "1")
				.with("RING_NOTE", stubOwnsRing
						? "Here the debug stub owns the console ring: log lines take the other ways."
						: "The ring is found at the first write after xg_pvh_init().")
				.fill();
	}
}
