package org.xenguest.dsl.generator;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Model;

/**
 * The generators' one entry point, for the CLI ({@code xenguest generate}) and the Eclipse builder
 * alike. Pure: same model, same bytes; no clock, no hash order, no file system.
 * <p>
 * Output per guest NAME (docs/generated-code.md): {@code c/NAME_guest.h}, {@code c/NAME_platform.h},
 * {@code c/NAME_platform_pvh.c}, {@code c/NAME_runtime.c}, {@code c/NAME_evtchn.c}, {@code c/NAME_gnttab.c},
 * {@code c/NAME_xenstore.c}, {@code c/NAME_netfront.c} (with a netfront), {@code c/NAME_gdbstub.c}
 * (with a debug stub), {@code java/org/xenguest/generated/NameDescriptor.java}, {@code xl/NAME.cfg},
 * {@code manifest/NAME.json}.
 * <p>
 * The model should be free of validation errors (the CLI refuses to generate otherwise). A model
 * whose grant budget does not fit (XG101) still generates, and its C then fails to compile with a
 * {@code _Static_assert} naming the fix; values the generator cannot emit at all (an unresolved
 * port, an unknown VIRQ) raise {@link IllegalArgumentException} naming the problem.
 */
public final class GuestGenerator {
	private GuestGenerator() {
	}

	/**
	 * @param model         the parsed model
	 * @param modelFileName the name the file headers cite (a bare file name keeps output machine-independent)
	 * @return relative path -> content, sorted by path
	 */
	public static SortedMap<String, String> generate(Model model, String modelFileName) {
		SortedMap<String, String> out = new TreeMap<>();
		for (Guest g : model.getGuests()) {
			out.putAll(generate(g, modelFileName));
		}
		return Collections.unmodifiableSortedMap(out);
	}

	/** The files of one guest. */
	public static SortedMap<String, String> generate(Guest guest, String modelFileName) {
		GuestPlan plan = new GuestPlan(guest, modelFileName == null ? "(unnamed model)" : modelFileName);
		SortedMap<String, String> out = new TreeMap<>();
		String c = "c/" + plan.p;
		out.put(c + "_guest.h", CHeader.emit(plan));
		out.put(c + "_platform.h", CPlatform.header(plan));
		out.put(c + "_platform_pvh.c", CPlatform.pvh(plan));
		out.put(c + "_runtime.c", CRuntime.emit(plan));
		out.put(c + "_evtchn.c", CEvtchn.emit(plan));
		out.put(c + "_gnttab.c", CGnttab.emit(plan));
		out.put(c + "_xenstore.c", CXenstore.emit(plan));
		if (!plan.netfronts.isEmpty()) {
			out.put(c + "_netfront.c", CNetfront.emit(plan));
		}
		if (plan.stub != null) {
			out.put(c + "_gdbstub.c", CGdbstub.emit(plan));
		}
		out.put(JavaDescriptor.path(plan), JavaDescriptor.emit(plan));
		out.put("xl/" + plan.p + ".cfg", XlConfig.emit(plan));
		out.put("manifest/" + plan.p + ".json", Manifest.emit(plan));
		return out;
	}

	/** The Java class name generated for a guest, e.g. {@code WebDescriptor}. */
	public static String descriptorClassName(Guest guest) {
		return JavaDescriptor.PACKAGE + "." + GuestPlan.javaName(guest.getName()) + "Descriptor";
	}
}
