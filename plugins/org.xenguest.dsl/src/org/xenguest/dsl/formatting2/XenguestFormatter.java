package org.xenguest.dsl.formatting2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatter;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.xenguest.dsl.xenguest.DebugStub;
import org.xenguest.dsl.xenguest.Device;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.GrantTable;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Model;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;
import org.xenguest.dsl.xenguest.XenstoreBlock;
import org.xenguest.dsl.xenguest.XenstoreEntry;

/**
 * The house style of .xenguest files (the example is its reference: formatting it gives
 * it back unchanged):
 * <ul>
 * <li>one statement per line, blocks indented by four spaces, at most one blank line kept;</li>
 * <li>tokens of a statement separated by one space, {@code name[N]} without spaces;</li>
 * <li>the ':' of consecutive port declarations aligned one space after the longest name;</li>
 * <li>comments kept where they are; one blank line between guests; a newline at the end.</li>
 * </ul>
 */
public class XenguestFormatter extends AbstractJavaFormatter {

	public static final String INDENTATION = "    ";

	@Override
	protected void initialize(FormatterRequest request) {
		request.setPreferences(new MapBasedPreferenceValues(request.getPreferences(),
				Map.of(FormatterPreferenceKeys.indentation.getId(), INDENTATION)));
		super.initialize(request);
	}

	protected void format(Model model, IFormattableDocument doc) {
		List<Guest> guests = model.getGuests();
		for (int i = 0; i < guests.size(); i++) {
			Guest guest = guests.get(i);
			if (i > 0) {
				doc.prepend(guest, it -> it.setNewLines(2, 2, 2));
			}
			doc.format(guest);
		}
		if (!guests.isEmpty()) {
			doc.append(guests.get(guests.size() - 1), it -> it.setNewLines(1, 1, 1));
		}
	}

	protected void format(Guest guest, IFormattableDocument doc) {
		doc.append(regionFor(guest).keyword("guest"), this::oneSpace);
		block(guest, doc);
		for (ISemanticRegion setting : regionFor(guest).keywords("type", "role", "vcpus", "memory", "event-channels")) {
			doc.prepend(setting, this::statement);
			doc.append(setting, this::oneSpace);
		}
		List<EObject> children = new ArrayList<>();
		children.addAll(guest.getGrantTables());
		children.addAll(guest.getPorts());
		children.addAll(guest.getGrants());
		children.addAll(guest.getXenstore());
		children.addAll(guest.getDevices());
		children.addAll(guest.getDebugStubs());
		for (EObject child : children) {
			doc.prepend(child, this::statement);
			doc.format(child);
		}
		alignPortColons(guest, doc);
	}

	protected void format(GrantTable table, IFormattableDocument doc) {
		spaced(table, doc);
	}

	protected void format(Port port, IFormattableDocument doc) {
		spaced(port, doc);
	}

	protected void format(Grant grant, IFormattableDocument doc) {
		spaced(grant, doc);
		ISemanticRegion open = regionFor(grant).keyword("[");
		doc.prepend(open, this::noSpaceFirst);
		doc.append(open, this::noSpaceFirst);
		doc.prepend(regionFor(grant).keyword("]"), this::noSpaceFirst);
	}

	protected void format(XenstoreBlock block, IFormattableDocument doc) {
		doc.append(regionFor(block).keyword("xenstore"), this::oneSpace);
		block(block, doc);
		for (XenstoreEntry entry : block.getEntries()) {
			doc.prepend(entry, this::statement);
			doc.format(entry);
		}
	}

	protected void format(XenstoreEntry entry, IFormattableDocument doc) {
		spaced(entry, doc);
	}

	protected void format(Netfront netfront, IFormattableDocument doc) {
		doc.append(regionFor(netfront).keyword("netfront"), this::oneSpace);
		block(netfront, doc);
		for (ISemanticRegion setting : regionFor(netfront).keywords("backend", "port", "index", "rx-ring", "tx-ring",
				"features", "mac")) {
			doc.prepend(setting, this::statement);
			doc.append(setting, this::oneSpace);
		}
		for (ISemanticRegion feature : regionFor(netfront).features(Literals.NETFRONT__FEATURES)) {
			doc.prepend(feature, this::oneSpace);
		}
	}

	protected void format(Device device, IFormattableDocument doc) {
		spaced(device, doc);
	}

	protected void format(DebugStub stub, IFormattableDocument doc) {
		spaced(stub, doc);
	}

	// ---- helpers -------------------------------------------------------------------------------

	/** '{' after one space, contents indented, '}' on its own line. */
	private void block(EObject owner, IFormattableDocument doc) {
		ISemanticRegion open = regionFor(owner).keyword("{");
		ISemanticRegion close = regionFor(owner).keyword("}");
		doc.prepend(open, this::oneSpace);
		if (open != null && close != null) {
			doc.interior(open, close, this::indent);
		}
		doc.prepend(close, it -> it.setNewLines(1, 1, 1));
	}

	/** A statement starts on a new line; one blank line before it is kept, more are not. */
	private void statement(IHiddenRegionFormatter it) {
		it.setNewLines(1, 1, 2);
	}

	private void noSpaceFirst(IHiddenRegionFormatter it) {
		it.noSpace();
		it.highPriority();
	}

	/** One space between all tokens of a one-line statement (nested objects included). */
	private void spaced(EObject statement, IFormattableDocument doc) {
		Iterator<ISemanticRegion> it = allSemanticRegions(statement).iterator();
		while (it.hasNext()) {
			ISemanticRegion region = it.next();
			if (it.hasNext()) {
				doc.append(region, this::oneSpace);
			}
		}
	}

	/** Aligns the ':' of each run of consecutive port declarations one space after the run's longest name. */
	private void alignPortColons(Guest guest, IFormattableDocument doc) {
		List<List<Port>> runs = new ArrayList<>();
		List<Port> run = new ArrayList<>();
		IHiddenRegion previousEnd = null;
		for (Port port : guest.getPorts()) {
			IEObjectRegion region = regionForEObject(port);
			if (region == null) {
				continue;
			}
			if (previousEnd == null || region.getPreviousHiddenRegion() != previousEnd) {
				if (!run.isEmpty()) {
					runs.add(run);
				}
				run = new ArrayList<>();
			}
			run.add(port);
			previousEnd = region.getNextHiddenRegion();
		}
		if (!run.isEmpty()) {
			runs.add(run);
		}
		for (List<Port> ports : runs) {
			int width = 0;
			for (Port port : ports) {
				ISemanticRegion name = regionFor(port).feature(Literals.PORT__NAME);
				width = Math.max(width, name == null ? 0 : name.getLength());
			}
			for (Port port : ports) {
				ISemanticRegion name = regionFor(port).feature(Literals.PORT__NAME);
				ISemanticRegion colon = regionFor(port).keyword(":");
				if (name == null || colon == null) {
					continue;
				}
				String pad = " ".repeat(width - name.getLength() + 1);
				doc.prepend(colon, it -> {
					it.setSpace(pad);
					it.highPriority();
				});
			}
		}
	}
}
