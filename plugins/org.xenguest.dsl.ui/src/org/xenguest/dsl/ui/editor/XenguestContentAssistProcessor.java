package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.jface.text.templates.DocumentTemplateContext;
import org.eclipse.jface.text.templates.TemplateProposal;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.TextRegion;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * Content assist through the language's ide proposal provider (keywords with documentation,
 * VIRQ names, netif features, port references) plus templates. The generic editor calls this
 * off the UI thread; it works on the editor's model when that is of the same text, else parses
 * its own snapshot.
 */
public class XenguestContentAssistProcessor implements IContentAssistProcessor {
	private static final char[] TRIGGERS = { ' ', ':' };

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		IDocument document = viewer.getDocument();
		String text = document.get();
		if (offset > text.length()) {
			return new ICompletionProposal[0];
		}
		// the editor's model when the last analysis is of this text (after the auto-activation
		// delay it usually is): no parse of the whole file per proposal list
		ModelState state = EditorSession.of(viewer).state();
		List<ContentAssistEntry> entries = state != null && state.text().equals(text)
				? state.read(resource -> entries(resource, text, offset))
				: entries(text, offset);
		List<ICompletionProposal> proposals = new ArrayList<>();
		Set<String> keywords = new HashSet<>();
		for (ContentAssistEntry e : entries) {
			String prefix = e.getPrefix() == null ? "" : e.getPrefix();
			if (!e.getProposal().startsWith(prefix)) {
				continue;
			}
			if (ContentAssistEntry.KIND_KEYWORD.equals(e.getKind())) {
				keywords.add(e.getProposal());
			}
			String display = e.getLabel() != null ? e.getLabel() : e.getProposal();
			if (e.getDescription() != null && !e.getDescription().isEmpty()) {
				display += " - " + e.getDescription();
			}
			proposals.add(new CompletionProposal(e.getProposal(), offset - prefix.length(), prefix.length(),
					e.getProposal().length(), null, display, null, plain(e.getDocumentation())));
		}
		String wordPrefix = wordBefore(text, offset);
		Region region = new Region(offset - wordPrefix.length(), wordPrefix.length());
		for (XenguestTemplates.Entry t : XenguestTemplates.ALL) {
			if (keywords.contains(t.keyword()) && t.template().getName().startsWith(wordPrefix)) {
				DocumentTemplateContext context = new IndentingTemplateContext(XenguestTemplates.contextType(),
						document, region.getOffset(), region.getLength());
				proposals.add(new TemplateProposal(t.template(), context, region, null));
			}
		}
		return proposals.toArray(new ICompletionProposal[0]);
	}

	/** The ide proposal provider's entries at {@code offset}; public for tests. */
	public static List<ContentAssistEntry> entries(String text, int offset) {
		return entries(XenguestLanguage.parse(null, text), text, offset);
	}

	/** The same in {@code resource}, the model of {@code text}. */
	static List<ContentAssistEntry> entries(XtextResource resource, String text, int offset) {
		ContentAssistContextFactory factory = XenguestLanguage.injector().getInstance(ContentAssistContextFactory.class);
		factory.setPool(XenguestLanguage.assistPool());
		ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
		IdeContentProposalAcceptor acceptor = XenguestLanguage.injector().getInstance(IdeContentProposalAcceptor.class);
		XenguestLanguage.injector().getInstance(IdeContentProposalProvider.class).createProposals(Arrays.asList(contexts),
				acceptor);
		List<ContentAssistEntry> entries = new ArrayList<>();
		acceptor.getEntries().forEach(entries::add);
		return entries;
	}

	static String wordBefore(String text, int offset) {
		int i = offset;
		while (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '_'
				|| text.charAt(i - 1) == '-')) {
			i--;
		}
		return text.substring(i, offset);
	}

	/** The ide services write Markdown; the proposal pop-up shows plain text. */
	static String plain(String markdown) {
		if (markdown == null) {
			return null;
		}
		return markdown.replace("```", "").replace("**", "").replace("`", "").strip();
	}

	@Override
	public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
		return null;
	}

	@Override
	public char[] getCompletionProposalAutoActivationCharacters() {
		return TRIGGERS;
	}

	@Override
	public char[] getContextInformationAutoActivationCharacters() {
		return null;
	}

	@Override
	public String getErrorMessage() {
		return null;
	}

	@Override
	public IContextInformationValidator getContextInformationValidator() {
		return null;
	}
}
