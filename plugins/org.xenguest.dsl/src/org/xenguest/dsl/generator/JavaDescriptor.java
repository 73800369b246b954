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
 * NAME_debug_info block (port numbers and addresses exist only at run time).
 */
final class JavaDescriptor {
	static final String PACKAGE = "org.xenguest.generated";

	private JavaDescriptor() {
	}

	static String path(GuestPlan plan) {
		return "java/" + PACKAGE.replace('.', '/') + "/" + plan.javaClass + ".java";
	}

	static String emit(GuestPlan plan) {
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
		List<String> grants = new ArrayList<>();
		for (GrantPlan g : plan.grants) {
			grants.add("new GrantInfo(" + Texts.javaString(g.name()) + ", " + g.count() + ", " + g.domid() + ", "
					+ g.readonly() + ")");
		}
		List<String> xs = new ArrayList<>();
		for (XsPlan x : plan.xenstore) {
			xs.add("new XenstoreNode(" + Texts.javaString(x.path()) + ", " + Texts.javaString(x.value()) + ", "
					+ x.watch() + ", " + Texts.javaString(x.handler()) + ")");
		}
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
		DebugInfoLayout l = plan.layout;
		return Template.of("""
				${HEADER}
				package ${PACKAGE};

				import java.util.ArrayList;
				import java.util.List;

				import org.xenguest.abi.DebugInfo;
				import org.xenguest.debug.core.guest.GuestDescriptor;

				/**
				 * Guest {@code ${P}} as its model describes it, for the live views and the CLI: port
				 * names, kinds, handlers and vCPUs, grants, xenstore nodes, ring geometry and where the
				 * debug stub listens. Port numbers and addresses exist only at run time: {@link
				 * #fromDebugInfo(byte[])} decodes them from the {@value #DEBUG_INFO_SIZE} bytes of the
				 * guest's {@code ${P}_debug_info} (found with the RSP query {@value #DEBUG_INFO_QUERY} or
				 * the ELF symbol), giving the {@link GuestDescriptor} the debugger works from.
				 */
				public final class ${CLASS} {
				    public static final String NAME = ${NAME};
				    public static final String MODEL_FILE = ${MODEL};
				    public static final String GENERATOR_VERSION = ${VERSION};
				    public static final String TYPE = ${TYPE};
				    public static final int VCPUS = ${VCPUS};
				    /** Bytes, or null when the model leaves memory to xl.cfg's default. */
				    public static final Long MEMORY_BYTES = ${MEMORY};
				    public static final int EVENT_CHANNELS = ${EVTCHNS};

				    /** A port of the model, by index; {@code device} is the netfront that owns it, or null. */
				    public record PortInfo(int index, String name, String kind, String detail, String handler, int vcpu,
				            boolean masked, String device) {
				    }

				    /** {@code grant NAME[COUNT] to DOMID [readonly]}. */
				    public record GrantInfo(String name, int count, int domid, boolean readonly) {
				    }

				    /** A xenstore node of the model (value null: none written). */
				    public record XenstoreNode(String path, String value, boolean watch, String handler) {
				    }

				    /** A netfront: device/vif/VIF, its port, RX buffers posted and TX requests in flight at most. */
				    public record Netfront(String name, int vif, String port, int index, int backend, int rxRing, int txRing,
				            List<String> xenstoreKeys, String mac) {
				    }

				    public static final List<PortInfo> PORTS = List.of(${PORTS});
				    public static final List<GrantInfo> GRANTS = List.of(${GRANTS});
				    public static final List<XenstoreNode> XENSTORE = List.of(${XENSTORE});
				    public static final List<Netfront> NETFRONTS = List.of(${NETFRONTS});

				    public static final int GRANT_TABLE_VERSION = ${GV};
				    public static final int GRANT_TABLE_FRAMES = ${GF};
				    public static final int GRANT_ENTRIES_PER_FRAME = ${EPF};
				    public static final long GRANT_ENTRIES_USABLE = ${GU}L;
				    public static final long GRANTS_REQUIRED = ${GREQ}L;
				    /** Entries of a netif shared ring page (__CONST_RING_SIZE(netif_*, 4096)). */
				    public static final int NET_RING_ENTRIES = ${RING};

				    /** "com1", "com2" or "console"; null without a debug stub. */
				    public static final String DEBUG_STUB = ${STUB};
				    /** The UART's I/O port for a serial stub, else null. */
				    public static final Integer DEBUG_STUB_IO_PORT = ${STUB_PORT};
				    public static final boolean DEBUG_STUB_WRITABLE = ${STUB_WRITABLE};

				    public static final String DEBUG_INFO_SYMBOL = ${SYMBOL};
				    public static final String DEBUG_INFO_QUERY = ${QUERY};
				    public static final int DEBUG_INFO_MAGIC = ${MAGIC};
				    public static final int DEBUG_INFO_LAYOUT = ${LAYOUT};
				    public static final int DEBUG_INFO_SIZE = ${SIZE};

				    private ${CLASS}() {
				    }

				    /** What is known without the running guest: its name and vCPUs, no ports or addresses. */
				    public static GuestDescriptor descriptor() {
				        return new GuestDescriptor(NAME, null, VCPUS, List.of(), null, List.of(), null, List.of());
				    }

				    /**
				     * The descriptor of the running guest from the bytes of {@code ${P}_debug_info}, decoded
				     * by the debugger's own decoder ({@link DebugInfo}, {@link GuestDescriptor#fromDebugInfo}).
				     *
				     * @throws IllegalArgumentException if the bytes are not that block of this model
				     */
				    public static GuestDescriptor fromDebugInfo(byte[] info) {
				        List<GuestDescriptor.Port> ports = new ArrayList<>();
				        for (PortInfo p : PORTS) {
				            ports.add(new GuestDescriptor.Port(0, p.name(), p.kind(), p.handler(), p.vcpu()));
				        }
				        List<String> netfronts = new ArrayList<>();
				        for (Netfront n : NETFRONTS) {
				            netfronts.add(n.name());
				        }
				        return GuestDescriptor.fromDebugInfo(NAME, VCPUS, ports, netfronts,
				                DebugInfo.decode(info, PORTS.size(), NETFRONTS.size(), DEBUG_INFO_SYMBOL));
				    }
				}
				""").with("HEADER", Texts.cHeader(plan, plan.javaClass + ".java", "Java descriptor of guest " + plan.p))
				.with("PACKAGE", PACKAGE).with("P", plan.p).with("CLASS", plan.javaClass)
				.with("NAME", Texts.javaString(plan.p)).with("MODEL", Texts.javaString(plan.modelFile))
				.with("VERSION", Texts.javaString(GeneratorVersion.VERSION)).with("TYPE", Texts.javaString(plan.type))
				.with("VCPUS", plan.vcpus).with("MEMORY", plan.memoryBytes == null ? "null" : plan.memoryBytes + "L")
				.with("EVTCHNS", plan.eventChannels)
				.with("PORTS", list(ports)).with("GRANTS", list(grants)).with("XENSTORE", list(xs))
				.with("NETFRONTS", list(nfs))
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

	private static String list(List<String> items) {
		if (items.isEmpty()) {
			return "";
		}
		return "\n            " + String.join(",\n            ", items);
	}
}
