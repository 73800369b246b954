package org.xenguest.dsl.generator;

import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.RingLayout;
import org.xenguest.abi.DebugInfoLayout;
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

				import java.nio.ByteBuffer;
				import java.nio.ByteOrder;
				import java.util.ArrayList;
				import java.util.List;

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
				    public static final String DEBUG_INFO_QUERY = "qXenguest.DebugInfo";
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
				     * The descriptor of the running guest from the bytes of {@code ${P}_debug_info}.
				     *
				     * @throws IllegalArgumentException if the bytes are not that block of this model
				     */
				    public static GuestDescriptor fromDebugInfo(byte[] info) {
				        if (info == null || info.length < DEBUG_INFO_SIZE) {
				            throw new IllegalArgumentException("${P}_debug_info has " + DEBUG_INFO_SIZE + " bytes, got "
				                    + (info == null ? "none" : info.length));
				        }
				        ByteBuffer b = ByteBuffer.wrap(info).order(ByteOrder.LITTLE_ENDIAN);
				        if (b.getInt(${O_MAGIC}) != DEBUG_INFO_MAGIC) {
				            throw new IllegalArgumentException("not a debug info block: magic 0x"
				                    + Integer.toHexString(b.getInt(${O_MAGIC})) + ", expected 0x" + Integer.toHexString(DEBUG_INFO_MAGIC));
				        }
				        if (b.getInt(${O_LAYOUT}) != DEBUG_INFO_LAYOUT || b.getInt(${O_SIZE}) != DEBUG_INFO_SIZE
				                || b.getInt(${O_NR_PORTS}) != PORTS.size() || b.getInt(${O_NR_NF}) != NETFRONTS.size()) {
				            throw new IllegalArgumentException("the guest runs code generated from another model (layout "
				                    + b.getInt(${O_LAYOUT}) + ", size " + b.getInt(${O_SIZE}) + ", " + b.getInt(${O_NR_PORTS})
				                    + " ports, " + b.getInt(${O_NR_NF}) + " netfronts): generate ${CLASS} from what it runs");
				        }
				        long sharedInfo = b.getLong(${O_SHARED});
				        List<GuestDescriptor.Port> ports = new ArrayList<>();
				        for (PortInfo p : PORTS) {
				            int number = b.getInt(${O_PORTS} + 4 * p.index());
				            if (number > 0 && number < 4096) {
				                ports.add(new GuestDescriptor.Port(number, p.name(), p.kind(), p.handler(), p.vcpu()));
				            }
				        }
				        long grantTable = b.getLong(${O_GRANT});
				        int frames = b.getInt(${O_FRAMES});
				        int version = b.getInt(${O_VERSION});
				        GuestDescriptor.GrantTable grants = grantTable == 0 ? null
				                : new GuestDescriptor.GrantTable(grantTable, frames, version);
				        long xenstore = b.getLong(${O_XS});
				        int xenstorePort = b.getInt(${O_XS_PORT});
				        GuestDescriptor.Xenstore xs = xenstore == 0 ? null
				                : new GuestDescriptor.Xenstore(xenstore, xenstorePort == 0 ? null : xenstorePort);
				        List<GuestDescriptor.Ring> rings = new ArrayList<>();
				        List<GuestDescriptor.Device> devices = new ArrayList<>();
				        for (Netfront n : NETFRONTS) {
				            int at = ${O_NF} + ${NF_SIZE} * n.index();
				            long txRing = b.getLong(at + ${NF_TX_SRING});
				            if (txRing == 0) {
				                continue;   // not connected (yet)
				            }
				            int port = b.getInt(at + ${NF_PORT});
				            Integer notify = port == 0 ? null : port;
				            rings.add(new GuestDescriptor.Ring(n.name() + "-tx", txRing, b.getLong(at + ${NF_TX_FRONT}),
				                    NET_RING_ENTRIES, GuestDescriptor.RingKind.REQUEST_RESPONSE, notify));
				            rings.add(new GuestDescriptor.Ring(n.name() + "-rx", b.getLong(at + ${NF_RX_SRING}),
				                    b.getLong(at + ${NF_RX_FRONT}), NET_RING_ENTRIES, GuestDescriptor.RingKind.BUFFER_POSTING, notify));
				            devices.add(new GuestDescriptor.Device(n.name(), b.getLong(at + ${NF_FE}), b.getLong(at + ${NF_BE})));
				        }
				        return new GuestDescriptor(NAME, sharedInfo == 0 ? null : sharedInfo, VCPUS, ports, grants, rings, xs,
				                devices);
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
				.with("SYMBOL", Texts.javaString(plan.p + "_debug_info"))
				.with("MAGIC", Texts.hex(DebugInfoLayout.MAGIC)).with("LAYOUT", DebugInfoLayout.LAYOUT_VERSION)
				.with("SIZE", l.size)
				.with("O_MAGIC", DebugInfoLayout.MAGIC_OFFSET).with("O_LAYOUT", DebugInfoLayout.LAYOUT_OFFSET)
				.with("O_SIZE", DebugInfoLayout.SIZE_OFFSET).with("O_NR_PORTS", DebugInfoLayout.NR_PORTS_OFFSET)
				.with("O_NR_NF", DebugInfoLayout.NR_NETFRONTS_OFFSET).with("O_SHARED", DebugInfoLayout.SHARED_INFO_OFFSET)
				.with("O_PORTS", DebugInfoLayout.PORTS_OFFSET).with("O_GRANT", DebugInfoLayout.GRANT_TABLE_OFFSET)
				.with("O_FRAMES", DebugInfoLayout.GRANT_FRAMES_OFFSET).with("O_VERSION", DebugInfoLayout.GRANT_VERSION_OFFSET)
				.with("O_XS", DebugInfoLayout.XENSTORE_OFFSET).with("O_XS_PORT", DebugInfoLayout.XENSTORE_PORT_OFFSET)
				.with("O_NF", l.netfrontsOffset).with("NF_SIZE", DebugInfoLayout.NF_SIZE)
				.with("NF_TX_SRING", DebugInfoLayout.NF_TX_SRING).with("NF_RX_SRING", DebugInfoLayout.NF_RX_SRING)
				.with("NF_TX_FRONT", DebugInfoLayout.NF_TX_FRONT).with("NF_RX_FRONT", DebugInfoLayout.NF_RX_FRONT)
				.with("NF_FE", DebugInfoLayout.NF_FRONTEND_STATE).with("NF_BE", DebugInfoLayout.NF_BACKEND_STATE)
				.with("NF_PORT", DebugInfoLayout.NF_PORT)
				.fill();
	}

	private static String list(List<String> items) {
		if (items.isEmpty()) {
			return "";
		}
		return "\n            " + String.join(",\n            ", items);
	}
}
