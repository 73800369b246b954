package org.xenguest.dsl.generator;

/**
 * NAME_gdbstub.c: a live GDB remote-serial-protocol responder, polled from the block and wait
 * paths. The C is templates/gdbstub.c.tmpl; this class picks the transport.
 */
final class CGdbstub {
	private static final String TEMPLATE = "gdbstub.c.tmpl";

	private CGdbstub() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String transport = plan.stub.console()
				? Template.section(TEMPLATE, "transport_console").with("P", p)
						.with("PORT", plan.ports.get(plan.stub.consolePortIndex()).macro()).fill()
				: Template.section(TEMPLATE, "transport_serial").with("U", plan.u).fill();
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_gdbstub.c", "live debug stub of guest " + p))
				.with("P", p).with("U", plan.u).with("TRANSPORT", transport).fill();
	}
}
