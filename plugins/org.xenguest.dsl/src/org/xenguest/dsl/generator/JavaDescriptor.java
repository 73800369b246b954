package org.xenguest.dsl.generator;

import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.DebugInfoContract;
import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.abi.RingLayout;
import org.xenguest.dsl.generator.GuestPlan.GrantPlan;
import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;
import org.xenguest.dsl.generator.GuestPlan.PortPlan;
import org.xenguest.dsl.generator.GuestPlan.XsPlan;

/**
 * java/org/xenguest/generated/NAMEDescriptor.java: the model as constants, and the
 * org.xenguest.debug.core.guest.GuestDescriptor of a running guest decoded from the bytes of its
 * NAME_debug_info block (port numbers and addresses exist only at run time). The Java is
 * templates/descriptor.java.tmpl; this class fills in the model.
 */
final class JavaDescriptor {
	static final String PACKAGE = "org.xenguest.generated";
	private static final String TEMPLATE = "descriptor.java.tmpl";

	private JavaDescriptor() {
	}

	static String path(GuestPlan plan) {
		return "java/" + PACKAGE.replace('.', '/') + "/" + plan.javaClass + ".java";
	}

	static String emit(GuestPlan plan) {
		DebugInfoLayout l = plan.layout;
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, plan.javaClass + ".java", "Java descriptor of guest " + plan.p))
				.with("PACKAGE", PACKAGE).with("P", plan.p).with("CLASS", plan.javaClass)
				.with("NAME", Texts.javaString(plan.p)).with("MODEL", Texts.javaString(plan.modelFile))
				.with("VERSION", Texts.javaString(GeneratorVersion.VERSION)).with("TYPE", Texts.javaString(plan.type))
				.with("VCPUS", plan.vcpus).with("MEMORY", plan.memoryBytes == null ? "null" : plan.memoryBytes + "L")
				.with("EVTCHNS", plan.eventChannels)
				.with("PORTS", list(ports(plan))).with("GRANTS", list(grants(plan))).with("XENSTORE", list(xenstore(plan)))
				.with("NETFRONTS", list(netfronts(plan)))
				.with("GV", plan.grantVersion).with("GF", plan.grantFrames).with("EPF", plan.entriesPerFrame)
				.with("GU", plan.grantUsable()).with("GREQ", plan.budget.required())
				.with("RING", Math.min(RingLayout.NETIF_RX_RING_SIZE, RingLayout.NETIF_TX_RING_SIZE))
				.with("STUB", plan.stub == null ? "null" : Texts.javaString(plan.stub.transport()))
				.with("STUB_PORT", plan.stub == null || plan.stub.console() ? "null" : Texts.hex(plan.stub.ioPort()))
				.with("STUB_WRITABLE", plan.stub != null && plan.stub.writable())
				.with("SYMBOL", Texts.javaString(DebugInfoContract.symbol(plan.p)))
				.with("QUERY", Texts.javaString(DebugInfoContract.QUERY))
				.with("MAGIC", Texts.hex(DebugInfoLayout.MAGIC)).with("LAYOUT", DebugInfoLayout.LAYOUT_VERSION)
				.with("SIZE", l.size)
				.fill();
	}

	/** The model's ports as PortInfo constructor calls. */
	private static List<String> ports(GuestPlan plan) {
		List<String> ports = new ArrayList<>();
		for (PortPlan pp : plan.ports) {
			String device = null;
			for (NetfrontPlan n : plan.netfronts) {
				if (n.portIndex() == pp.index()) {
					device = n.name();
				}
			}
			ports.add("new PortInfo(" + pp.index() + ", " + Texts.javaString(pp.name()) + ", "
					+ Texts.javaString(pp.kind().dsl) + ", " + Texts.javaString(pp.detail()) + ", "
					+ Texts.javaString(pp.handler()) + ", " + pp.vcpu() + ", " + pp.masked() + ", "
					+ Texts.javaString(device) + ")");
		}
		return ports;
	}

	/** The model's grants as GrantInfo constructor calls. */
	private static List<String> grants(GuestPlan plan) {
		List<String> grants = new ArrayList<>();
		for (GrantPlan g : plan.grants) {
			grants.add("new GrantInfo(" + Texts.javaString(g.name()) + ", " + g.count() + ", " + g.domid() + ", "
					+ g.readonly() + ")");
		}
		return grants;
	}

	/** The model's xenstore nodes as XenstoreNode constructor calls. */
	private static List<String> xenstore(GuestPlan plan) {
		List<String> xs = new ArrayList<>();
		for (XsPlan x : plan.xenstore) {
			xs.add("new XenstoreNode(" + Texts.javaString(x.path()) + ", " + Texts.javaString(x.value()) + ", "
					+ x.watch() + ", " + Texts.javaString(x.handler()) + ")");
		}
		return xs;
	}

	/** The model's netfronts as Netfront constructor calls. */
	private static List<String> netfronts(GuestPlan plan) {
		List<String> nfs = new ArrayList<>();
		for (NetfrontPlan n : plan.netfronts) {
			List<String> keys = new ArrayList<>();
			for (String k : n.keys()) {
				keys.add(Texts.javaString(k));
			}
			nfs.add("new Netfront(" + Texts.javaString(n.name()) + ", " + n.vif() + ", " + Texts.javaString(n.portName())
					+ ", " + n.index() + ", " + n.backend() + ", " + n.rxRing() + ", " + n.txRing() + ", List.of("
					+ String.join(", ", keys) + "), " + Texts.javaString(n.mac()) + ")");
		}
		return nfs;
	}

	private static String list(List<String> items) {
		if (items.isEmpty()) {
			return "";
		}
		return "\n            " + String.join(",\n            ", items);
	}
}
