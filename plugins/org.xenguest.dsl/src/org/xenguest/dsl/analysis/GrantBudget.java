package org.xenguest.dsl.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Netfront;

/**
 * How many grant entries a guest needs and how many its grant table holds.
 * <p>
 * Needed: each {@code grant NAME[N]} (N entries) plus each netfront's 2 shared ring pages, its
 * posted RX buffers (rx-ring) and its in-flight TX pages (tx-ring). Capacity: frames x entries
 * per 4 KiB frame (512 for v1's 8-byte entries, 256 for v2's 16-byte ones) minus the 8 reserved
 * entries (0 console, 1 xenstore, ...).
 */
public final class GrantBudget {
	/** One consumer of grant entries. */
	public record Need(String label, long entries, String detail, EObject source) {
	}

	private final int version;
	private final int frames;
	private final List<Need> needs;

	private GrantBudget(int version, int frames, List<Need> needs) {
		this.version = version;
		this.frames = frames;
		this.needs = Collections.unmodifiableList(needs);
	}

	public static GrantBudget of(Guest guest) {
		List<Need> needs = new ArrayList<>();
		for (Grant grant : guest.getGrants()) {
			long count = grant.getCount() != null ? Math.max(0, grant.getCount()) : 1;
			needs.add(new Need("grant " + grant.getName(), count, null, grant));
		}
		for (Netfront n : GuestFacts.netfronts(guest)) {
			long rx = Math.max(0, GuestFacts.rxRing(n));
			long tx = Math.max(0, GuestFacts.txRing(n));
			needs.add(new Need("netfront " + n.getName(), 2 + rx + tx, "2 ring pages + " + rx + " rx + " + tx + " tx", n));
		}
		return new GrantBudget(GuestFacts.grantVersion(guest), GuestFacts.grantFrames(guest), needs);
	}

	public static int entriesPerFrame(int version) {
		return version == 2 ? GrantTableLayout.V2_ENTRIES_PER_FRAME : GrantTableLayout.V1_ENTRIES_PER_FRAME;
	}

	public int version() {
		return version;
	}

	public int frames() {
		return frames;
	}

	public List<Need> needs() {
		return needs;
	}

	public long required() {
		long sum = 0;
		for (Need n : needs) {
			sum += n.entries();
		}
		return sum;
	}

	public long capacity() {
		return Math.max(0, (long) frames * entriesPerFrame(version) - GrantTableLayout.NR_RESERVED_ENTRIES);
	}

	public boolean fits() {
		return required() <= capacity();
	}

	/** The smallest number of frames whose capacity holds what is required (at least 1). */
	public long smallestFramesThatFit() {
		long per = entriesPerFrame(version);
		long total = required() + GrantTableLayout.NR_RESERVED_ENTRIES;
		return Math.max(1, (total + per - 1) / per);
	}

	/** "8 (grant blk) + 514 (netfront net0: 2 ring pages + 256 rx + 256 tx) = 522" */
	public String requiredArithmetic() {
		StringBuilder sb = new StringBuilder();
		for (Need n : needs) {
			if (sb.length() > 0) {
				sb.append(" + ");
			}
			sb.append(n.entries()).append(" (").append(n.label());
			if (n.detail() != null) {
				sb.append(": ").append(n.detail());
			}
			sb.append(')');
		}
		if (needs.size() != 1) {
			sb.append(" = ").append(required());
		}
		return sb.toString();
	}

	/** "1 frame x 512 entries (v1) - 8 reserved = 504" */
	public String capacityArithmetic() {
		return frames + (frames == 1 ? " frame" : " frames") + " x " + entriesPerFrame(version) + " entries (v" + version
				+ ") - " + GrantTableLayout.NR_RESERVED_ENTRIES + " reserved = " + capacity();
	}
}
