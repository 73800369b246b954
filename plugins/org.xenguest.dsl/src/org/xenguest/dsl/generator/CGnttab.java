package org.xenguest.dsl.generator;

import org.xenguest.dsl.generator.GuestPlan.GrantPlan;

/**
 * NAME_gnttab.c: the model's grant frames, a free list, grant/end access, hard failure when dry.
 * The C is templates/gnttab.c.tmpl; this class picks the grant table version's sections and fills
 * in the model's grants.
 */
final class CGnttab {
	private static final String TEMPLATE = "gnttab.c.tmpl";

	private CGnttab() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		boolean v2 = plan.grantVersion == 2;
		String budgetText = plan.budget.needs().isEmpty() ? "nothing" : plan.budget.requiredArithmetic();
		return Template.section(TEMPLATE, "file")
				.with("HEADER", Texts.cHeader(plan, p + "_gnttab.c", "grant table of guest " + p))
				.with("P", p).with("U", plan.u).with("GF", plan.grantFrames).with("GV", plan.grantVersion)
				.with("ENTRY_TYPES", v2 ? Template.section(TEMPLATE, "entry_types_v2").with("U", plan.u).fill()
						: Template.text(TEMPLATE, "entry_types_v1"))
				.with("STATUS_FRAMES", v2 ? Template.text(TEMPLATE, "status_frames_v2") : "")
				.with("MG_SLOTS", Math.max(1, plan.grants.size())).with("MODEL_GRANTS", modelGrants(plan))
				.with("MR_SLOTS", Math.max(1, plan.modelGrantSlots)).with("NR_GRANTS", plan.grants.size() + "u")
				.with("BUDGET_TEXT", Texts.commentSafe(budgetText).replace("\"", "'").replace("%", "%%"))
				.with("SET_VERSION", v2 ? Template.section(TEMPLATE, "set_version_v2").with("P", p).fill() : "")
				.with("MAP_STATUS", v2 ? Template.section(TEMPLATE, "map_status_v2").with("P", p).fill() : "")
				.with("GFN_CHECK", v2 ? "" : Template.text(TEMPLATE, "gfn_check_v1"))
				.with("FILL_ENTRY", fillEntry(v2, "e", "domid", "gfn", "readonly"))
				.with("END_ENTRY", endEntry(v2, "ref"))
				.with("MODEL_FILL", Template.section(TEMPLATE, "model_entry")
						.with("GFN_CHECK", v2 ? "" : Template.text(TEMPLATE, "model_gfn_check_v1")).fill()
						+ fillEntry(v2, "e", "g->domid", "gfn", "g->readonly"))
				.with("MODEL_END", endEntry(v2, "ref"))
				.fill();
	}

	/** The initialisers of model_grants[], one per model grant. */
	private static String modelGrants(GuestPlan plan) {
		StringBuilder modelGrants = new StringBuilder();
		for (GrantPlan g : plan.grants) {
			modelGrants.append("    [").append(g.macro()).append("] = { ").append(Texts.cString(g.name())).append(", ")
					.append(g.domid()).append(", ").append(g.readonly() ? 1 : 0).append(", ").append(g.firstSlot())
					.append(", ").append(g.count()).append(" },\n");
		}
		if (plan.grants.isEmpty()) {
			modelGrants.append("    { NULL, 0, 0, 0, 0 },   /* the model declares no grant */\n");
		}
		return modelGrants.toString();
	}

	/**
	 * Fills a grant entry: frame and domid first, flags last with release order, so Xen never sees
	 * a permit_access entry with a stale frame or domid.
	 */
	private static String fillEntry(boolean v2, String e, String domid, String gfn, String ro) {
		return Template.section(TEMPLATE, v2 ? "fill_entry_v2" : "fill_entry_v1").with("E", e).with("DOMID", domid)
				.with("GFN", gfn).with("RO", ro).fill();
	}

	/**
	 * Ends access to an entry. v1: clears the flags only while Xen shows no mapping (a cmpxchg loop,
	 * as grant_table.h asks); v2: clears the flags, then looks at the status Xen keeps apart.
	 */
	private static String endEntry(boolean v2, String ref) {
		return Template.section(TEMPLATE, v2 ? "end_entry_v2" : "end_entry_v1").with("REF", ref).fill();
	}
}
