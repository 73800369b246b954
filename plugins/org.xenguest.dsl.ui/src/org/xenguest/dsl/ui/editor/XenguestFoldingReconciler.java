package org.xenguest.dsl.ui.editor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Folding of every brace block and block comment that spans more than one line. Lexical (no
 * parse), so it works on broken models too; runs on the reconciler thread. Folds that survive an
 * edit keep their collapsed state.
 */
public class XenguestFoldingReconciler extends MonoReconciler {
	private final Strategy strategy;

	public XenguestFoldingReconciler() {
		this(new Strategy());
	}

	private XenguestFoldingReconciler(Strategy strategy) {
		super(strategy, false);
		this.strategy = strategy;
		setDelay(300);
	}

	@Override
	public void install(ITextViewer textViewer) {
		strategy.viewer = textViewer;
		super.install(textViewer);
	}

	/** Start and end offsets of the foldable regions, whole lines. */
	static List<Position> foldableRegions(IDocument document) throws BadLocationException {
		String text = document.get();
		List<int[]> blocks = new ArrayList<>();
		Deque<Integer> open = new ArrayDeque<>();
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
				while (i < n && text.charAt(i) != '\n') {
					i++;
				}
			} else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
				int end = text.indexOf("*/", i + 2);
				end = end < 0 ? n : end + 2;
				blocks.add(new int[] { i, end });
				i = end - 1;
			} else if (c == '"' || c == '\'') {
				i++;
				while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
					if (text.charAt(i) == '\\') {
						i++;
					}
					i++;
				}
			} else if (c == '{') {
				open.push(i);
			} else if (c == '}' && !open.isEmpty()) {
				blocks.add(new int[] { open.pop(), i + 1 });
			}
		}
		List<Position> regions = new ArrayList<>();
		for (int[] b : blocks) {
			int startLine = document.getLineOfOffset(b[0]);
			int endLine = document.getLineOfOffset(Math.min(b[1], document.getLength()));
			if (endLine > startLine) {
				int start = document.getLineOffset(startLine);
				IRegion last = document.getLineInformation(endLine);
				int end = endLine + 1 < document.getNumberOfLines() ? document.getLineOffset(endLine + 1)
						: last.getOffset() + last.getLength();
				regions.add(new Position(start, end - start));
			}
		}
		return regions;
	}

	private static final class Strategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
		volatile ITextViewer viewer;
		private IDocument document;

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		@Override
		public void setProgressMonitor(IProgressMonitor monitor) {
		}

		@Override
		public void initialReconcile() {
			update();
		}

		@Override
		public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
			update();
		}

		@Override
		public void reconcile(IRegion partition) {
			update();
		}

		private void update() {
			if (!(viewer instanceof ProjectionViewer pv) || document == null) {
				return;
			}
			ProjectionAnnotationModel model = pv.getProjectionAnnotationModel();
			if (model == null) {
				return;
			}
			List<Position> wanted;
			try {
				wanted = foldableRegions(document);
			} catch (BadLocationException e) {
				return; // the document changed under us; the next reconcile catches up
			}
			Map<Position, Annotation> existing = new HashMap<>();
			for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
				Annotation a = it.next();
				Position p = model.getPosition(a);
				if (p != null && a instanceof ProjectionAnnotation) {
					existing.put(new Position(p.getOffset(), p.getLength()), a);
				}
			}
			Map<Annotation, Position> additions = new HashMap<>();
			for (Position p : wanted) {
				if (existing.remove(p) == null) {
					additions.put(new ProjectionAnnotation(), p);
				}
			}
			if (!existing.isEmpty() || !additions.isEmpty()) { // no event (and no UI work) when nothing changed
				model.modifyAnnotations(existing.values().toArray(new Annotation[0]), additions, null);
			}
		}
	}
}
