package org.xenguest.dsl.ui.outline;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.xenguest.dsl.ui.editor.EditorSession;
import org.xenguest.dsl.ui.editor.ModelState;

/**
 * The Outline view of a model: the document symbols of the latest analysis, refreshed as the user
 * types. The tree is rebuilt only when the symbols' names or kinds changed: most keystrokes (a
 * value, a comment, white space) only move ranges, and rebuilding thousands of items for them
 * kept the UI thread busy.
 */
public class XenguestOutlinePage extends ContentOutlinePage {
	private final ITextEditor editor;
	private final EditorSession session;
	private final Consumer<ModelState> refresh = this::show;
	/** The symbols the tree was built from, and the latest ones (of the same shape, possibly other ranges). */
	private List<DocumentSymbol> shown;
	private List<DocumentSymbol> current;

	public XenguestOutlinePage(ITextEditor editor, EditorSession session) {
		this.editor = editor;
		this.session = session;
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		TreeViewer viewer = getTreeViewer();
		viewer.setContentProvider(new SymbolTree.Content());
		viewer.setLabelProvider(new SymbolTree.Labels());
		viewer.setAutoExpandLevel(2);
		session.addListener(refresh);
		session.useSymbols(true);
		if (session.state() != null) {
			show(session.state());
		}
	}

	private void show(ModelState state) {
		TreeViewer viewer = getTreeViewer();
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		List<DocumentSymbol> symbols = state.symbols();
		current = symbols;
		if (shown != null && SymbolTree.sameShape(shown, symbols)) {
			return; // same names and kinds in the same places: the tree stays, reveal maps into the new symbols
		}
		shown = symbols;
		Object[] expanded = viewer.getExpandedElements();
		viewer.setInput(symbols);
		if (expanded.length > 0) {
			viewer.expandToLevel(2);
		}
	}

	public List<DocumentSymbol> symbols() {
		ModelState state = session.state();
		return state == null ? List.of() : state.symbols();
	}

	@Override
	public void selectionChanged(SelectionChangedEvent event) {
		super.selectionChanged(event);
		if (event.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof DocumentSymbol d
				&& getTreeViewer().getControl().isFocusControl()) {
			SymbolTree.reveal(editor, SymbolTree.counterpart(shown, current, d));
		}
	}

	@Override
	public void dispose() {
		session.removeListener(refresh);
		session.useSymbols(false);
		super.dispose();
	}
}
