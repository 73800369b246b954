package org.xenguest.dsl.ui.editor;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.swt.widgets.Display;
import org.xenguest.dsl.ide.incremental.IncrementalHighlighter;

/**
 * What the parts of one open editor share: the semantic highlighter and the latest analysed
 * {@link ModelState} (for the outline, quick outline, hover and tests). Keyed by the viewer,
 * because the generic editor hands each extension the viewer, not the editor.
 */
public final class EditorSession {
	private static final Map<ITextViewer, EditorSession> SESSIONS = new WeakHashMap<>();

	private final ITextViewer viewer;
	private final SemanticHighlighter highlighter;
	private final List<Consumer<ModelState>> listeners = new CopyOnWriteArrayList<>();
	private volatile ModelState state;
	private volatile long annotationsAppliedNanos;
	private volatile long highlightsAppliedNanos;
	private final java.util.concurrent.atomic.AtomicInteger symbolUsers = new java.util.concurrent.atomic.AtomicInteger();

	private EditorSession(ITextViewer viewer) {
		this.viewer = viewer;
		this.highlighter = new SemanticHighlighter(viewer);
	}

	public static synchronized EditorSession of(ITextViewer viewer) {
		return SESSIONS.computeIfAbsent(viewer, EditorSession::new);
	}

	/** The session of the viewer showing {@code document}, or null. */
	public static synchronized EditorSession forDocument(IDocument document) {
		for (Map.Entry<ITextViewer, EditorSession> e : SESSIONS.entrySet()) {
			if (e.getKey().getDocument() == document) {
				return e.getValue();
			}
		}
		return null;
	}

	static synchronized void dispose(ITextViewer viewer) {
		SESSIONS.remove(viewer);
	}

	public ITextViewer viewer() {
		return viewer;
	}

	SemanticHighlighter highlighter() {
		return highlighter;
	}

	/** The latest analysis, or null before the first one finished. */
	public ModelState state() {
		return state;
	}

	/** Called on the UI thread after each analysis has been applied (markers and highlighting). */
	public void addListener(Consumer<ModelState> listener) {
		listeners.add(listener);
	}

	public void removeListener(Consumer<ModelState> listener) {
		listeners.remove(listener);
	}

	/** System.nanoTime() when the reconciler last replaced the problem annotations (for the benchmark). */
	public long annotationsAppliedNanos() {
		return annotationsAppliedNanos;
	}

	void annotationsApplied() {
		annotationsAppliedNanos = System.nanoTime();
	}

	/** An outline shows the symbols: the analysis computes them while this is on. */
	public void useSymbols(boolean use) {
		if (use) {
			symbolUsers.incrementAndGet();
		} else {
			symbolUsers.decrementAndGet();
		}
	}

	boolean symbolsWanted() {
		return symbolUsers.get() > 0;
	}

	/** UI thread: the semantic colours of the text at {@code stamp}, ahead of the validation. */
	void publishHighlights(long stamp, List<IncrementalHighlighter.Range> highlights) {
		if (viewer.getTextWidget() == null || viewer.getTextWidget().isDisposed()
				|| DocumentStamps.stamp(viewer.getDocument()) != stamp) {
			return;
		}
		highlighter.update(highlights);
		highlightsAppliedNanos = System.nanoTime();
	}

	/** System.nanoTime() when semantic colours were last applied (for the benchmark). */
	public long highlightsAppliedNanos() {
		return highlightsAppliedNanos;
	}

	/** UI thread: show {@code newState} if the document has not changed since it was taken. */
	void publish(ModelState newState) {
		if (viewer.getTextWidget() == null || viewer.getTextWidget().isDisposed()) {
			return;
		}
		if (DocumentStamps.stamp(viewer.getDocument()) != newState.stamp()) {
			return; // a newer reconcile is on its way
		}
		state = newState;
		highlighter.update(newState.highlights()); // usually a no-op: the same ranges came ahead
		listeners.forEach(l -> l.accept(newState));
	}

	static Display display() {
		return Display.getDefault();
	}
}
