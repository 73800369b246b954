package org.xenguest.dsl.ui.help;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

/**
 * "Xen Guest Language Reference": the reference inside the IDE, for installations without the
 * Eclipse help system (the Studio product has no help browser; a stock Eclipse IDE also lists the
 * page under Help Contents). Read-only, wrapped text: headings and terms in bold.
 */
public class LanguageReferenceView extends ViewPart {
	public static final String ID = "org.xenguest.dsl.ui.languageReference";

	private StyledText text;

	@Override
	public void createPartControl(Composite parent) {
		text = new StyledText(parent, SWT.READ_ONLY | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
		text.setMargins(8, 8, 8, 8);
		// the Markdown made readable: headings and terms in bold, each table row as "term: meaning"
		StringBuilder shown = new StringBuilder();
		List<StyleRange> bold = new ArrayList<>();
		String[] lines = LanguageReference.markdown().split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.startsWith("#")) {
				String heading = line.replaceFirst("^#+\\s*", "");
				bold.add(new StyleRange(shown.length(), heading.length(), null, null, SWT.BOLD));
				shown.append(heading).append('\n');
			} else if (line.startsWith("|")) {
				boolean header = i + 1 < lines.length && lines[i + 1].matches("[|\\s:-]+");
				if (header || line.matches("[|\\s:-]+")) {
					continue;
				}
				List<String> cells = LanguageReference.cells(line);
				String term = cells.get(0).replace("`", "");
				bold.add(new StyleRange(shown.length(), term.length(), null, null, SWT.BOLD));
				shown.append(term).append(": ")
						.append(String.join("  |  ", cells.subList(1, cells.size())).replace("`", "")).append('\n');
			} else {
				shown.append(line.replace("`", "")).append('\n');
			}
		}
		text.setText(shown.toString());
		text.setStyleRanges(bold.toArray(new StyleRange[0]));
	}

	/** What the view shows (for tests). */
	public String text() {
		return text.getText();
	}

	@Override
	public void setFocus() {
		text.setFocus();
	}
}
