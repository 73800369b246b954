package org.xenguest.dsl.ui.outline;

import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.ui.texteditor.ITextEditor;
import org.xenguest.dsl.ui.editor.Editors;

/** Tree content and labels over the ide bundle's document symbols, and revealing one in the editor. */
final class SymbolTree {
	private SymbolTree() {
	}

	static final class Content implements ITreeContentProvider {
		@Override
		public Object[] getElements(Object input) {
			return input instanceof List<?> l ? l.toArray() : new Object[0];
		}

		@Override
		public Object[] getChildren(Object parent) {
			List<DocumentSymbol> children = ((DocumentSymbol) parent).getChildren();
			return children == null ? new Object[0] : children.toArray();
		}

		@Override
		public Object getParent(Object element) {
			return null;
		}

		@Override
		public boolean hasChildren(Object element) {
			List<DocumentSymbol> children = ((DocumentSymbol) element).getChildren();
			return children != null && !children.isEmpty();
		}
	}

	static final class Labels extends LabelProvider {
		@Override
		public String getText(Object element) {
			DocumentSymbol s = (DocumentSymbol) element;
			String kind = s.getKind() == null ? "" : s.getKind().name().toLowerCase();
			return s.getName() + "  (" + kind + ")";
		}
	}

	/** Whether the two symbol trees have the same names and kinds in the same places (ranges aside). */
	static boolean sameShape(List<DocumentSymbol> a, List<DocumentSymbol> b) {
		if (a == null || b == null) {
			return a == b;
		}
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			DocumentSymbol x = a.get(i);
			DocumentSymbol y = b.get(i);
			if (!java.util.Objects.equals(x.getName(), y.getName()) || x.getKind() != y.getKind()
					|| !sameShape(x.getChildren() == null ? List.of() : x.getChildren(),
							y.getChildren() == null ? List.of() : y.getChildren())) {
				return false;
			}
		}
		return true;
	}

	/** The symbol at {@code symbol}'s place in {@code shown}, taken from {@code current} (same shape); else {@code symbol}. */
	static DocumentSymbol counterpart(List<DocumentSymbol> shown, List<DocumentSymbol> current, DocumentSymbol symbol) {
		if (shown == null || current == null || shown == current) {
			return symbol;
		}
		for (int i = 0; i < shown.size() && i < current.size(); i++) {
			if (shown.get(i) == symbol) {
				return current.get(i);
			}
			List<DocumentSymbol> a = shown.get(i).getChildren();
			List<DocumentSymbol> b = current.get(i).getChildren();
			if (a != null && b != null) {
				DocumentSymbol found = counterpart(a, b, symbol);
				if (found != symbol) {
					return found;
				}
			}
		}
		return symbol;
	}

	/** Selects the symbol's name in the editor. */
	static void reveal(ITextEditor editor, DocumentSymbol symbol) {
		IDocument document = Editors.document(editor);
		Range r = symbol.getSelectionRange() != null ? symbol.getSelectionRange() : symbol.getRange();
		try {
			int start = offset(document, r.getStart());
			int end = offset(document, r.getEnd());
			editor.selectAndReveal(start, Math.max(0, end - start));
		} catch (BadLocationException e) {
			// the document changed since the symbols were computed; the next analysis refreshes them
		}
	}

	static int offset(IDocument document, Position p) throws BadLocationException {
		return document.getLineOffset(p.getLine()) + p.getCharacter();
	}
}
