package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.templates.DocumentTemplateContext;
import org.eclipse.jface.text.templates.Template;
import org.eclipse.jface.text.templates.TemplateBuffer;
import org.eclipse.jface.text.templates.TemplateContextType;
import org.eclipse.jface.text.templates.TemplateException;
import org.eclipse.jface.text.templates.TemplateVariable;

/**
 * A template context that indents a multi-line template to where it is inserted: every line after
 * the first gets the leading whitespace of the insertion line (empty lines stay empty), and the
 * template's variables (linked names, the cursor) move with their text.
 */
public class IndentingTemplateContext extends DocumentTemplateContext {

	public IndentingTemplateContext(TemplateContextType type, IDocument document, int offset, int length) {
		super(type, document, offset, length);
	}

	@Override
	public TemplateBuffer evaluate(Template template) throws BadLocationException, TemplateException {
		TemplateBuffer buffer = super.evaluate(template);
		if (buffer != null) {
			indent(buffer, indentOfLine(getDocument(), getStart()));
		}
		return buffer;
	}

	/** The spaces and tabs that start the line holding {@code offset}. */
	static String indentOfLine(IDocument document, int offset) throws BadLocationException {
		IRegion line = document.getLineInformationOfOffset(offset);
		int end = line.getOffset();
		int limit = Math.min(offset, line.getOffset() + line.getLength());
		while (end < limit && (document.getChar(end) == ' ' || document.getChar(end) == '\t')) {
			end++;
		}
		return document.get(line.getOffset(), end - line.getOffset());
	}

	/** Puts {@code indent} after each line break of {@code buffer} that a non-empty line follows. */
	static void indent(TemplateBuffer buffer, String indent) {
		String text = buffer.getString();
		if (indent.isEmpty() || text.indexOf('\n') < 0) {
			return;
		}
		StringBuilder out = new StringBuilder(text.length() + indent.length() * 8);
		// shift[i] = characters inserted before original offset i
		int[] shift = new int[text.length() + 1];
		int added = 0;
		for (int i = 0; i < text.length(); i++) {
			shift[i] = added;
			char c = text.charAt(i);
			out.append(c);
			if (c == '\n' && i + 1 < text.length() && text.charAt(i + 1) != '\n' && text.charAt(i + 1) != '\r') {
				out.append(indent);
				added += indent.length();
			}
		}
		shift[text.length()] = added;
		TemplateVariable[] variables = buffer.getVariables();
		for (TemplateVariable v : variables) {
			int[] offsets = v.getOffsets().clone();
			for (int k = 0; k < offsets.length; k++) {
				offsets[k] += shift[offsets[k]];
			}
			v.setOffsets(offsets);
		}
		buffer.setContent(out.toString(), variables);
	}
}
