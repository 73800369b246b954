package org.xenguest.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.ide.incremental.IncrementalHighlighter;
import org.xenguest.dsl.ide.incremental.IncrementalParser;
import org.xenguest.dsl.ide.incremental.IncrementalSymbols;
import org.xenguest.dsl.ide.incremental.IncrementalValidator;

/**
 * The editor's incremental analysis (issues and colours reused per unchanged guest) gives exactly
 * what a full validation and a full highlighting of the same text give, edit after edit: seeded
 * random keystrokes, new lines, deleted braces and pasted guests in a many-guest model and in the
 * examples. And it does reuse: a keystroke in one guest of 40 re-checks one guest.
 */
public class IncrementalAnalysisTest {
	private static final String[] TYPED = { "x", " ", "\n", "}", "{", "port q : ipi\n", "\"", "//", "0", ":", "guest",
			"vcpus 99\n", "port p1 : ipi\n", "handler h\n", "grant g[9999] to 0\n", "netfront n9 { port nope }\n" };

	@Test
	void editAfterEditTheSameAsAFullAnalysis() throws IOException {
		Random random = new Random(0x1dc0_ffeeL);
		int reused = 0;
		for (String start : startingModels()) {
			IncrementalValidator validator = Ide.injector().getInstance(IncrementalValidator.class);
			IncrementalHighlighter highlighter = Ide.injector().getInstance(IncrementalHighlighter.class);
			IncrementalSymbols symbols = Ide.injector().getInstance(IncrementalSymbols.class);
			String text = start;
			for (int edit = 0; edit < 60; edit++) {
				XtextResource parsed = Ide.parse(text);
				List<String> incremental = describe(validator.validate(parsed, CancelIndicator.NullImpl));
				List<String> colours = highlighter.highlight(parsed, CancelIndicator.NullImpl).stream()
						.map(r -> r.offset() + "+" + r.length() + " " + r.styleId()).sorted().toList();
				List<DocumentSymbol> outline = symbols.symbols(parsed, CancelIndicator.NullImpl);
				XtextResource fresh = Ide.parse(text);
				String shown = text;
				assertEquals(describe(Ide.validate(fresh)), incremental, () -> "issues after edit in:\n" + shown);
				assertEquals(fullHighlighting(fresh), colours, () -> "colours after edit in:\n" + shown);
				assertEquals(fullSymbols(fresh), outline, () -> "symbols after edit in:\n" + shown);
				reused += validator.lastReused();
				text = edit(text, random);
			}
		}
		// most edits add lines or break a guest, yet the guests above the edit are reused
		assertTrue(reused > 100, "only " + reused + " guests reused in all: the comparison hardly tested reuse");
	}

	@Test
	void aKeystrokeInOneGuestReanalysesThatGuestOnly() {
		String text = manyGuests(40);
		IncrementalValidator validator = Ide.injector().getInstance(IncrementalValidator.class);
		IncrementalHighlighter highlighter = Ide.injector().getInstance(IncrementalHighlighter.class);
		XtextResource first = Ide.parse(text);
		validator.validate(first, CancelIndicator.NullImpl);
		highlighter.highlight(first, CancelIndicator.NullImpl);
		assertEquals(0, validator.lastReused());

		int at = text.indexOf("port p5 : unbound", text.indexOf("guest g20 {")) + "port p5 : unboun".length();
		String typed = text.substring(0, at) + "x" + text.substring(at + 1); // a syntax error in guest g20
		XtextResource second = Ide.parse(typed);
		List<Issue> issues = validator.validate(second, CancelIndicator.NullImpl);
		List<IncrementalHighlighter.Range> colours = highlighter.highlight(second, CancelIndicator.NullImpl);
		assertEquals(40, colours.stream().filter(r -> r.styleId().equals("task")).count(),
				"the TODO of each guest's leading comment, reused or not");
		assertEquals(fullHighlighting(second), colours.stream().map(r -> r.offset() + "+" + r.length() + " " + r.styleId())
				.sorted().toList());
		assertEquals(40, validator.lastReused(), "every guest but the edited one reused (41 with the duplicate)");
		assertEquals(40, highlighter.lastReused());
		IncrementalSymbols symbols = Ide.injector().getInstance(IncrementalSymbols.class);
		symbols.symbols(first, CancelIndicator.NullImpl);
		assertEquals(fullSymbols(second), symbols.symbols(second, CancelIndicator.NullImpl));
		assertEquals(40, symbols.lastReused());
		assertEquals(describe(Ide.validate(Ide.parse(typed))), describe(issues));
		assertTrue(issues.stream().anyMatch(Issue::isSyntaxError), "the typo is reported");

		// a new line above moves the guests below to other lines: their messages may name lines, so they are re-checked
		String newLine = typed.substring(0, at) + "\n" + typed.substring(at);
		validator.validate(Ide.parse(newLine), CancelIndicator.NullImpl);
		assertEquals(20, validator.lastReused(), "the guests above the new line reused");
	}

