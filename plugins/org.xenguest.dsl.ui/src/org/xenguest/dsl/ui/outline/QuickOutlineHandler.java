package org.xenguest.dsl.ui.outline;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.xenguest.dsl.ui.editor.EditorSession;
import org.xenguest.dsl.ui.editor.Editors;

/** Ctrl+O: the model's symbols in a filterable pop-up over the editor. */
public class QuickOutlineHandler extends AbstractHandler {
	@Override
	public Object execute(ExecutionEvent event) {
		ITextEditor editor = Editors.textEditor(HandlerUtil.getActiveEditor(event));
		ITextViewer viewer = editor == null ? null : Editors.viewer(editor);
		if (viewer != null) {
			new QuickOutlinePopup(HandlerUtil.getActiveShell(event), editor, EditorSession.of(viewer)).open();
		}
		return null;
	}
}
