package org.xenguest.dsl.generator;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.Hypercalls;
import org.xenguest.dsl.generator.GuestPlan.Kind;
import org.xenguest.dsl.generator.GuestPlan.PortPlan;

/**
 * NAME_evtchn.c: shared_info, upcall registration, ports, the handler table, mask/unmask, demux,
 * block. The C is templates/evtchn.c.tmpl; this class fills in the model's parts.
 */
final class CEvtchn {
	private static final String TEMPLATE = "evtchn.c.tmpl";

	private CEvtchn() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		boolean stub = plan.stub != null;
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_evtchn.c", "event channels of guest " + p))
				.with("P", p).with("U", plan.u).with("NR_CHANNELS", EventChannels.NR_CHANNELS_2L)
				.with("PORT_SLOTS", Math.max(1, plan.ports.size())).with("TABLE", portTable(plan))
				.with("TIMERS", timerPorts(plan)).with("BIND_ORDER", bindOrder(plan))
				.with("CB_SHIFT", Hypercalls.HVM_PARAM_CALLBACK_TYPE_SHIFT)
				.with("HALT_DEADLINE", stub ? Template.section(TEMPLATE, "halt_deadline_stub").with("U", plan.u).fill()
						: Template.text(TEMPLATE, "halt_deadline_none"))
				.with("STUB_POLL", stub ? "    " + p + "_gdbstub_poll();\n" : "")
				.with("STUB_POLL_INDENTED", stub ? "        " + p + "_gdbstub_poll();\n" : "")
				.fill();
	}

	/** The initialisers of the handler table, one per model port. */
	private static String portTable(GuestPlan plan) {
		StringBuilder table = new StringBuilder();
		for (PortPlan pp : plan.ports) {
			String kind = plan.u + "_KIND_" + pp.kind().name();
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
		return table.toString();
	}

	/** The port macros in the order evtchn_init binds them (GuestPlan.bindOrder). */
	private static String bindOrder(GuestPlan plan) {
		StringBuilder order = new StringBuilder();
		for (int i : plan.bindOrder) {
			order.append(order.length() == 0 ? "" : ", ").append(plan.ports.get(i).macro());
		}
		return order.length() == 0 ? "0" : order.toString();
	}

	/** Per vCPU, the macro of its VIRQ_TIMER port or NO_TIMER_PORT. */
	private static String timerPorts(GuestPlan plan) {
		StringBuilder timers = new StringBuilder();
		for (int v = 0; v < plan.vcpus; v++) {
			timers.append(v == 0 ? "" : ", ")
					.append(plan.timerPort[v] < 0 ? "NO_TIMER_PORT" : plan.ports.get(plan.timerPort[v]).macro());
		}
		return timers.toString();
	}
}
