package org.xenguest.dsl.ui.editor;

import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.DocumentRewriteSessionEvent;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.IDocumentRewriteSessionListener;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextInputListener;
import org.eclipse.jface.text.ITextListener;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerExtension2;
import org.eclipse.jface.text.ITextViewerExtension4;
import org.eclipse.jface.text.IViewportListener;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextEvent;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.events.PaintListener;
import org.xenguest.dsl.ui.preferences.XenguestColors;
import org.xenguest.dsl.ide.incremental.IncrementalHighlighter;

/**
 * Lays the semantic styles over the lexical ones whenever the viewer computes a presentation.
 * The ranges come from the background analysis; between two analyses they move with the
 * user's edits (a range an edit touches is dropped), so colours never land on the wrong text.
 * A new analysis repaints only where its ranges differ, and only near the visible lines; the rest
 * is repainted when it scrolls into view. UI thread only.
 */
final class SemanticHighlighter implements ITextPresentationListener, IDocumentListener, ITextInputListener,
		IViewportListener, ITextListener, PaintListener, IDocumentRewriteSessionListener {
	private final ITextViewer viewer;
	private int[] offsets = new int[0];
	private int[] lengths = new int[0];
	private String[] styles = new String[0];
	private int count;
	private IDocument document;
	/** Text whose painted semantic colours may differ from the ranges (model offsets). */
	private final Intervals stale = new Intervals();
	private boolean catchingUp;
	private boolean catchUpPosted;
	private int paintedTop = -1;
	private int paintedHeight = -1;
	private StyledText paintedOn;
	/** Inside a document rewrite session: edits are not followed (see documentRewriteSessionChanged). */
	private boolean rewriting;

	SemanticHighlighter(ITextViewer viewer) {
		this.viewer = viewer;
	}

	void install() {
		if (viewer instanceof ITextViewerExtension4 v) {
			v.addTextPresentationListener(this);
		}
		viewer.addTextInputListener(this);
		viewer.addViewportListener(this);
		viewer.addTextListener(this);
		paintedOn = viewer.getTextWidget();
		if (paintedOn != null) {
			paintedOn.addPaintListener(this);
		}
		listenTo(viewer.getDocument());
	}

	void uninstall() {
		if (viewer instanceof ITextViewerExtension4 v) {
			v.removeTextPresentationListener(this);
		}
		viewer.removeTextInputListener(this);
		viewer.removeViewportListener(this);
		viewer.removeTextListener(this);
		if (paintedOn != null && !paintedOn.isDisposed()) {
			paintedOn.removePaintListener(this);
		}
		paintedOn = null;
		listenTo(null);
	}

	private void listenTo(IDocument newDocument) {
		if (document != null) {
			document.removeDocumentListener(this);
			if (document instanceof IDocumentExtension4 d) {
				d.removeDocumentRewriteSessionListener(this);
			}
		}
		document = newDocument;
		rewriting = false;
		if (document != null) {
			document.addDocumentListener(this);
			if (document instanceof IDocumentExtension4 d) {
				d.addDocumentRewriteSessionListener(this);
			}
		}
	}

	/**
	 * Replaces the ranges. Only the ranges that differ from the old ones are repainted, and of
	 * those only the ones in or near the visible lines; the rest is remembered as stale and
	 * repainted when it scrolls into view ({@link #catchUp()}).
	 */
	void update(List<IncrementalHighlighter.Range> ranges) {
		int n = ranges.size();
		int[] newOffsets = new int[n];
		int[] newLengths = new int[n];
		String[] newStyles = new String[n];
		for (int i = 0; i < n; i++) {
			IncrementalHighlighter.Range r = ranges.get(i);
			newOffsets[i] = r.offset();
			newLengths[i] = r.length();
			newStyles[i] = r.styleId();
		}
		// merge walk over both sorted lists: every range only in one of them is a change
		int i = 0;
		int j = 0;
		while (i < count || j < n) {
			if (i < count && j < n && offsets[i] == newOffsets[j] && lengths[i] == newLengths[j]
					&& styles[i].equals(newStyles[j])) {
				i++;
				j++;
			} else if (j >= n || (i < count && offsets[i] < newOffsets[j])) {
				stale.add(offsets[i], offsets[i] + lengths[i]);
				i++;
			} else if (i >= count || newOffsets[j] < offsets[i]) {
				stale.add(newOffsets[j], newOffsets[j] + newLengths[j]);
				j++;
			} else { // same start, other length or style
				stale.add(offsets[i], Math.max(offsets[i] + lengths[i], newOffsets[j] + newLengths[j]));
				i++;
				j++;
			}
		}
		offsets = newOffsets;
		lengths = newLengths;
		styles = newStyles;
		count = n;
		catchUp();
	}

	/** True if some text has semantic colours older than the latest analysis (for tests). */
	boolean hasStaleText() {
		return !stale.isEmpty();
	}

	/**
	 * Repaints the stale text in and near the visible lines: one screen above and below, so short
	 * scrolls find their colours already there.
	 */
	void catchUp() {
		if (catchingUp || stale.isEmpty() || !(viewer instanceof ITextViewerExtension2 v)) {
			return;
		}
		IDocument doc = viewer.getDocument();
		StyledText widget = viewer.getTextWidget();
		if (doc == null || widget == null || widget.isDisposed() || widget.getClientArea().height <= 0) {
			return; // not laid out yet: its "visible lines" would be all of them; the first paint catches up
		}
		int from;
		int to;
		try {
			int top = viewer.getTopIndex();
			int bottom = viewer.getBottomIndex();
			if (top < 0 || bottom < top) {
				return;
			}
			int page = Math.max(bottom - top + 1, 20);
			int lines = doc.getNumberOfLines();
			from = doc.getLineOffset(Math.max(0, top - page));
			IRegion last = doc.getLineInformation(Math.min(lines - 1, bottom + page));
			to = last.getOffset() + last.getLength();
		} catch (BadLocationException e) {
			return;
		}
		int[] span = stale.take(from, to);
		if (span == null) {
			return;
		}
		int start = Math.max(0, span[0]);
		int end = Math.min(span[1], doc.getLength());
		if (end > start) {
			catchingUp = true;
			try {
				v.invalidateTextPresentation(start, end - start);
			} finally {
				catchingUp = false;
			}
		}
	}

	@Override
	public void viewportChanged(int verticalOffset) {
		catchUp();
	}

	@Override
	public void textChanged(TextEvent event) {
		if (event.getDocumentEvent() == null) {
			catchUp(); // e.g. a fold expanded or collapsed: other lines in view
		}
	}

	@Override
	public void paintControl(PaintEvent e) {
		// scrolled some other way (e.g. StyledText.setTopIndex): catch up after this paint
		StyledText widget = viewer.getTextWidget();
		if (!stale.isEmpty() && !catchUpPosted && widget != null
				&& (widget.getTopIndex() != paintedTop || widget.getClientArea().height != paintedHeight)) {
			paintedTop = widget.getTopIndex();
			paintedHeight = widget.getClientArea().height;
			catchUpPosted = true;
			widget.getDisplay().asyncExec(() -> {
				catchUpPosted = false;
				if (!widget.isDisposed()) {
					catchUp();
				}
			});
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

	/**
	 * A rewrite session (the formatter's thousands of edits) drops every range at its start and
	 * follows none of its edits: each would cost a pass over all ranges. The next analysis, after
	 * the session, brings the colours back.
	 */
	@Override
	public void documentRewriteSessionChanged(DocumentRewriteSessionEvent event) {
		rewriting = event.getChangeType() == DocumentRewriteSessionEvent.SESSION_START;
		if (rewriting) {
			count = 0;
			stale.clear();
		}
	}

	@Override
	public void documentChanged(DocumentEvent event) {
		if (rewriting) {
			return;
		}
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
		stale.shift(changeStart, changeEnd, delta);
	}

	@Override
	public void inputDocumentAboutToBeChanged(IDocument oldInput, IDocument newInput) {
		listenTo(null);
	}

	@Override
	public void inputDocumentChanged(IDocument oldInput, IDocument newInput) {
		count = 0;
		stale.clear();
		listenTo(newInput);
	}
}
