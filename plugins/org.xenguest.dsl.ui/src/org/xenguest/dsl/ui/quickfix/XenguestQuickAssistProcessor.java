package org.xenguest.dsl.ui.quickfix;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ui.editor.XenguestDiagnosticAnnotation;

/** Ctrl+1 in the editor: the quick fixes of the live problems under the caret. */
public class XenguestQuickAssistProcessor implements IQuickAssistProcessor {

	@Override
	public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
		IAnnotationModel model = context.getSourceViewer().getAnnotationModel();
		IDocument document = context.getSourceViewer().getDocument();
		List<ICompletionProposal> proposals = new ArrayList<>();
		if (model == null) {
			return new ICompletionProposal[0];
		}
		int offset = context.getOffset();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation a = it.next();
			Position p = model.getPosition(a);
			if (a instanceof XenguestDiagnosticAnnotation d && p != null && p.getOffset() <= offset
					&& offset <= p.getOffset() + p.getLength()) {
				Issue issue = d.issue();
				for (QuickFixes.Fix fix : QuickFixes.fixes(document, issue.getCode(), issue.getData(), issue.getMessage(),
						p.getOffset(), p.getLength())) {
					proposals.add(new FixProposal(fix));
				}
			}
		}
		return proposals.toArray(new ICompletionProposal[0]);
	}

	@Override
	public String getErrorMessage() {
		return null;
	}

	@Override
	public boolean canFix(Annotation annotation) {
		return annotation instanceof XenguestDiagnosticAnnotation d && d.issue().getData() != null
				&& d.issue().getData().length > 0;
	}

	@Override
	public boolean canAssist(IQuickAssistInvocationContext invocationContext) {
		return false;
	}

	private record FixProposal(QuickFixes.Fix fix) implements ICompletionProposal {
		@Override
		public void apply(IDocument document) {
			try {
				fix.apply(document);
			} catch (BadLocationException e) {
				// the text moved since the fix was computed; nothing applied
			}
		}

		@Override
		public Point getSelection(IDocument document) {
			return new Point(fix.offset() + fix.text().length(), 0);
		}

		@Override
		public String getAdditionalProposalInfo() {
			return null;
		}

		@Override
		public String getDisplayString() {
			return fix.label();
		}

		@Override
		public Image getImage() {
			return null;
		}

		@Override
		public IContextInformation getContextInformation() {
			return null;
		}
	}
}
