package org.xenguest.dsl.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;

/** xl/NAME.cfg: what the toolstack must give the guest for the generated code to work. */
final class XlConfig {
	/** Xen's default gnttab_max_frames (a Xen command-line option caps max_grant_frames). */
	static final int XEN_DEFAULT_MAX_GRANT_FRAMES = 64;

	private XlConfig() {
	}

	static String emit(GuestPlan plan) {
		StringBuilder sb = new StringBuilder(Texts.hashHeader(plan, "xl/" + plan.p + ".cfg", "xl.cfg of guest " + plan.p));
		sb.append('\n');
		sb.append("name = \"").append(plan.p).append("\"\n");
		sb.append("type = \"").append(plan.type).append("\"\n");
		sb.append("# The kernel built from the generated C (c/) and a boot stub: adjust the path.\n");
		sb.append("kernel = \"").append(plan.p).append(".elf\"\n");
		Long mib = plan.memoryMiB();
		if (mib != null) {
			sb.append("memory = ").append(mib).append('\n');
		} else {
			sb.append("# memory: the model sets none, xl's default applies\n");
		}
		sb.append("vcpus = ").append(plan.vcpus).append('\n');
		sb.append("# ").append(plan.grantFrames).append(" frame(s) x ").append(plan.entriesPerFrame).append(" v")
				.append(plan.grantVersion).append(" entries: the grant table the generated code sets up\n");
		if (plan.grantFrames > XEN_DEFAULT_MAX_GRANT_FRAMES) {
			sb.append("# above Xen's default gnttab_max_frames (").append(XEN_DEFAULT_MAX_GRANT_FRAMES)
					.append("): boot Xen with gnttab_max_frames=").append(plan.grantFrames).append('\n');
		}
		sb.append("max_grant_frames = ").append(plan.grantFrames).append('\n');
		sb.append("event_channels = ").append(plan.eventChannels).append('\n');
		sb.append("# a crashed guest stays for xenctx / xen-hvmctx instead of restarting for ever\n");
		sb.append("on_crash = \"preserve\"\n");
		if (!plan.netfronts.isEmpty()) {
			List<NetfrontPlan> byVif = new ArrayList<>(plan.netfronts);
			byVif.sort(Comparator.comparingInt(NetfrontPlan::vif));
			boolean dense = true;
			for (int i = 0; i < byVif.size(); i++) {
				dense &= byVif.get(i).vif() == i;
			}
			if (!dense) {
				sb.append("# WARNING: xl numbers vifs by their position in this list (DEVID 0, 1, ...), but the\n")
						.append("# model's vif indices are not 0..").append(byVif.size() - 1)
						.append(": the generated netfront reads device/vif/<index>.\n");
			}
			sb.append("vif = [");
			for (int i = 0; i < byVif.size(); i++) {
				NetfrontPlan n = byVif.get(i);
				List<String> parts = new ArrayList<>();
				if (n.mac() != null) {
					parts.add("mac=" + n.mac());
				}
				parts.add("backend=" + n.backend());
				sb.append(i == 0 ? " " : ", ").append('\'').append(String.join(",", parts)).append('\'');
			}
			sb.append(" ]   # ");
			for (int i = 0; i < byVif.size(); i++) {
				sb.append(i == 0 ? "" : ", ").append(byVif.get(i).name()).append(" = device/vif/").append(byVif.get(i).vif());
			}
			sb.append('\n');
		}
		if (plan.stub != null) {
			if (plan.stub.console()) {
				sb.append("# debug stub: RSP over the PV console (xl console ").append(plan.p)
						.append(", or a socket through the console daemon)\n");
			} else if ("hvm".equals(plan.type)) {
				sb.append("# debug stub on ").append(plan.stub.transport().toUpperCase(java.util.Locale.ROOT))
						.append(": give that UART a TCP backend for the debugger\n");
				sb.append("serial = [ 'pty'")
						.append("com2".equals(plan.stub.transport()) ? ", 'tcp:127.0.0.1:4555,server,nowait'" : "")
						.append(" ]\n");
			} else {
				sb.append("# debug stub on ").append(plan.stub.transport().toUpperCase(java.util.Locale.ROOT))
						.append(" (I/O port ").append(Texts.hex(plan.stub.ioPort()))
						.append("): a PVH domU has no emulated UART; it works in a PVH dom0\n")
						.append("# (the reference guest) or an HVM guest, or use 'debug stub console'.\n");
			}
		}
		return sb.toString();
	}
}
