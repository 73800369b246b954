package org.xenguest.dsl.generator;

import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.DebugInfoContract;
import org.xenguest.dsl.generator.GuestPlan.GrantPlan;
import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;
import org.xenguest.dsl.generator.GuestPlan.PortPlan;
import org.xenguest.dsl.generator.GuestPlan.XsPlan;

/**
 * manifest/NAME.json: a Solo5-style manifest ({"type": "solo5.manifest", "version": 1,
 * "devices": [{"name", "type": "NET_BASIC"}]}) with the Xen specifics under "xenguest". JSON has no
 * comments, so the generator header is the "generated_by" member (prose); "model_file" names the
 * model for the tools that look for a model's manifest. The keys the debugger reads are
 * abi.DebugInfoContract's. A port's "remote" is a domain id
 * or the string "self" (DOMID_SELF); an interdomain port paired with a port of this guest has
 * "remote_port": null and "remote_port_name" (docs/generated-code.md).
 */
final class Manifest {
	private Manifest() {
	}

	/** {@code "name": } */
	private static String key(String name) {
		return Texts.json(name) + ": ";
	}

	static String emit(GuestPlan plan) {
		StringBuilder sb = new StringBuilder();
		sb.append("{\n");
		sb.append("  ").append(key(DebugInfoContract.MANIFEST_GENERATED_BY)).append(Texts.json("Xen Guest Studio "
				+ GeneratorVersion.VERSION + " from " + plan.modelFile + " (guest " + plan.p + "); do not edit")).append(",\n");
		sb.append("  ").append(key(DebugInfoContract.MANIFEST_MODEL_FILE)).append(Texts.json(plan.modelFile)).append(",\n");
		sb.append("  \"type\": \"solo5.manifest\",\n");
		sb.append("  \"version\": 1,\n");
		sb.append("  \"devices\": [");
		List<String> devices = new ArrayList<>();
		for (NetfrontPlan n : plan.netfronts) {
			devices.add("\n    { \"name\": " + Texts.json(n.name()) + ", \"type\": \"NET_BASIC\" }");
		}
		sb.append(String.join(",", devices)).append(devices.isEmpty() ? "],\n" : "\n  ],\n");
		sb.append("  ").append(key(DebugInfoContract.MANIFEST_XENGUEST)).append("{\n");
		sb.append("    ").append(key(DebugInfoContract.MANIFEST_GUEST)).append(Texts.json(plan.p)).append(",\n");
		sb.append("    \"type\": ").append(Texts.json(plan.type)).append(",\n");
		sb.append("    ").append(key(DebugInfoContract.MANIFEST_VCPUS)).append(plan.vcpus).append(",\n");
		sb.append("    \"memory_bytes\": ").append(plan.memoryBytes == null ? "null" : plan.memoryBytes).append(",\n");
		sb.append("    \"event_channels\": ").append(plan.eventChannels).append(",\n");
		sb.append("    \"grant_table\": { \"version\": ").append(plan.grantVersion).append(", \"frames\": ")
				.append(plan.grantFrames).append(", \"usable\": ").append(plan.grantUsable()).append(", \"required\": ")
				.append(plan.budget.required()).append(" },\n");
		List<String> ports = new ArrayList<>();
		for (PortPlan pp : plan.ports) {
			StringBuilder p = new StringBuilder("\n      { ").append(key(DebugInfoContract.MANIFEST_NAME))
					.append(Texts.json(pp.name())).append(", ").append(key(DebugInfoContract.MANIFEST_KIND))
					.append(Texts.json(pp.kind().dsl));
			if (pp.virqC() != null) {
				p.append(", \"virq\": ").append(Texts.json(pp.virqC()));
			}
			if (pp.kind() == GuestPlan.Kind.UNBOUND || pp.kind() == GuestPlan.Kind.INTERDOMAIN) {
				p.append(", \"remote\": ").append(pp.remoteSelf() ? "\"self\"" : Integer.toString(pp.remoteDomid()));
			}
			if (pp.kind() == GuestPlan.Kind.INTERDOMAIN && pp.remotePortName() != null) {
				// a port of this guest: its number exists only at run time
				p.append(", \"remote_port\": null, \"remote_port_name\": ").append(Texts.json(pp.remotePortName()));
			} else if (pp.kind() == GuestPlan.Kind.INTERDOMAIN) {
				p.append(", \"remote_port\": ").append(pp.remotePort());
			}
			p.append(", ").append(key(DebugInfoContract.MANIFEST_HANDLER)).append(Texts.json(pp.handler())).append(", ")
					.append(key(DebugInfoContract.MANIFEST_VCPU)).append(pp.vcpu())
					.append(", \"masked\": ").append(pp.masked()).append(" }");
			ports.add(p.toString());
		}
		sb.append("    ").append(key(DebugInfoContract.MANIFEST_PORTS)).append("[").append(String.join(",", ports)).append(ports.isEmpty() ? "],\n" : "\n    ],\n");
		List<String> grants = new ArrayList<>();
		for (GrantPlan g : plan.grants) {
			grants.add("\n      { \"name\": " + Texts.json(g.name()) + ", \"count\": " + g.count() + ", \"domid\": "
					+ g.domid() + ", \"readonly\": " + g.readonly() + " }");
		}
		sb.append("    \"grants\": [").append(String.join(",", grants)).append(grants.isEmpty() ? "],\n" : "\n    ],\n");
		List<String> xs = new ArrayList<>();
		for (XsPlan x : plan.xenstore) {
			xs.add("\n      { \"path\": " + Texts.json(x.path()) + ", \"value\": " + Texts.json(x.value())
					+ ", \"watch\": " + x.watch() + ", \"handler\": " + Texts.json(x.handler()) + " }");
		}
		sb.append("    \"xenstore\": [").append(String.join(",", xs)).append(xs.isEmpty() ? "],\n" : "\n    ],\n");
		List<String> nfs = new ArrayList<>();
		for (NetfrontPlan n : plan.netfronts) {
			List<String> keys = new ArrayList<>();
			for (String k : n.keys()) {
				keys.add(Texts.json(k));
			}
			nfs.add("\n      { " + key(DebugInfoContract.MANIFEST_NAME) + Texts.json(n.name()) + ", \"type\": \"netfront\", \"vif\": " + n.vif()
					+ ", \"backend\": " + n.backend() + ", \"port\": " + Texts.json(n.portName()) + ", \"rx_ring\": "
					+ n.rxRing() + ", \"tx_ring\": " + n.txRing() + ", \"xenstore_keys\": [" + String.join(", ", keys)
					+ "], \"mac\": " + Texts.json(n.mac()) + " }");
		}
		sb.append("    ").append(key(DebugInfoContract.MANIFEST_NETFRONTS)).append("[").append(String.join(",", nfs)).append(nfs.isEmpty() ? "],\n" : "\n    ],\n");
		sb.append("    \"debug_stub\": ");
		if (plan.stub == null) {
			sb.append("null\n");
		} else {
			sb.append("{ \"transport\": ").append(Texts.json(plan.stub.transport()));
			if (!plan.stub.console()) {
				sb.append(", \"io_port\": ").append(plan.stub.ioPort());
			}
			sb.append(", \"writable\": ").append(plan.stub.writable()).append(" }\n");
		}
		sb.append("  }\n}\n");
		return sb.toString();
	}
}
