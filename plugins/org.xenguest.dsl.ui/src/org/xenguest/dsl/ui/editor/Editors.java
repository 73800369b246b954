package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;

/** Finding the document and viewer behind a .xenguest editor part. */
public final class Editors {
	private Editors() {
	}

	public static ITextEditor textEditor(IEditorPart part) {
		if (part instanceof ITextEditor e) {
			return e;
		}
		return part == null ? null : part.getAdapter(ITextEditor.class);
	}

	public static IDocument document(ITextEditor editor) {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	public static ITextViewer viewer(ITextEditor editor) {
		return editor.getAdapter(ITextViewer.class);
	}

	public static boolean isModel(ITextEditor editor) {
		return editor != null && editor.getEditorInput() != null
				&& editor.getEditorInput().getName().endsWith(".xenguest");
	}
}
