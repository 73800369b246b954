package org.xenguest.dsl.ide.incremental;

import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextSyntaxDiagnostic;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Model;

/**
 * Where one guest of a parsed model sits, and whether what was computed for an earlier parse of
 * the same text may be reused for it. Guests are independent (ports are scoped to their guest and
 * every check below the model looks inside one guest), so a guest whose text did not change has
 * the same issues and colours, moved by however far its text moved.
 *
 * @param index the guest's position in the model (issues name their element by it)
 * @param text the guest's text, from its first token (or leading comment) to its closing brace
 * @param offset where that text starts
 * @param line the 1-based line it starts on (messages such as "first at line N" depend on it)
 * @param column the 0-based column it starts at
 * @param reusable false when a syntax error touches the guest: error recovery may read the same
 *        text differently depending on what follows, so nothing about it is reused
 */
record GuestRegion(Guest guest, int index, String text, int offset, int line, int column, boolean reusable) {

	/** What identifies a guest's analysis: the same key means the same results, shifted. */
	record Key(int index, String text, int line, int column) {
	}

	Key key() {
		return new Key(index, text, line, column);
	}

	/** The guests of {@code resource}'s model, in order; empty if it holds no model. */
	static List<GuestRegion> of(XtextResource resource) {
		IParseResult result = resource.getParseResult();
		if (result == null || !(result.getRootASTElement() instanceof Model model)) {
			return List.of();
		}
		String all = result.getRootNode().getText();
		List<Resource.Diagnostic> errors = resource.getErrors();
		List<GuestRegion> regions = new java.util.ArrayList<>(model.getGuests().size());
		List<Guest> guests = model.getGuests();
		for (int i = 0; i < guests.size(); i++) {
			Guest guest = guests.get(i);
			ICompositeNode node = NodeModelUtils.getNode(guest);
			if (node == null) {
				regions.add(new GuestRegion(guest, i, "", 0, 1, 0, false));
				continue;
			}
			int start = node.getTotalOffset();
			int end = node.getTotalEndOffset();
			String text = all.substring(start, end);
			int column = start - (all.lastIndexOf('\n', start - 1) + 1);
			// a missing brace is reported at the token after the guest: look up to the next guest
			ICompositeNode next = i + 1 < guests.size() ? NodeModelUtils.getNode(guests.get(i + 1)) : null;
			int windowEnd = next != null ? next.getTotalOffset() : all.length();
			boolean complete = text.stripTrailing().endsWith("}");
			regions.add(new GuestRegion(guest, i, text, start, node.getTotalStartLine(), column,
					complete && !syntaxErrorIn(errors, start, windowEnd)));
		}
		return regions;
	}

	private static boolean syntaxErrorIn(List<Resource.Diagnostic> errors, int start, int end) {
		for (Resource.Diagnostic d : errors) {
			if (d instanceof XtextSyntaxDiagnostic s && s.getOffset() >= start && s.getOffset() <= end) {
				return true;
			}
		}
		return false;
	}
}
