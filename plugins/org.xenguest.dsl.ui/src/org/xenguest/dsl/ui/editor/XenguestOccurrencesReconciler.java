package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.viewers.IPostSelectionProvider;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.SelectionChangedEvent;

/**
 * Marks the occurrences of the name under the caret, in place of the generic editor's default,
 * which marks every occurrence of any word: with the caret on a keyword such as {@code port} that
 * is thousands of marks in a long model, all repainted in the overview ruler on every keystroke.
 * Keywords and numbers are not marked; the marks are replaced only when the word or its places
 * change. UI thread.
 */
public class XenguestOccurrencesReconciler implements IReconciler {
	/** The generic editor's own occurrence type, so the marks look the same. */
	public static final String TYPE = "org.eclipse.ui.genericeditor.text";

	private ITextViewer viewer;
	private final ISelectionChangedListener listener = this::selectionChanged;
	private Annotation[] shown = new Annotation[0];
	private String shownKey = "";

	@Override
	public void install(ITextViewer textViewer) {
		viewer = textViewer;
		if (viewer instanceof IPostSelectionProvider p) {
			p.addPostSelectionChangedListener(listener);
		}
	}

	@Override
	public void uninstall() {
		if (viewer instanceof IPostSelectionProvider p) {
			p.removePostSelectionChangedListener(listener);
		}
		viewer = null;
	}

	@Override
	public IReconcilingStrategy getReconcilingStrategy(String contentType) {
		return null;
	}

	private void selectionChanged(SelectionChangedEvent event) {
		if (!(viewer instanceof ISourceViewer sv) || !(event.getSelection() instanceof ITextSelection sel)) {
			return;
		}
		IAnnotationModel model = sv.getAnnotationModel();
		IDocument document = viewer.getDocument();
		if (model == null || document == null) {
			return;
		}
		String text = document.get();
		String word = wordAt(text, sel.getOffset());
		List<Position> places = word == null ? List.of() : occurrences(text, word);
		StringBuilder key = new StringBuilder(word == null ? "" : word);
		for (Position p : places) {
			key.append(',').append(p.getOffset());
		}
		if (key.toString().equals(shownKey)) {
			return; // the same marks
		}
		shownKey = key.toString();
		Map<Annotation, Position> added = new HashMap<>();
		for (Position p : places) {
			added.put(new Annotation(TYPE, false, word), p);
		}
		if (model instanceof IAnnotationModelExtension ext) {
			ext.replaceAnnotations(shown, added);
		} else {
			for (Annotation a : shown) {
				model.removeAnnotation(a);
			}
			added.forEach(model::addAnnotation);
		}
		shown = added.keySet().toArray(new Annotation[0]);
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-';
	}

	/** The name at {@code offset}, or null for none, a keyword or a number. */
	static String wordAt(String text, int offset) {
		int start = Math.min(offset, text.length());
		while (start > 0 && isWordChar(text.charAt(start - 1))) {
			start--;
		}
		int end = Math.min(offset, text.length());
		while (end < text.length() && isWordChar(text.charAt(end))) {
			end++;
		}
		if (end <= start) {
			return null;
		}
		String word = text.substring(start, end);
		if (XenguestTokenScanner.KEYWORDS.contains(word) || Character.isDigit(word.charAt(0))) {
			return null;
		}
		return word;
	}

	static List<Position> occurrences(String text, String word) {
		List<Position> places = new ArrayList<>();
		for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
			boolean before = i == 0 || !isWordChar(text.charAt(i - 1));
			int end = i + word.length();
			boolean after = end == text.length() || !isWordChar(text.charAt(end));
			if (before && after) {
				places.add(new Position(i, word.length()));
			}
		}
		return places;
	}
}