	@Test
	void thePartialParserGivesWhatAFullParseGives() throws IOException {
		Random random = new Random(0x9a27_1a1L);
		int partial = 0;
		int edits = 0;
		for (String start : startingModels()) {
			IncrementalParser parser = Ide.injector().getInstance(IncrementalParser.class);
			parser.parse(start);
			for (int edit = 0; edit < 40; edit++) {
				// an edit, then its undo: most keystrokes land in a model that parsed cleanly before
				String edited = random.nextInt(3) == 0 ? edit(start, random) : typo(start, random);
				for (String text : List.of(edited, start)) {
					XtextResource live = parser.parse(text);
					partial += parser.lastWasPartial() ? 1 : 0;
					edits++;
					XtextResource fresh = Ide.parse(text);
					assertEquals(text, live.getParseResult().getRootNode().getText());
					assertEquals(describe(Ide.validate(fresh)), describe(Ide.validate(live)), () -> "issues of:\n" + text);
					assertEquals(tree(fresh), tree(live), () -> "model of:\n" + text);
					assertEquals(fullHighlighting(fresh), fullHighlighting(live), () -> "colours of:\n" + text);
				}
			}
		}
		assertTrue(partial > edits / 4, "only " + partial + " of " + edits + " parses were partial: the test hardly tested it");
		System.out.println("IncrementalAnalysisTest: " + partial + " of " + edits + " parses partial");
	}

	@Test
	void edgeCasesInTurnTheSameAsAFullAnalysis() {
		IncrementalParser parser = Ide.injector().getInstance(IncrementalParser.class);
		IncrementalValidator validator = Ide.injector().getInstance(IncrementalValidator.class);
		IncrementalHighlighter highlighter = Ide.injector().getInstance(IncrementalHighlighter.class);
		IncrementalSymbols symbols = Ide.injector().getInstance(IncrementalSymbols.class);
		List<String> texts = List.of("", "   \n", "// TODO nothing yet\n", "guest a { }", "guest a { }\nguest b {",
				"guest a { }\nguest b { }", "guest a { }\n/* FIXME */ guest b { } guest a { }", "", "}}}{{{",
				"guest a { port p : ipi handler h }\n", "guest a { port p : ipi handler h }\n", "guest a { port p : ipi handler h }");
		for (String text : texts) {
			XtextResource live = parser.parse(text);
			List<String> issues = describe(validator.validate(live, CancelIndicator.NullImpl));
			List<String> colours = highlighter.highlight(live, CancelIndicator.NullImpl).stream()
					.map(r -> r.offset() + "+" + r.length() + " " + r.styleId()).sorted().toList();
			XtextResource fresh = Ide.parse(text);
			assertEquals(text, live.getParseResult().getRootNode().getText());
			assertEquals(describe(Ide.validate(fresh)), issues, () -> "issues of: " + text);
			assertEquals(tree(fresh), tree(live), () -> "model of: " + text);
			assertEquals(fullHighlighting(fresh), colours, () -> "colours of: " + text);
			assertEquals(fullSymbols(fresh), symbols.symbols(live, CancelIndicator.NullImpl), () -> "symbols of: " + text);
		}
	}

	/** A keystroke that keeps the text valid more often than not: a letter typed into or removed from a word. */
	private static String typo(String text, Random random) {
		int at = text.isEmpty() ? 0 : random.nextInt(text.length());
		while (at > 0 && at < text.length() && !Character.isLetterOrDigit(text.charAt(at))) {
			at--;
		}
		if (random.nextBoolean() && at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
			return text.substring(0, at) + text.substring(at + 1);
		}
		return text.substring(0, at) + (char) ('a' + random.nextInt(26)) + text.substring(at);
	}

	/** The model as text: each element's class and attributes, each reference by its target's path (or unresolved). */
	private static String tree(XtextResource resource) {
		StringBuilder sb = new StringBuilder();
		for (EObject root : resource.getContents()) {
			dump(root, "", sb);
		}
		return sb.toString();
	}

