package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.source.Annotation;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/** A problem the background analysis found while the user types (before any save). */
public class XenguestDiagnosticAnnotation extends Annotation {
	public static final String ERROR = "org.eclipse.ui.workbench.texteditor.error";
	public static final String WARNING = "org.eclipse.ui.workbench.texteditor.warning";
	public static final String INFO = "org.eclipse.ui.workbench.texteditor.info";

	private volatile Issue issue;

	public XenguestDiagnosticAnnotation(Issue issue) {
		super(type(issue.getSeverity()), false, issue.getMessage() + (issue.getCode() == null ? "" : " [" + issue.getCode() + "]"));
		this.issue = issue;
	}

	public Issue issue() {
		return issue;
	}

	/** The same problem found again by a newer analysis (its offsets and data are the current ones). */
	void refresh(Issue newer) {
		issue = newer;
	}

	private static String type(Severity severity) {
		return switch (severity) {
		case ERROR -> ERROR;
		case WARNING -> WARNING;
		default -> INFO;
		};
	}
}
