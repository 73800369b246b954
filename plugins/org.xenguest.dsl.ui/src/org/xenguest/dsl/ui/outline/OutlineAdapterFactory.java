package org.xenguest.dsl.ui.outline;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.xenguest.dsl.ui.editor.EditorSession;
import org.xenguest.dsl.ui.editor.Editors;

/** Gives the generic editor an outline page when it shows a .xenguest model. */
public class OutlineAdapterFactory implements IAdapterFactory {

	@Override
	public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
		if (adapterType == IContentOutlinePage.class && adaptable instanceof ITextEditor editor && Editors.isModel(editor)) {
			ITextViewer viewer = Editors.viewer(editor);
			if (viewer != null) {
				return adapterType.cast(new XenguestOutlinePage(editor, EditorSession.of(viewer)));
			}
		}
		return null;
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { IContentOutlinePage.class };
	}
}