	private static void dump(EObject o, String indent, StringBuilder sb) {
		sb.append(indent).append(o.eClass().getName());
		for (EAttribute a : o.eClass().getEAllAttributes()) {
			sb.append(' ').append(a.getName()).append('=').append(o.eGet(a));
		}
		for (EReference r : o.eClass().getEAllReferences()) {
			if (!r.isContainment() && !r.isContainer()) {
				Object target = o.eGet(r, false);
				sb.append(' ').append(r.getName()).append("->").append(target instanceof EObject t
						? t.eIsProxy() ? "unresolved" : EcoreUtil.getURI(t).fragment() : String.valueOf(target));
			}
		}
		sb.append('\n');
		for (EObject child : o.eContents()) {
			dump(child, indent + "  ", sb);
		}
	}

	/** A many-guest model and the examples. */
	private static List<String> startingModels() throws IOException {
		List<String> models = new ArrayList<>();
		models.add(manyGuests(12));
		try (Stream<Path> files = Files.list(Ide.examples())) {
			for (Path p : files.filter(p -> p.toString().endsWith(".xenguest")).sorted().toList()) {
				models.add(Files.readString(p));
			}
		}
		return models;
	}

	/** Guests with every kind of element, each with a few warnings and errors of its own. */
	static String manyGuests(int guests) {
		StringBuilder sb = new StringBuilder();
		for (int g = 0; g < guests; g++) {
			sb.append("// guest ").append(g).append(" TODO check\n");
			sb.append("guest g").append(g).append(" {\n    type pvh\n    vcpus ").append(g % 3 == 0 ? 40 : 4)
					.append("\n    memory 512M\n    grant-table version 1 frames 1\n")
					.append("    port store : xenstore\n    port console : console\n    port t : virq timr\n");
			for (int p = 0; p < 8; p++) {
				sb.append("    port p").append(p).append(" : unbound remote 0 handler on_p").append(p % 6).append('\n');
			}
			sb.append("    port i0 : interdomain remote self port p").append(g % 10).append('\n');
			sb.append("    grant ring[").append(g % 4 == 0 ? 600 : 2).append("] to 0\n");
			sb.append("    xenstore {\n        \"data/k\" = \"v\" watch handler on_k\n    }\n");
			sb.append("    netfront n0 {\n        backend 0\n        port p").append(g % 9).append("\n        rx-ring 256\n")
					.append("        features sg rx-notify bogus\n    }\n}\n\n");
		}
		sb.append("guest g3 { }\n"); // a duplicate guest name: the model's own check
		return sb.toString();
	}

	private static String edit(String text, Random random) {
		int at = text.isEmpty() ? 0 : random.nextInt(text.length());
		return switch (random.nextInt(4)) {
		case 0 -> text.substring(0, at) + TYPED[random.nextInt(TYPED.length)] + text.substring(at);
		case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(3)));
		case 2 -> { // paste a copy of the guest around here at the end, or at the start
			int start = text.lastIndexOf("guest ", at);
			int end = start < 0 ? -1 : text.indexOf("\n}\n", start);
			yield end < 0 ? text : random.nextBoolean() ? text + text.substring(start, end + 3)
					: text.substring(start, end + 3) + text;
		}
		default -> text.substring(0, at) + String.valueOf(text.charAt(Math.max(0, at - 1))) + text.substring(at);
		};
	}

	private static List<DocumentSymbol> fullSymbols(XtextResource resource) {
		return Ide.injector().getInstance(HierarchicalDocumentSymbolService.class).getSymbols(resource,
				CancelIndicator.NullImpl);
	}

	private static List<String> fullHighlighting(XtextResource resource) {
		List<String> ranges = new ArrayList<>();
		Ide.injector().getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
				(offset, length, ids) -> {
					if (length > 0 && ids.length > 0) {
						ranges.add(offset + "+" + length + " " + ids[ids.length - 1]);
					}
				}, CancelIndicator.NullImpl);
		ranges.sort(null);
		return ranges;
	}

	private static List<String> describe(List<Issue> issues) {
		return issues.stream().map(i -> i.getSeverity() + " " + i.getCode() + " @" + i.getOffset() + "+" + i.getLength()
				+ " " + i.getLineNumber() + ":" + i.getColumn() + "-" + i.getLineNumberEnd() + ":" + i.getColumnEnd()
				+ " " + (i.getUriToProblem() == null ? "-" : i.getUriToProblem().fragment()) + " "
				+ Arrays.toString(i.getData()) + " " + i.getType() + " " + i.isSyntaxError() + " " + i.getMessage()).toList();
	}
}
