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
		List<HighlightRange> highlights, List<DocumentSymbol> symbols, long startedNanos) {

	/** One semantically highlighted range (model offsets). */
	public record HighlightRange(int offset, int length, String styleId) {
	}

	/** Parses, validates and analyses {@code text}; returns null if cancelled on the way. */
	public static ModelState analyse(long stamp, String text, CancelIndicator cancel, long startedNanos) {
		XtextResource resource = XenguestLanguage.parse(null, text);
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
		if (cancel.isCanceled()) {
			return null;
		}
		List<Issue> issues = XenguestLanguage.validate(resource, cancel);
		if (cancel.isCanceled()) {
			return null;
		}
		List<DocumentSymbol> symbols = XenguestLanguage.injector().getInstance(HierarchicalDocumentSymbolService.class)
				.getSymbols(resource, cancel);
		return new ModelState(stamp, text, resource, List.copyOf(issues), List.copyOf(highlights), symbols,
				startedNanos);
	}
}
