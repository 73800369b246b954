package org.xenguest.dsl.ui.help;

import java.util.ArrayList;
import java.util.List;

import org.xenguest.dsl.docs.LanguageDocs;

/**
 * The language reference the IDE shows: the same text as {@code xenguest docs} (docs/language.md),
 * built from {@link LanguageDocs}, as Markdown and as an HTML page for Eclipse Help.
 */
public final class LanguageReference {
	public static final String TITLE = "The guest language reference";

	private LanguageReference() {
	}

	/** Exactly what {@code xenguest docs} prints ({@link LanguageDocs#reference()}). */
	public static String markdown() {
		return LanguageDocs.reference();
	}

	/** {@link #markdown()} as a self-contained HTML page (headings, tables, paragraphs, inline code). */
	public static String html() {
		StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>")
				.append(escape(TITLE)).append("</title>\n<style>table{border-collapse:collapse}"
						+ "td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top;text-align:left}</style>\n</head><body>\n");
		List<String> table = new ArrayList<>();
		for (String line : markdown().split("\n", -1)) {
			if (line.startsWith("|")) {
				table.add(line);
				continue;
			}
			if (!table.isEmpty()) {
				table(out, table);
				table.clear();
			}
			if (line.startsWith("#")) {
				int level = (int) line.chars().takeWhile(c -> c == '#').count();
				out.append("<h").append(level).append('>').append(inline(line.substring(level).trim())).append("</h").append(level)
						.append(">\n");
			} else if (!line.isBlank()) {
				out.append("<p>").append(inline(line)).append("</p>\n");
			}
		}
		if (!table.isEmpty()) {
			table(out, table);
		}
		return out.append("</body></html>\n").toString();
	}

	private static void table(StringBuilder out, List<String> rows) {
		out.append("<table>\n");
		for (int i = 0; i < rows.size(); i++) {
			if (i == 1 && rows.get(i).matches("[|\\s:-]+")) {
				continue; // the header separator
			}
			String cell = i == 0 ? "th" : "td";
			out.append("<tr>");
			for (String c : cells(rows.get(i))) {
				out.append('<').append(cell).append('>').append(inline(c)).append("</").append(cell).append('>');
			}
			out.append("</tr>\n");
		}
		out.append("</table>\n");
	}

	/** The cells of a Markdown table row; {@code \|} is a bar inside a cell. */
	public static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		String body = row.trim();
		body = body.substring(1, body.endsWith("|") && !body.endsWith("\\|") ? body.length() - 1 : body.length());
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
				cell.append('|');
				i++;
			} else if (c == '|') {
				cells.add(cell.toString().trim());
				cell.setLength(0);
			} else {
				cell.append(c);
			}
		}
		cells.add(cell.toString().trim());
		return cells;
	}

	/** Escapes HTML and turns `code` into &lt;code&gt;. */
	private static String inline(String text) {
		StringBuilder out = new StringBuilder();
		boolean code = false;
		for (char c : text.toCharArray()) {
			if (c == '`') {
				out.append(code ? "</code>" : "<code>");
				code = !code;
			} else {
				out.append(escape(String.valueOf(c)));
			}
		}
		if (code) {
			out.append("</code>");
		}
		return out.toString();
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
