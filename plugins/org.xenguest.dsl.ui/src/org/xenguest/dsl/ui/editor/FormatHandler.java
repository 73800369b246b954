package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentRewriteSession;
import org.eclipse.jface.text.DocumentRewriteSessionType;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.resource.XtextResource;
import org.xenguest.dsl.formatting2.XenguestFormatting;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * Ctrl+Shift+F: formats in a job, then applies the formatter's edits on the UI thread as one
 * undoable change, unless the user typed meanwhile. A model with syntax errors is left alone,
 * with a status-line message saying why.
 */
public class FormatHandler extends AbstractHandler {

	/** A formatter edit in document offsets. */
	public record Edit(int offset, int length, String text) {
	}

	@Override
	public Object execute(ExecutionEvent event) {
		ITextEditor editor = Editors.textEditor(HandlerUtil.getActiveEditor(event));
		if (editor == null) {
			return null;
		}
		IDocument document = Editors.document(editor);
		long stamp = DocumentStamps.stamp(document);
		String text = document.get();
		Display display = Display.getCurrent();
		Job job = Job.create("Formatting " + editor.getEditorInput().getName(), (IProgressMonitor monitor) -> {
			List<Edit> edits = edits(text);
			display.asyncExec(() -> {
				if (DocumentStamps.stamp(document) != stamp) {
					return; // the user typed meanwhile: formatting old text would undo it
				}
				if (edits == null) {
					status(editor, "Not formatted: fix the syntax errors first");
					return;
				}
				apply(editor, document, edits);
			});
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
		return null;
	}

	/** The edits that format {@code text}; null if it has syntax errors. */
	public static List<Edit> edits(String text) {
		XtextResource resource = XenguestLanguage.parse(null, text);
		if (!XenguestFormatting.canFormat(resource)) {
			return null;
		}
		List<Edit> edits = new ArrayList<>();
		for (ITextReplacement r : XenguestLanguage.injector().getInstance(XenguestFormatting.class).replacements(resource)) {
			if (!r.getReplacementText().equals(text.substring(r.getOffset(), r.getEndOffset()))) {
				edits.add(new Edit(r.getOffset(), r.getLength(), r.getReplacementText()));
			}
		}
		edits.sort(Comparator.comparingInt(Edit::offset).reversed());
		return edits;
	}

	public static void apply(ITextEditor editor, IDocument document, List<Edit> edits) {
		IRewriteTarget target = editor == null ? null : editor.getAdapter(IRewriteTarget.class);
		if (target != null) {
			target.beginCompoundChange();
			// the viewer stops forwarding each edit to the widget and recolouring it, and takes
			// them in at once at the end: thousands of edits took seconds one by one
			target.setRedraw(false);
		}
		// a rewrite session: partitioner, presentation and semantic colours take the edits in at
		// the end rather than one by one
		DocumentRewriteSession session = document instanceof IDocumentExtension4 d
				? d.startRewriteSession(DocumentRewriteSessionType.SEQUENTIAL) : null;
		try {
			for (Edit e : edits) { // sorted last first, so earlier offsets stay valid
				document.replace(e.offset(), e.length(), e.text());
			}
		} catch (BadLocationException e) {
			status(editor, "Formatting failed: " + e.getMessage());
		} finally {
			if (session != null) {
				((IDocumentExtension4) document).stopRewriteSession(session);
			}
			if (target != null) {
				target.setRedraw(true);
				target.endCompoundChange();
			}
		}
	}

	private static void status(ITextEditor editor, String message) {
		if (editor != null && editor.getSite() instanceof IEditorSite site) {
			site.getActionBars().getStatusLineManager().setMessage(message);
		}
	}
}
