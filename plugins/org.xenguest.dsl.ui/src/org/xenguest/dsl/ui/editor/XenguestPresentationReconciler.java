package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.xenguest.dsl.ui.preferences.XenguestColors;
import org.xenguest.dsl.ui.preferences.XenguestStyles;

/**
 * Lexical highlighting per partition, plus the semantic layer ({@link SemanticHighlighter})
 * installed on the same viewer: the lexical colours appear synchronously, the semantic ones
 * when the background reconciler has analysed the text.
 */
public class XenguestPresentationReconciler extends PresentationReconciler {
	private final Runnable repaint = this::repaint;
	private ITextViewer viewer;

	public XenguestPresentationReconciler() {
		setDocumentPartitioning(XenguestDocumentSetup.PARTITIONING);
		DefaultDamagerRepairer code = new DefaultDamagerRepairer(new XenguestTokenScanner());
		setDamager(code, IDocument.DEFAULT_CONTENT_TYPE);
		setRepairer(code, IDocument.DEFAULT_CONTENT_TYPE);
		DefaultDamagerRepairer comment = new DefaultDamagerRepairer(
				new SingleTokenScanner(XenguestColors.token(XenguestStyles.COMMENT)));
		setDamager(comment, XenguestDocumentSetup.COMMENT);
		setRepairer(comment, XenguestDocumentSetup.COMMENT);
		DefaultDamagerRepairer string = new DefaultDamagerRepairer(
				new SingleTokenScanner(XenguestColors.token(XenguestStyles.STRING)));
		setDamager(string, XenguestDocumentSetup.STRING);
		setRepairer(string, XenguestDocumentSetup.STRING);
	}

	@Override
	public void install(ITextViewer textViewer) {
		super.install(textViewer);
		viewer = textViewer;
		EditorSession.of(textViewer).highlighter().install();
		XenguestColors.addChangeListener(repaint);
	}

	@Override
	public void uninstall() {
		XenguestColors.removeChangeListener(repaint);
		if (viewer != null) {
			EditorSession.of(viewer).highlighter().uninstall();
			EditorSession.dispose(viewer);
		}
		super.uninstall();
	}

	private void repaint() {
		if (viewer != null && viewer.getTextWidget() != null && !viewer.getTextWidget().isDisposed()) {
			viewer.invalidateTextPresentation();
		}
	}
}
