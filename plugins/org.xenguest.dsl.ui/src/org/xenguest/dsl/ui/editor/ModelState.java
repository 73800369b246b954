package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * What the background analysis knows about one version of a document: its issues, semantic
 * highlighting and document symbols. Immutable once built; built off the UI thread.
 *
 * @param stamp the document's modification stamp the text was taken at
 */
public record ModelState(long stamp, String text, XtextResource resource, List<Issue> issues,
		List<HighlightRange> highlights, List<DocumentSymbol> symbols, long startedNanos, Phases phases) {

	/** Milliseconds each step of the analysis took (for the benchmark). */
	public record Phases(double parse, double highlight, double validate, double symbols) {
	}

	/** The document symbols; computed now (on the caller's thread) if the analysis skipped them. */
	public List<DocumentSymbol> symbols() {
		return symbols != null ? symbols : symbolsOf(resource, CancelIndicator.NullImpl);
	}

	private static List<DocumentSymbol> symbolsOf(XtextResource resource, CancelIndicator cancel) {
		return XenguestLanguage.injector().getInstance(HierarchicalDocumentSymbolService.class).getSymbols(resource, cancel);
	}

	/** One semantically highlighted range (model offsets). */
	public record HighlightRange(int offset, int length, String styleId) {
	}

	/**
	 * Parses, validates and analyses {@code text}; returns null if cancelled on the way. Symbols
	 * are computed only {@code withSymbols} (an outline is showing): most keystrokes do not need them.
	 */
	public static ModelState analyse(long stamp, String text, CancelIndicator cancel, long startedNanos,
			boolean withSymbols, java.util.function.Consumer<List<HighlightRange>> highlightsReady) {
		long t0 = System.nanoTime();
		XtextResource resource = XenguestLanguage.parse(null, text);
		long t1 = System.nanoTime();
		if (cancel.isCanceled()) {
			return null;
		}
		List<HighlightRange> highlights = new ArrayList<>();
		XenguestLanguage.injector().getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
				(offset, length, ids) -> {
					if (length > 0 && ids.length > 0) {
						highlights.add(new HighlightRange(offset, length, ids[ids.length - 1]));
					}
				}, cancel);
		highlights.sort(Comparator.comparingInt(HighlightRange::offset));
		long t2 = System.nanoTime();
		if (cancel.isCanceled()) {
			return null;
		}
		// colours need no validation: show them while the validator runs
		highlightsReady.accept(List.copyOf(highlights));
		List<Issue> issues = XenguestLanguage.validate(resource, cancel);
		long t3 = System.nanoTime();
		if (cancel.isCanceled()) {
			return null;
		}
		List<DocumentSymbol> symbols = withSymbols ? symbolsOf(resource, cancel) : null;
		long t4 = System.nanoTime();
		return new ModelState(stamp, text, resource, List.copyOf(issues), List.copyOf(highlights), symbols,
				startedNanos, new Phases((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6));
	}
}
