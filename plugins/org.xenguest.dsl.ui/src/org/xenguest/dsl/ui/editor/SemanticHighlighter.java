package org.xenguest.dsl.ui.editor;

import java.util.List;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextInputListener;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerExtension2;
import org.eclipse.jface.text.ITextViewerExtension4;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.swt.custom.StyleRange;
import org.xenguest.dsl.ui.preferences.XenguestColors;

/**
 * Lays the semantic styles over the lexical ones whenever the viewer computes a presentation.
 * The ranges come from the background analysis; between two analyses they move with the
 * user's edits (a range an edit touches is dropped), so colours never land on the wrong text.
 * UI thread only.
 */
final class SemanticHighlighter implements ITextPresentationListener, IDocumentListener, ITextInputListener {
	private final ITextViewer viewer;
	private int[] offsets = new int[0];
	private int[] lengths = new int[0];
	private String[] styles = new String[0];
	private int count;
	private IDocument document;

	SemanticHighlighter(ITextViewer viewer) {
		this.viewer = viewer;
	}

	void install() {
		if (viewer instanceof ITextViewerExtension4 v) {
			v.addTextPresentationListener(this);
		}
		viewer.addTextInputListener(this);
		listenTo(viewer.getDocument());
	}

	void uninstall() {
		if (viewer instanceof ITextViewerExtension4 v) {
			v.removeTextPresentationListener(this);
		}
		viewer.removeTextInputListener(this);
		listenTo(null);
	}

	private void listenTo(IDocument newDocument) {
		if (document != null) {
			document.removeDocumentListener(this);
		}
		document = newDocument;
		if (document != null) {
			document.addDocumentListener(this);
		}
	}

	/** Replaces the ranges and repaints the part of the text where they differ from the old ones. */
	void update(List<ModelState.HighlightRange> ranges) {
		int n = ranges.size();
		int[] newOffsets = new int[n];
		int[] newLengths = new int[n];
		String[] newStyles = new String[n];
		for (int i = 0; i < n; i++) {
			ModelState.HighlightRange r = ranges.get(i);
			newOffsets[i] = r.offset();
			newLengths[i] = r.length();
			newStyles[i] = r.styleId();
		}
		int first = 0;
		while (first < n && first < count && newOffsets[first] == offsets[first] && newLengths[first] == lengths[first]
				&& newStyles[first].equals(styles[first])) {
			first++;
		}
		int oldLast = count - 1;
		int newLast = n - 1;
		while (oldLast >= first && newLast >= first && newOffsets[newLast] == offsets[oldLast]
				&& newLengths[newLast] == lengths[oldLast] && newStyles[newLast].equals(styles[oldLast])) {
			oldLast--;
			newLast--;
		}
		int start = Integer.MAX_VALUE;
		int end = -1;
		if (first <= oldLast) {
			start = Math.min(start, offsets[first]);
			end = Math.max(end, offsets[oldLast] + lengths[oldLast]);
		}
		if (first <= newLast) {
			start = Math.min(start, newOffsets[first]);
			end = Math.max(end, newOffsets[newLast] + newLengths[newLast]);
		}
		offsets = newOffsets;
		lengths = newLengths;
		styles = newStyles;
		count = n;
		if (end > start && viewer instanceof ITextViewerExtension2 v && viewer.getDocument() != null) {
			int length = Math.min(end, viewer.getDocument().getLength()) - start;
			if (length > 0) {
				v.invalidateTextPresentation(start, length);
			}
		}
	}

	@Override
	public void applyTextPresentation(TextPresentation presentation) {
		IRegion extent = presentation.getExtent();
		int from = extent.getOffset();
		int to = from + extent.getLength();
		// first range that ends after the extent starts
		int lo = 0;
		int hi = count;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (offsets[mid] + lengths[mid] <= from) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		for (int i = lo; i < count && offsets[i] < to; i++) {
			int start = Math.max(from, offsets[i]);
			int end = Math.min(to, offsets[i] + lengths[i]);
			if (end <= start) {
				continue;
			}
			TextAttribute a = (TextAttribute) XenguestColors.token(styles[i]).getData();
			StyleRange range = new StyleRange(start, end - start, a.getForeground(), a.getBackground(), a.getStyle());
			presentation.mergeStyleRange(range);
		}
	}

	@Override
	public void documentAboutToBeChanged(DocumentEvent event) {
	}

	@Override
	public void documentChanged(DocumentEvent event) {
		int changeStart = event.getOffset();
		int changeEnd = changeStart + event.getLength();
		int delta = (event.getText() == null ? 0 : event.getText().length()) - event.getLength();
		int w = 0;
		for (int i = 0; i < count; i++) {
			int start = offsets[i];
			int length = lengths[i];
			String style = styles[i];
			int end = start + length;
			if (end < changeStart) {
				// before the edit: unchanged
			} else if (start > changeEnd) {
				start += delta;
			} else {
				continue; // the edit touches this range: its style is unknown until the next analysis
			}
			offsets[w] = start;
			lengths[w] = length;
			styles[w] = style;
			w++;
		}
		count = w;
	}

	@Override
	public void inputDocumentAboutToBeChanged(IDocument oldInput, IDocument newInput) {
		listenTo(null);
	}

	@Override
	public void inputDocumentChanged(IDocument oldInput, IDocument newInput) {
		count = 0;
		listenTo(newInput);
	}
}
