package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.xenguest.dsl.analysis.GrantBudget;
import org.xenguest.dsl.analysis.GuestFacts;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.GrantTable;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;

/** The grant table (version, frames), the grant budget against what the devices need (XG101), and the grants. */
public class GrantChecks extends XenguestChecks {
	/** Xen's default gnttab_max_frames. */
	public static final int DEFAULT_MAX_GRANT_FRAMES = 64;

	@Check
	public void checkGrantTable(GrantTable t) {
		if (t.getVersion() != null && t.getVersion() != 1 && t.getVersion() != 2) {
			error("grant-table version " + t.getVersion() + " does not exist: Xen has grant table v1 (8-byte entries,"
					+ " 512 per frame) and v2 (16-byte entries, 256 per frame). Use version 1 (or 2).", t,
					Literals.GRANT_TABLE__VERSION, GRANT_TABLE_VERSION);
		}
		Integer frames = t.getFrames();
		if (frames != null) {
			if (frames < 1) {
				error("grant-table frames 0 leaves the guest no grant entries: a grant table has at least one 4 KiB"
						+ " frame. Set frames to 1 or more.", t, Literals.GRANT_TABLE__FRAMES, GRANT_FRAMES_ZERO, "1");
			} else if (frames > DEFAULT_MAX_GRANT_FRAMES) {
				warning("grant-table frames " + frames + " is above Xen's default gnttab_max_frames ("
						+ DEFAULT_MAX_GRANT_FRAMES + "): GNTTABOP_setup_table fails unless the domain's"
						+ " max_grant_frames (xl.cfg) allows " + frames + ". Raise max_grant_frames or use fewer frames.",
						t, Literals.GRANT_TABLE__FRAMES, GRANT_FRAMES_DEFAULT_MAX);
			}
		}
	}

	@Check
	public void checkGrantBudget(Guest g) {
		if (GuestFacts.grantFrames(g) < 1) {
			return; // XG104 already
		}
		int version = GuestFacts.grantVersion(g);
		if (version != 1 && version != 2) {
			return; // XG103 already
		}
		GrantBudget budget = GrantBudget.of(g);
		if (budget.fits()) {
			return;
		}
		long smallest = budget.smallestFramesThatFit();
		String limit = smallest > DEFAULT_MAX_GRANT_FRAMES
				? " (above Xen's default gnttab_max_frames of " + DEFAULT_MAX_GRANT_FRAMES
						+ ": raise max_grant_frames in xl.cfg too, or shrink the rings)"
				: "";
		String message = "grant table too small: this guest needs " + budget.requiredArithmetic()
				+ " grant entries, but its grant table holds " + budget.capacityArithmetic()
				+ ". Once the free entries run out the guest blocks in \"Waiting for free grant\". Set frames "
				+ smallest + " (the smallest that fits" + ")" + limit + ".";
		String[] data = { Long.toString(smallest), Long.toString(budget.required()), Long.toString(budget.capacity()) };
		GrantTable t = GuestFacts.grantTable(g);
		if (t == null) {
			error(message + " This guest declares no grant-table, so it gets version 1 with "
					+ GuestFacts.DEFAULT_GRANT_FRAMES + " frame: add 'grant-table version 1 frames " + smallest + "'.", g,
					Literals.GUEST__NAME, GRANT_BUDGET, data);
		} else if (t.getFrames() != null) {
			error(message, t, Literals.GRANT_TABLE__FRAMES, GRANT_BUDGET, data);
		} else {
			error(message, g, Literals.GUEST__GRANT_TABLES, g.getGrantTables().indexOf(t), GRANT_BUDGET, data);
		}
	}

	@Check
	public void checkGrants(Guest g) {
		Map<String, Grant> seen = new HashMap<>();
		for (Grant grant : g.getGrants()) {
			identifier(grant, grant.getName(), Literals.GRANT__NAME, "grant");
			if (grant.getName() != null) {
				Grant first = seen.putIfAbsent(grant.getName(), grant);
				if (first != null) {
					error("grant '" + grant.getName() + "' is declared twice in guest " + g.getName() + " (first at line "
							+ line(first) + "): generated code names grant references by it. Rename this one.", grant,
							Literals.GRANT__NAME, DUPLICATE_GRANT, freeName(grant.getName(), seen.keySet()));
				}
			}
			if (grant.getCount() != null && grant.getCount() < 1) {
				error("grant " + grant.getName() + "[0] declares no entries: a grant is at least one page. Use ["
						+ "1] or more, or remove the grant.", grant, Literals.GRANT__COUNT, GRANT_COUNT_ZERO, "1");
			}
			domid(grant, grant.getDomain(), Literals.GRANT__DOMAIN, "the domain a grant is given to");
		}
	}
}
