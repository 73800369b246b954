package org.xenguest.dsl.ide.contentassist;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.docs.LanguageDocs;

/**
 * Content assist: keywords (with their documentation), Xen's VIRQ names after {@code virq},
 * netif feature names after {@code features}, and port names where a netfront names its port
 * (by Xtext's cross-reference proposals over the guest-local scope).
 */
public class XenguestContentProposalProvider extends IdeContentProposalProvider {

	@Override
	public void createProposals(Collection<ContentAssistContext> contexts, IIdeContentProposalAcceptor acceptor) {
		Set<String> seen = new HashSet<>();
		super.createProposals(contexts, new IIdeContentProposalAcceptor() {
			@Override
			public void accept(ContentAssistEntry entry, int priority) {
				if (entry != null && seen.add(entry.getProposal())) {
					acceptor.accept(entry, priority);
				}
			}

			@Override
			public boolean canAcceptMoreProposals() {
				return acceptor.canAcceptMoreProposals();
			}
		});
	}

	@Override
	protected boolean filterKeyword(Keyword keyword, ContentAssistContext context) {
		// keywords allowed as names or VIRQ names are not proposed as keywords there
		AbstractRule rule = GrammarUtil.containingRule(keyword);
		return rule == null || !("Name".equals(rule.getName()) || "VirqName".equals(rule.getName()));
	}

	@Override
	protected void _createProposals(Keyword keyword, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		if (!filterKeyword(keyword, context)) {
			return;
		}
		ContentAssistEntry entry = getProposalCreator().createProposal(keyword.getValue(), context,
				ContentAssistEntry.KIND_KEYWORD, null);
		if (entry != null) {
			LanguageDocs.keyword(keyword.getValue()).ifPresent(doc -> {
				entry.setDescription(firstSentence(doc));
				entry.setDocumentation(doc);
			});
			acceptor.accept(entry, getProposalPriorities().getKeywordPriority(keyword.getValue(), entry));
		}
	}

	@Override
	protected void _createProposals(Assignment assignment, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		if (!proposeNames(assignment.getTerminal(), context, acceptor)) {
			super._createProposals(assignment, context, acceptor);
		}
	}

	@Override
	protected void _createProposals(RuleCall ruleCall, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		if (!proposeNames(ruleCall, context, acceptor)) {
			super._createProposals(ruleCall, context, acceptor);
		}
	}

	private boolean proposeNames(AbstractElement element, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		String rule = null;
		if (element instanceof RuleCall) {
			rule = ((RuleCall) element).getRule().getName();
			if ("ID".equals(rule)) {
				AbstractRule container = GrammarUtil.containingRule(element);
				rule = container == null ? rule : container.getName();
			}
		}
		if ("VirqName".equals(rule)) {
			for (Virq virq : Virq.values()) {
				propose(virq.dslName(), LanguageDocs.virq(virq.dslName()).orElse(virq.cName()), context, acceptor);
			}
			return true;
		}
		if ("Feature".equals(rule)) {
			for (NetifFeatures f : NetifFeatures.values()) {
				propose(f.dslName(), LanguageDocs.feature(f.dslName()).orElse(f.xenstoreKey()), context, acceptor);
			}
			return true;
		}
		return false;
	}

	private void propose(String name, String doc, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		ContentAssistEntry entry = getProposalCreator().createProposal(name, context, e -> {
			e.setKind(ContentAssistEntry.KIND_VALUE);
			e.setDescription(firstSentence(doc));
			e.setDocumentation(doc);
		});
		if (entry != null) {
			acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
		}
	}

	static String firstSentence(String doc) {
		int colon = doc.indexOf(": ");
		String s = colon > 0 && colon < 60 ? doc.substring(colon + 2) : doc;
		int dot = s.indexOf(". ");
		return dot > 0 ? s.substring(0, dot + 1) : s;
	}
}
