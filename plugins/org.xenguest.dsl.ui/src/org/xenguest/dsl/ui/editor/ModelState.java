package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledError;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ide.incremental.IncrementalHighlighter.Range;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * What the background analysis knows about one version of a document: its issues, semantic
 * highlighting and document symbols. Immutable once built; built off the UI thread.
 *
 * @param stamp the document's modification stamp the text was taken at
 */
public record ModelState(long stamp, String text, LiveModel model, List<Issue> issues,
		List<Range> highlights, List<DocumentSymbol> symbols, long startedNanos, Phases phases) {

	/**
	 * Milliseconds each step of the analysis took, whether the parse was partial, and how many
	 * guests' colours and issues were taken over from the previous analysis (for the benchmark).
	 */
	public record Phases(double parse, boolean partialParse, double highlight, double validate, int guestsReused,
			long finishedNanos) {
	}

	private static final OperationCanceledManager CANCELS = new OperationCanceledManager();

	/** The document symbols; computed now (on the caller's thread) if the analysis skipped them. */
	public List<DocumentSymbol> symbols() {
		return symbols != null ? symbols : read(r -> symbolsOf(r, CancelIndicator.NullImpl));
	}

	/**
	 * {@code reader} applied to the model of this state's text (the editor's live model while it
	 * is still at this text, else one parsed for the purpose). It may wait for a running analysis.
	 */
	public <T> T read(Function<XtextResource, T> reader) {
		return model.read(stamp, text, reader);
	}

	private static List<DocumentSymbol> symbolsOf(XtextResource resource, CancelIndicator cancel) {
		return XenguestLanguage.injector().getInstance(HierarchicalDocumentSymbolService.class).getSymbols(resource, cancel);
	}

	/**
	 * Reconciler thread: this state with its document symbols (an outline is showing); null if
	 * cancelled on the way or the model has moved on.
	 */
	ModelState withSymbols(CancelIndicator cancel) {
		return nullIfCancelled(() -> {
			List<DocumentSymbol> computed = model.symbols(stamp, cancel);
			return computed == null || cancel.isCanceled() ? null
					: new ModelState(stamp, text, model, issues, highlights, computed, startedNanos, phases);
		});
	}

	/**
	 * Parses (partially, where Xtext can), validates and analyses {@code text}, re-checking only
	 * the guests that changed since {@code model}'s last analysis; returns null if cancelled on
	 * the way. No symbols: most keystrokes do not need them (see {@link #withSymbols}).
	 */
	static ModelState analyse(LiveModel model, long stamp, String text, CancelIndicator cancel, long startedNanos,
			Consumer<List<Range>> highlightsReady) {
		long t0 = System.nanoTime();
		return nullIfCancelled(() -> model.update(stamp, text, tools -> {
			long t1 = System.nanoTime();
			if (cancel.isCanceled()) {
				return null;
			}
			List<Range> highlights = new ArrayList<>(tools.highlighter().highlight(tools.resource(), cancel));
			highlights.sort(Comparator.comparingInt(Range::offset));
			long t2 = System.nanoTime();
			if (cancel.isCanceled()) {
				return null;
			}
			// colours need no validation: show them while the validator runs
			highlightsReady.accept(List.copyOf(highlights));
			List<Issue> issues = tools.validator().validate(tools.resource(), cancel);
			long t3 = System.nanoTime();
			if (cancel.isCanceled()) {
				return null;
			}
			return new ModelState(stamp, text, model, List.copyOf(issues), List.copyOf(highlights), null, startedNanos,
					new Phases((t1 - t0) / 1e6, tools.partial(), (t2 - t1) / 1e6, (t3 - t2) / 1e6,
							tools.validator().lastReused(), t3));
		}));
	}

	/** {@code work}'s result, or null if Xtext gave up because the user typed on (the next analysis takes over). */
	private static ModelState nullIfCancelled(java.util.function.Supplier<ModelState> work) {
		try {
			return work.get();
		} catch (RuntimeException | OperationCanceledError e) {
			if (CANCELS.isOperationCanceledException(e)) {
				return null;
			}
			throw e;
		}
	}
}
