package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ui.XenguestUiPlugin;

/**
 * Live analysis while the user types: after a short pause the reconciler's own thread parses and
 * validates a snapshot of the text, replaces the problem annotations (squiggles, overview ruler)
 * and hands highlighting and symbols to the UI thread. An edit during the analysis cancels it.
 */
public class XenguestModelReconciler extends MonoReconciler {
	/**
	 * Short enough for markers within a few hundred ms of the last keystroke (80 ms before; 50 saved
	 * about 30 ms to the first colour and marker in EditorBenchmark). Not a compile-time constant,
	 * so the benchmark reports the value in force.
	 */
	public static final int DELAY_MS = Integer.getInteger("xenguest.editor.reconcileDelay", 50);

	private final Strategy strategy;

	public XenguestModelReconciler() {
		this(new Strategy());
	}

	private XenguestModelReconciler(Strategy strategy) {
		super(strategy, false);
		this.strategy = strategy;
		setDelay(DELAY_MS);
	}

	@Override
	public void install(ITextViewer textViewer) {
		strategy.viewer = textViewer;
		strategy.display = Display.getCurrent() != null ? Display.getCurrent() : Display.getDefault();
		EditorSession.of(textViewer);
		super.install(textViewer);
	}

	@Override
	public void uninstall() {
		super.uninstall();
		strategy.dispose();
	}

	private static final class Strategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
		volatile ITextViewer viewer;
		volatile Display display;
		private IDocument document;
		private IProgressMonitor monitor = new NullProgressMonitor();
		private final List<Annotation> shown = new ArrayList<>();
		/**
		 * The model kept across keystrokes: a keystroke re-parses and re-checks what it touched.
		 * Made on the reconciler's thread at its first analysis: the language's injector may not
		 * exist yet, and creating it takes a second the UI thread must not wait.
		 */
		private LiveModel liveModel;
		/** Hides the builder's marker annotations once the live ones show (one problem per diagnostic). */
		private BuilderMarkerHider hider;

		synchronized void dispose() {
			if (hider != null) {
				hider.uninstall();
				hider = null;
			}
		}

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		@Override
		public void setProgressMonitor(IProgressMonitor monitor) {
			this.monitor = monitor;
		}

		@Override
		public void initialReconcile() {
			analyse();
		}

		@Override
		public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
			analyse();
		}

		@Override
		public void reconcile(IRegion partition) {
			analyse();
		}

		private void analyse() {
			IDocument doc = document;
			ITextViewer v = viewer;
			if (doc == null || v == null) {
				return;
			}
			long started = System.nanoTime();
			try {
				long stamp = DocumentStamps.stamp(doc);
				String text = doc.get();
				if (DocumentStamps.stamp(doc) != stamp) {
					return; // changed while copying: the next reconcile takes a clean snapshot
				}
				EditorSession session = EditorSession.of(v);
				Display ui = display;
				if (liveModel == null) {
					liveModel = new LiveModel();
					KeystrokeWarmUp.once(); // beside the session's first analysis, on the other core
				}
				ModelState analysed = ModelState.analyse(liveModel, stamp, text, monitor::isCanceled, started,
						highlights -> {
							if (ui != null && !ui.isDisposed()) {
								ui.asyncExec(() -> session.publishHighlights(stamp, highlights));
							}
						});
				if (analysed == null || monitor.isCanceled()) {
					return;
				}
				if (showAnnotations(v, doc, analysed)) {
					session.annotationsApplied();
				}
				// the outline's symbols after the markers: they take as long as the validation
				ModelState state = session.symbolsWanted() ? analysed.withSymbols(monitor::isCanceled) : analysed;
				if (state == null || monitor.isCanceled()) {
					return;
				}
				Display d = display;
				if (d != null && !d.isDisposed()) {
					d.asyncExec(() -> session.publish(state));
				}
			} catch (RuntimeException e) {
				XenguestUiPlugin.log("analysing the model failed", e);
			}
		}

		/** Replaces the live problem annotations; false if the state was stale or there is no model. */
		private boolean showAnnotations(ITextViewer v, IDocument doc, ModelState state) {
			if (!(v instanceof ISourceViewer sv)) {
				return false;
			}
			IAnnotationModel model = sv.getAnnotationModel();
			if (model == null) {
				return false;
			}
			// one list per place and text: the same problem can be reported twice
			Map<String, java.util.ArrayDeque<Issue>> wanted = new java.util.LinkedHashMap<>();
			Map<String, Position> wantedAt = new HashMap<>();
			for (Issue issue : state.issues()) {
				int offset = issue.getOffset() == null ? 0 : issue.getOffset();
				int length = issue.getLength() == null ? 0 : issue.getLength();
				offset = Math.min(offset, state.text().length());
				length = Math.min(length, state.text().length() - offset);
				XenguestDiagnosticAnnotation a = new XenguestDiagnosticAnnotation(issue);
				String key = key(a.getType(), a.getText(), offset, length);
				wanted.computeIfAbsent(key, k -> new java.util.ArrayDeque<>()).add(issue);
				wantedAt.putIfAbsent(key, new Position(offset, length));
			}
			Object lock = model instanceof org.eclipse.jface.text.ISynchronizable s && s.getLockObject() != null
					? s.getLockObject() : model;
			synchronized (lock) {
				if (DocumentStamps.stamp(doc) != state.stamp()) {
					return false; // stale: offsets would be wrong
				}
				// keep the annotations a problem found again still matches (same place, same text):
				// replacing every one of them repaints every squiggle and the whole overview ruler
				List<Annotation> removed = new ArrayList<>();
				for (Iterator<Annotation> it = shown.iterator(); it.hasNext();) {
					Annotation a = it.next();
					Position p = model.getPosition(a);
					if (p == null) {
						it.remove(); // someone else removed it (e.g. the model was reset)
						continue;
					}
					String key = key(a.getType(), a.getText(), p.getOffset(), p.getLength());
					java.util.ArrayDeque<Issue> same = p.isDeleted() ? null : wanted.get(key);
					Issue again = same == null ? null : same.poll();
					if (again != null && a instanceof XenguestDiagnosticAnnotation d) {
						d.refresh(again);
					} else {
						removed.add(a);
						it.remove();
					}
				}
				Map<Annotation, Position> added = new HashMap<>();
				for (Map.Entry<String, java.util.ArrayDeque<Issue>> e : wanted.entrySet()) {
					Position at = wantedAt.get(e.getKey());
					for (Issue issue : e.getValue()) {
						added.put(new XenguestDiagnosticAnnotation(issue), new Position(at.getOffset(), at.getLength()));
					}
				}
				if (!removed.isEmpty() || !added.isEmpty()) {
					if (model instanceof IAnnotationModelExtension ext) {
						ext.replaceAnnotations(removed.toArray(new Annotation[0]), added);
					} else {
						removed.forEach(model::removeAnnotation);
						added.forEach(model::addAnnotation);
					}
				}
				shown.addAll(added.keySet());
			}
			installHider(model);
			return true;
		}

		private static String key(String type, String text, int offset, int length) {
			return offset + ":" + length + ":" + type + ":" + text;
		}

		private synchronized void installHider(IAnnotationModel model) {
			if (hider == null || hider.model() != model) {
				if (hider != null) {
					hider.uninstall();
				}
				hider = BuilderMarkerHider.install(model);
			}
		}
	}
}
