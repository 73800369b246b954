package org.xenguest.dsl.ui.outline;

import java.util.List;
import java.util.Locale;

import org.eclipse.jface.dialogs.PopupDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.texteditor.ITextEditor;
import org.xenguest.dsl.ui.editor.EditorSession;

/** The quick outline: type to filter by name, Enter or click to go there. */
public class QuickOutlinePopup extends PopupDialog {
	private final ITextEditor editor;
	private final EditorSession session;
	private Text filter;
	private TreeViewer tree;

	public QuickOutlinePopup(Shell parent, ITextEditor editor, EditorSession session) {
		super(parent, SWT.RESIZE, true, false, false, false, false, null, "Type to filter; Enter to go to the element");
		this.editor = editor;
		this.session = session;
	}

	@Override
	protected Control createTitleControl(Composite parent) {
		filter = new Text(parent, SWT.NONE);
		GridData data = new GridData(GridData.FILL_HORIZONTAL);
		filter.setLayoutData(data);
		filter.addModifyListener(e -> {
			tree.refresh();
			tree.expandAll();
		});
		filter.addListener(SWT.DefaultSelection, e -> goToSelection());
		filter.addListener(SWT.KeyDown, e -> {
			if (e.keyCode == SWT.ARROW_DOWN) {
				tree.getTree().setFocus();
			}
		});
		return filter;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		tree = new TreeViewer(parent, SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
		tree.getControl().setLayoutData(new GridData(GridData.FILL_BOTH));
		tree.setContentProvider(new SymbolTree.Content());
		tree.setLabelProvider(new SymbolTree.Labels());
		tree.addFilter(new ViewerFilter() {
			@Override
			public boolean select(Viewer viewer, Object parentElement, Object element) {
				return matches((DocumentSymbol) element);
			}
		});
		tree.getTree().addListener(SWT.DefaultSelection, e -> goToSelection());
		tree.addOpenListener(e -> goToSelection());
		List<DocumentSymbol> symbols = session.state() == null ? List.of() : session.state().symbols();
		tree.setInput(symbols);
		tree.expandAll();
		return tree.getControl();
	}

	private boolean matches(DocumentSymbol symbol) {
		String f = filter == null ? "" : filter.getText().toLowerCase(Locale.ROOT);
		if (f.isEmpty() || symbol.getName().toLowerCase(Locale.ROOT).contains(f)) {
			return true;
		}
		return symbol.getChildren() != null && symbol.getChildren().stream().anyMatch(this::matches);
	}

	private void goToSelection() {
		Object selected = ((IStructuredSelection) tree.getSelection()).getFirstElement();
		if (selected == null && tree.getTree().getItemCount() > 0) {
			selected = tree.getTree().getItem(0).getData();
		}
		close();
		if (selected instanceof DocumentSymbol symbol) {
			SymbolTree.reveal(editor, symbol);
		}
	}

	@Override
	protected Control getFocusControl() {
		return filter;
	}

	@Override
	protected Point getDefaultSize() {
		return new Point(400, 300);
	}

	public TreeViewer tree() {
		return tree;
	}
}
