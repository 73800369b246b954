package org.xenguest.dsl.ui.quickfix;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * The quick fixes of one problem, computed by the ide bundle's code action service (the same
 * fixes the language server offers) and turned into document edits.
 */
public final class QuickFixes {
	private static final String URI = "xenguest-editor:/model.xenguest";

	/** One fix: replace [offset, offset+length) with {@code text}. */
	public record Fix(String label, int offset, int length, String text) {
		public void apply(IDocument document) throws BadLocationException {
			document.replace(offset, length, text);
		}
	}

	private QuickFixes() {
	}

	/** The fixes for a problem with {@code code} and {@code data} at [offset, offset+length) of {@code document}. */
	public static List<Fix> fixes(IDocument document, String code, String[] data, String message, int offset, int length) {
		List<Fix> fixes = new ArrayList<>();
		if (code == null || offset < 0 || offset + length > document.getLength()) {
			return fixes;
		}
		try {
			Diagnostic diagnostic = new Diagnostic(new Range(position(document, offset), position(document, offset + length)),
					message == null ? "" : message);
			diagnostic.setCode(code);
			diagnostic.setData(data == null ? new String[0] : data);
			ICodeActionService2.Options options = new ICodeActionService2.Options();
			options.setURI(URI);
			options.setCodeActionParams(new CodeActionParams(new TextDocumentIdentifier(URI),
					diagnostic.getRange(), new CodeActionContext(List.of(diagnostic))));
			for (Either<Command, CodeAction> e : XenguestLanguage.injector().getInstance(ICodeActionService2.class)
					.getCodeActions(options)) {
				if (!e.isRight() || e.getRight().getEdit() == null || e.getRight().getEdit().getChanges() == null) {
					continue;
				}
				List<TextEdit> edits = e.getRight().getEdit().getChanges().get(URI);
				if (edits == null || edits.size() != 1) {
					continue;
				}
				TextEdit edit = edits.get(0);
				int start = offset(document, edit.getRange().getStart());
				int end = offset(document, edit.getRange().getEnd());
				fixes.add(new Fix(e.getRight().getTitle(), start, end - start, edit.getNewText()));
			}
		} catch (BadLocationException e) {
			// the problem's range is no longer in the document: no fix
		}
		return fixes;
	}

	private static Position position(IDocument document, int offset) throws BadLocationException {
		int line = document.getLineOfOffset(offset);
		return new Position(line, offset - document.getLineOffset(line));
	}

	private static int offset(IDocument document, Position p) throws BadLocationException {
		return document.getLineOffset(p.getLine()) + p.getCharacter();
	}
}
