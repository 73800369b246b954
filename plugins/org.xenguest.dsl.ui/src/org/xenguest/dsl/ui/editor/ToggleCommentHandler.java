package org.xenguest.dsl.ui.editor;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.texteditor.ITextEditorExtension2;

/** Ctrl+/: comments the selected lines with "//", or uncomments them if all are commented. */
public class ToggleCommentHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		ITextEditor editor = Editors.textEditor(HandlerUtil.getActiveEditor(event));
		if (editor == null || (editor instanceof ITextEditorExtension2 e && !e.validateEditorInputState())) {
			return null;
		}
		ITextSelection selection = (ITextSelection) editor.getSelectionProvider().getSelection();
		try {
			toggle(Editors.document(editor), selection.getOffset(), selection.getLength());
		} catch (BadLocationException e) {
			// the selection was outside the document: nothing to toggle
		}
		return null;
	}

	/** Toggles line comments on the lines the range [offset, offset+length) touches. */
	public static void toggle(IDocument document, int offset, int length) throws BadLocationException {
		int first = document.getLineOfOffset(offset);
		int last = document.getLineOfOffset(offset + length);
		// a selection that ends at the start of a line does not include that line
		if (length > 0 && last > first && document.getLineOffset(last) == offset + length) {
			last--;
		}
		boolean allCommented = true;
		for (int line = first; line <= last; line++) {
			String text = lineText(document, line);
			if (!text.isBlank() && !text.stripLeading().startsWith("//")) {
				allCommented = false;
			}
		}
		// bottom-up so that earlier offsets stay valid
		for (int line = last; line >= first; line--) {
			IRegion info = document.getLineInformation(line);
			String text = lineText(document, line);
			if (allCommented) {
				int at = text.indexOf("//");
				if (at >= 0) {
					document.replace(info.getOffset() + at, 2, "");
				}
			} else {
				document.replace(info.getOffset(), 0, "//");
			}
		}
	}

	private static String lineText(IDocument document, int line) throws BadLocationException {
		IRegion info = document.getLineInformation(line);
		return document.get(info.getOffset(), info.getLength());
	}
}
