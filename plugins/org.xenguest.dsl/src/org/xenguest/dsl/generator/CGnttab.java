package org.xenguest.dsl.generator;

import org.xenguest.dsl.generator.GuestPlan.GrantPlan;

/** NAME_gnttab.c: the model's grant frames, a free list, grant/end access, hard failure when dry. */
final class CGnttab {
	private CGnttab() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		boolean v2 = plan.grantVersion == 2;
		StringBuilder modelGrants = new StringBuilder();
		for (GrantPlan g : plan.grants) {
			modelGrants.append("    [").append(g.macro()).append("] = { ").append(Texts.cString(g.name())).append(", ")
					.append(g.domid()).append(", ").append(g.readonly() ? 1 : 0).append(", ").append(g.firstSlot())
					.append(", ").append(g.count()).append(" },\n");
		}
		if (plan.grants.isEmpty()) {
			modelGrants.append("    { NULL, 0, 0, 0, 0 },   /* the model declares no grant */\n");
		}
		String budgetText = plan.budget.needs().isEmpty() ? "nothing" : plan.budget.requiredArithmetic();
		return Template.of("""
				${HEADER}
				/*
				 * Grant table of guest ${P}: the ${GF} frame(s) of the model (grant table
				 * v${GV}) mapped with XENMEM_add_to_physmap, a free list of its entries,
				 * grant and end access.  The table is sized from the model, whose budget
				 * the validator checks (XG101) and ${P}_guest.h asserts; if the guest still
				 * runs dry, granting fails at once with a message saying so: it never
				 * waits for a free entry ("Waiting for free grant" is what that looks like).
				 */
				#include "${P}_guest.h"
				#include <xen/memory.h>

				${ENTRY_TYPES}
				#define ENTRIES_PER_FRAME (XG_PAGE_SIZE / sizeof(entry_t))
				#define FREE_END 0xffffffffu

				_Static_assert(ENTRIES_PER_FRAME == ${U}_GNTTAB_ENTRIES_PER_FRAME, "grant entries per frame");
				_Static_assert(${U}_GNTTAB_RESERVED == GNTTAB_NR_RESERVED_ENTRIES, "reserved grant entries");
				_Static_assert(${U}_GNTTAB_NR_ENTRIES == ${U}_GNTTAB_FRAMES * ENTRIES_PER_FRAME, "grant entries");

				/* The frames Xen's grant table replaces, in the guest's own memory. */
				static union {
				    entry_t entries[ENTRIES_PER_FRAME];
				    uint8_t bytes[XG_PAGE_SIZE];
				} frames[${U}_GNTTAB_FRAMES] __attribute__((aligned(XG_PAGE_SIZE)));
				${STATUS_FRAMES}
				static entry_t *table;                              /* NULL until mapped */
				static uint32_t next_free[${U}_GNTTAB_NR_ENTRIES];
				static uint8_t in_use[${U}_GNTTAB_NR_ENTRIES];
				static uint32_t free_head = FREE_END;
				static unsigned int free_count, low_water;

				struct model_grant {
				    const char *name;
				    domid_t domid;
				    uint8_t readonly;
				    uint16_t first, count;
				};
				static const struct model_grant model_grants[${MG_SLOTS}] = {
				${MODEL_GRANTS}};
				static grant_ref_t model_refs[${MR_SLOTS}];
				/* Variables, not macros: no always-false warnings when the model has none. */
				static const unsigned int nr_grants = ${NR_GRANTS};
				static const unsigned int nr_model_refs = ${U}_NR_MODEL_GRANT_REFS;

				static long grant_table_op(unsigned int cmd, void *arg, unsigned int count)
				{
				    return xg_plat_hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)(uintptr_t)arg, count, 0, 0);
				}

				static long map_frame(unsigned long idx, const void *page)
				{
				    struct xen_add_to_physmap xatp = {
				        .domid = DOMID_SELF,
				        .space = XENMAPSPACE_grant_table,
				        .idx = idx,
				        .gpfn = xg_plat_virt_to_gfn(page),
				    };
				    return xg_plat_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				                             (unsigned long)(uintptr_t)&xatp, 0, 0, 0);
				}

				static void push_free(grant_ref_t ref)
				{
				    in_use[ref] = 0;
				    next_free[ref] = free_head;
				    free_head = ref;
				    free_count++;
				}

				int ${P}_gnttab_init(void)
				{
				    if (table != NULL)
				        return 0;
				    struct gnttab_query_size q = { .dom = DOMID_SELF };
				    long rc = grant_table_op(GNTTABOP_query_size, &q, 1);
				    if (rc != 0 || q.status != GNTST_okay) {
				        ${P}_log("GNTTABOP_query_size failed: rc %ld status %d\\n", rc, (int)q.status);
				        return rc != 0 ? (int)rc : XG_EIO;
				    }
				    if (q.max_nr_frames < ${U}_GNTTAB_FRAMES) {
				        ${P}_log("Xen allows this domain %u grant frame(s), the model sets up %u: set "
				                 "max_grant_frames = %u in its xl.cfg (xl/${P}.cfg has it)\\n",
				                 (unsigned int)q.max_nr_frames, ${U}_GNTTAB_FRAMES, ${U}_GNTTAB_FRAMES);
				        return XG_ENOSPC;
				    }
				${SET_VERSION}
				    for (unsigned int i = 0; i < ${U}_GNTTAB_FRAMES; i++) {
				        rc = map_frame(i, &frames[i]);
				        if (rc != 0) {
				            ${P}_log("XENMEM_add_to_physmap(grant_table, frame %u) failed: %ld\\n", i, rc);
				            return (int)rc;
				        }
				    }
				${MAP_STATUS}
				    table = &frames[0].entries[0];
				    ${P}_debug_info.grant_table = (uint64_t)(uintptr_t)table;
				    ${P}_debug_info.grant_frames = ${U}_GNTTAB_FRAMES;
				    ${P}_debug_info.grant_version = ${U}_GNTTAB_VERSION;

				    /* Highest first, so the free list hands out low refs first. */
				    for (uint32_t ref = ${U}_GNTTAB_NR_ENTRIES; ref-- > GNTTAB_NR_RESERVED_ENTRIES;)
				        push_free(ref);
				    low_water = free_count;
				    /* The model's own grants hold their refs from the start: the budget. */
				    for (unsigned int i = 0; i < nr_model_refs; i++) {
				        model_refs[i] = free_head;
				        free_head = next_free[model_refs[i]];
				        in_use[model_refs[i]] = 1;
				        free_count--;
				    }
				    return 0;
				}

				static int exhausted(void)
				{
				    ${P}_log("grant table exhausted: all %u usable entries are in use (%u frame(s) x %u v%u entries "
				             "- %u reserved); the model budgets %u: ${BUDGET_TEXT}\\n",
				             ${U}_GNTTAB_USABLE, ${U}_GNTTAB_FRAMES, ${U}_GNTTAB_ENTRIES_PER_FRAME, ${U}_GNTTAB_VERSION,
				             ${U}_GNTTAB_RESERVED, ${U}_GRANTS_REQUIRED);
				    ${P}_log("grants are leaking or used beyond the model: end access to grants no longer needed, "
				             "or declare them and raise grant-table frames; failing now, not waiting for a free grant\\n");
				    return XG_ENOSPC;
				}

				int ${P}_gnttab_grant_access(domid_t domid, uint64_t gfn, int readonly, grant_ref_t *ref)
				{
				    if (table == NULL) {
				        ${P}_log("grant before ${P}_gnttab_init: no grant table\\n");
				        return XG_ENODEV;
				    }
				${GFN_CHECK}
				    unsigned long flags = xg_plat_irq_save();
				    uint32_t r = free_head;
				    if (r == FREE_END) {
				        xg_plat_irq_restore(flags);
				        return exhausted();
				    }
				    free_head = next_free[r];
				    free_count--;
				    if (free_count < low_water)
				        low_water = free_count;
				    in_use[r] = 1;
				    xg_plat_irq_restore(flags);

				    entry_t *e = &table[r];
				${FILL_ENTRY}
				    *ref = r;
				    return 0;
				}

				int ${P}_gnttab_end_access(grant_ref_t ref)
				{
				    if (table == NULL || ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= ${U}_GNTTAB_NR_ENTRIES || !in_use[ref]) {
				        ${P}_log("end access of grant ref %u, which this guest did not grant\\n", (unsigned int)ref);
				        return XG_EINVAL;
				    }
				${END_ENTRY}
				    unsigned long flags = xg_plat_irq_save();
				    push_free(ref);
				    xg_plat_irq_restore(flags);
				    return 0;
				}

				unsigned int ${P}_gnttab_free_entries(void)
				{
				    return free_count;
				}

				grant_ref_t ${P}_grant_ref(unsigned int grant, unsigned int i)
				{
				    if (table == NULL || grant >= nr_grants || i >= model_grants[grant].count)
				        return 0;
				    return model_refs[model_grants[grant].first + i];
				}

				int ${P}_grant(unsigned int grant, unsigned int i, uint64_t gfn)
				{
				    grant_ref_t ref = ${P}_grant_ref(grant, i);
				    if (ref == 0)
				        return XG_EINVAL;
				    const struct model_grant *g = &model_grants[grant];
				${MODEL_FILL}
				    return 0;
				}

				int ${P}_grant_end(unsigned int grant, unsigned int i)
				{
				    grant_ref_t ref = ${P}_grant_ref(grant, i);
				    if (ref == 0)
				        return XG_EINVAL;
				${MODEL_END}
				    return 0;
				}
				""").with("HEADER", Texts.cHeader(plan, p + "_gnttab.c", "grant table of guest " + p))
				.with("P", p).with("U", u).with("GF", plan.grantFrames).with("GV", plan.grantVersion)
				.with("ENTRY_TYPES", v2 ? "typedef grant_entry_v2_t entry_t;   /* grant table v2 */\n#define STATUS_PER_FRAME (XG_PAGE_SIZE / sizeof(grant_status_t))\n#define STATUS_FRAMES ((" + u + "_GNTTAB_NR_ENTRIES + STATUS_PER_FRAME - 1) / STATUS_PER_FRAME)"
						: "typedef grant_entry_v1_t entry_t;   /* grant table v1 */")
				.with("STATUS_FRAMES", v2 ? "/* v2 keeps GTF_reading/GTF_writing in separate status frames. */\nstatic grant_status_t status[STATUS_FRAMES][STATUS_PER_FRAME] __attribute__((aligned(XG_PAGE_SIZE)));\n" : "")
				.with("MG_SLOTS", Math.max(1, plan.grants.size())).with("MODEL_GRANTS", modelGrants)
				.with("MR_SLOTS", Math.max(1, plan.modelGrantSlots)).with("NR_GRANTS", plan.grants.size() + "u")
				.with("BUDGET_TEXT", Texts.commentSafe(budgetText).replace("\"", "'").replace("%", "%%"))
				.with("SET_VERSION", v2 ? Template.of("""
						    struct gnttab_set_version sv = { .version = 2 };
						    rc = grant_table_op(GNTTABOP_set_version, &sv, 1);
						    if (rc != 0 || sv.version != 2) {
						        ${P}_log("GNTTABOP_set_version(2) failed: rc %ld, version %u (Xen's gnttab=max-ver may be 1)\\n",
						                 rc, (unsigned int)sv.version);
						        return rc != 0 ? (int)rc : XG_ENOSYS;
						    }
						""").with("P", p).fill() : "")
				.with("MAP_STATUS", v2 ? Template.of("""
						    for (unsigned int i = 0; i < STATUS_FRAMES; i++) {
						        rc = map_frame(i | XENMAPIDX_grant_table_status, &status[i]);
						        if (rc != 0) {
						            ${P}_log("XENMEM_add_to_physmap(grant_table status, frame %u) failed: %ld\\n", i, rc);
						            return (int)rc;
						        }
						    }
						""").with("P", p).fill() : "")
				.with("GFN_CHECK", v2 ? "" : """
						    if (gfn > 0xffffffffull)
						        return XG_ERANGE;           /* a v1 entry holds a 32-bit frame */
						""")
				.with("FILL_ENTRY", fillEntry(v2, "e", "domid", "gfn", "readonly"))
				.with("END_ENTRY", endEntry(v2, "ref"))
				.with("MODEL_FILL", (v2 ? "" : "    if (gfn > 0xffffffffull)\n        return XG_ERANGE;\n")
						+ "    entry_t *e = &table[ref];\n" + fillEntry(v2, "e", "g->domid", "gfn", "g->readonly"))
				.with("MODEL_END", endEntry(v2, "ref").replace("    return XG_EBUSY;", "    return XG_EBUSY;"))
				.fill();
	}

	private static String fillEntry(boolean v2, String e, String domid, String gfn, String ro) {
		// Frame and domid first, flags last with release order: Xen must never see a
		// permit_access entry with stale frame or domid.
		if (v2) {
			return "    " + e + "->full_page.frame = " + gfn + ";\n"
					+ "    " + e + "->hdr.domid = " + domid + ";\n"
					+ "    __atomic_store_n(&" + e + "->hdr.flags, (uint16_t)(GTF_permit_access | (" + ro
					+ " ? GTF_readonly : 0)), __ATOMIC_RELEASE);\n";
		}
		return "    " + e + "->frame = (uint32_t)" + gfn + ";\n"
				+ "    " + e + "->domid = " + domid + ";\n"
				+ "    __atomic_store_n(&" + e + "->flags, (uint16_t)(GTF_permit_access | (" + ro
				+ " ? GTF_readonly : 0)), __ATOMIC_RELEASE);\n";
	}

	private static String endEntry(boolean v2, String ref) {
		if (v2) {
			// v2: clear the flags, then look at the status Xen keeps apart.
			return "    __atomic_store_n(&table[" + ref + "].hdr.flags, (uint16_t)0, __ATOMIC_SEQ_CST);\n"
					+ "    if (__atomic_load_n(&status[" + ref + " / STATUS_PER_FRAME][" + ref
					+ " % STATUS_PER_FRAME], __ATOMIC_ACQUIRE) & (GTF_reading | GTF_writing))\n"
					+ "        return XG_EBUSY;            /* still mapped by the peer: keep the page */\n";
		}
		// v1: clear the flags only while Xen shows no mapping (a cmpxchg loop, as grant_table.h asks).
		return "    uint16_t f = __atomic_load_n(&table[" + ref + "].flags, __ATOMIC_ACQUIRE);\n"
				+ "    do {\n"
				+ "        if (f & (GTF_reading | GTF_writing))\n"
				+ "            return XG_EBUSY;        /* still mapped by the peer: keep the page */\n"
				+ "    } while (!__atomic_compare_exchange_n(&table[" + ref + "].flags, &f, (uint16_t)0, 0,\n"
				+ "                                          __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));\n";
	}
}
