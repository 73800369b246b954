package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentCommand;
import org.eclipse.jface.text.IAutoEditStrategy;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.TextUtilities;

/**
 * Braces as users of an Xtext editor expect: '{' at the end of a line gets its '}', Enter
 * between them opens an indented line, Enter keeps the indentation, and a '}' typed on a blank
 * line moves back one level (or steps over a '}' that is already there).
 */
public class XenguestAutoEditStrategy implements IAutoEditStrategy {
	static final String INDENT = "    ";

	@Override
	public void customizeDocumentCommand(IDocument document, DocumentCommand command) {
		if (command.length != 0 || command.text == null) {
			return;
		}
		try {
			if (TextUtilities.equals(document.getLegalLineDelimiters(), command.text) != -1) {
				newLine(document, command);
			} else if ("{".equals(command.text)) {
				openBrace(document, command);
			} else if ("}".equals(command.text)) {
				closeBrace(document, command);
			}
		} catch (BadLocationException e) {
			// leave the command as typed
		}
	}

	private static void newLine(IDocument d, DocumentCommand c) throws BadLocationException {
		IRegion line = d.getLineInformationOfOffset(c.offset);
		String before = d.get(line.getOffset(), c.offset - line.getOffset());
		String after = d.get(c.offset, line.getOffset() + line.getLength() - c.offset);
		String indent = leadingWhitespace(before);
		boolean opens = before.stripTrailing().endsWith("{");
		String inner = opens ? indent + INDENT : indent;
		if (opens && after.strip().startsWith("}")) {
			String delimiter = c.text;
			c.text = delimiter + inner + delimiter + indent;
			c.caretOffset = c.offset + delimiter.length() + inner.length();
			c.shiftsCaret = false;
		} else {
			c.text = c.text + inner;
		}
	}

	private static void openBrace(IDocument d, DocumentCommand c) throws BadLocationException {
		IRegion line = d.getLineInformationOfOffset(c.offset);
		String after = d.get(c.offset, line.getOffset() + line.getLength() - c.offset);
		if (after.isBlank() && !inCommentOrString(d, c.offset)) {
			c.text = "{}";
			c.caretOffset = c.offset + 1;
			c.shiftsCaret = false;
		}
	}

	private static void closeBrace(IDocument d, DocumentCommand c) throws BadLocationException {
		if (c.offset < d.getLength() && d.getChar(c.offset) == '}' && !inCommentOrString(d, c.offset)) {
			c.text = "";
			c.caretOffset = c.offset + 1;
			c.shiftsCaret = false;
			return;
		}
		IRegion line = d.getLineInformationOfOffset(c.offset);
		String before = d.get(line.getOffset(), c.offset - line.getOffset());
		if (!before.isEmpty() && before.isBlank()) {
			String dedented = before.endsWith(INDENT) ? before.substring(0, before.length() - INDENT.length())
					: before.endsWith("\t") ? before.substring(0, before.length() - 1) : before;
			c.offset = line.getOffset();
			c.length = before.length();
			c.text = dedented + "}";
		}
	}

	private static boolean inCommentOrString(IDocument d, int offset) throws BadLocationException {
		try {
			String type = TextUtilities.getContentType(d, XenguestDocumentSetup.PARTITIONING, offset, false);
			return !IDocument.DEFAULT_CONTENT_TYPE.equals(type);
		} catch (BadLocationException | RuntimeException e) {
			return false;
		}
	}

	static String leadingWhitespace(String s) {
		int i = 0;
		while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
			i++;
		}
		return s.substring(0, i);
	}
}
