package org.xenguest.dsl.generator;

import org.xenguest.abi.DebugInfoLayout;

/**
 * NAME_runtime.c: the log line formatter, the start-up sequence and the debug info block, which
 * the other units call into. The C is templates/runtime.c.tmpl; this class fills in the model's
 * parts.
 */
final class CRuntime {
	private static final String TEMPLATE = "runtime.c.tmpl";

	private CRuntime() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_runtime.c", "log, start-up and debug info block of guest " + p))
				.with("P", p).with("U", plan.u)
				.with("NR_NF", plan.netfronts.size()).with("JAVA_CLASS", plan.javaClass)
				.with("ASSERTS", layoutAsserts(plan))
				.with("PREFIX_LIT", Texts.cString(p + ": "))
				.with("STUB_INIT", plan.stub == null ? "" : Template.section(TEMPLATE, "stub_init").with("P", p).fill())
				.fill();
	}

	/** _Static_asserts pinning the debug info block to the offsets abi.DebugInfoLayout decodes. */
	private static String layoutAsserts(GuestPlan plan) {
		DebugInfoLayout l = plan.layout;
		StringBuilder asserts = new StringBuilder();
		String di = "struct " + plan.p + "_debug_info";
		String din = "struct " + plan.p + "_debug_info_netfront";
		String[][] fields = { { "magic", "" + DebugInfoLayout.MAGIC_OFFSET }, { "layout", "" + DebugInfoLayout.LAYOUT_OFFSET },
				{ "size", "" + DebugInfoLayout.SIZE_OFFSET }, { "nr_ports", "" + DebugInfoLayout.NR_PORTS_OFFSET },
				{ "shared_info", "" + DebugInfoLayout.SHARED_INFO_OFFSET },
				{ "grant_table", "" + DebugInfoLayout.GRANT_TABLE_OFFSET },
				{ "grant_frames", "" + DebugInfoLayout.GRANT_FRAMES_OFFSET },
				{ "grant_version", "" + DebugInfoLayout.GRANT_VERSION_OFFSET },
				{ "xenstore", "" + DebugInfoLayout.XENSTORE_OFFSET },
				{ "xenstore_port", "" + DebugInfoLayout.XENSTORE_PORT_OFFSET },
				{ "nr_netfronts", "" + DebugInfoLayout.NR_NETFRONTS_OFFSET }, { "ports", "" + DebugInfoLayout.PORTS_OFFSET },
				{ "netfronts", "" + l.netfrontsOffset } };
		for (String[] f : fields) {
			asserts.append("_Static_assert(offsetof(").append(di).append(", ").append(f[0]).append(") == ").append(f[1])
					.append(", \"debug info layout\");\n");
		}
		String[][] nfFields = { { "tx_sring", "" + DebugInfoLayout.NF_TX_SRING }, { "rx_sring", "" + DebugInfoLayout.NF_RX_SRING },
				{ "tx_front", "" + DebugInfoLayout.NF_TX_FRONT }, { "rx_front", "" + DebugInfoLayout.NF_RX_FRONT },
				{ "frontend_state", "" + DebugInfoLayout.NF_FRONTEND_STATE },
				{ "backend_state", "" + DebugInfoLayout.NF_BACKEND_STATE }, { "port", "" + DebugInfoLayout.NF_PORT },
				{ "backend", "" + DebugInfoLayout.NF_BACKEND } };
		for (String[] f : nfFields) {
			asserts.append("_Static_assert(offsetof(").append(din).append(", ").append(f[0]).append(") == ").append(f[1])
					.append(", \"debug info layout\");\n");
		}
		asserts.append("_Static_assert(sizeof(").append(din).append(") == ").append(DebugInfoLayout.NF_SIZE)
				.append(", \"debug info layout\");\n");
		asserts.append("_Static_assert(sizeof(").append(di).append(") == ").append(l.size)
				.append(", \"debug info layout\");\n");
		return asserts.toString();
	}
}
