package org.xenguest.dsl.ide.hover;

import java.util.List;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.docs.LanguageDocs;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.VirqPort;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;

/**
 * What to show when the user points at a place in a model: the documentation of a keyword, a
 * VIRQ or a netif feature (from {@link LanguageDocs}), or the declaration of a referenced port.
 * UI-free: the language server's hover and the Eclipse editor's hover both call this.
 */
public class XenguestDocumentation {

	/** Markdown text for the region {@code [offset, offset + length)} of the document. */
	public record Documentation(String markdown, int offset, int length) {
	}

	public Optional<Documentation> at(XtextResource resource, int offset) {
		IParseResult parse = resource.getParseResult();
		if (parse == null || parse.getRootNode() == null) {
			return Optional.empty();
		}
		ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(parse.getRootNode(), offset);
		if (leaf != null && leaf.isHidden() && leaf.getOffset() == offset && offset > 0) {
			leaf = NodeModelUtils.findLeafNodeAtOffset(parse.getRootNode(), offset - 1);
		}
		if (leaf == null || leaf.isHidden()) {
			return Optional.empty();
		}
		EObject semantic = NodeModelUtils.findActualSemanticObjectFor(leaf);
		EObject grammar = leaf.getGrammarElement();
		Optional<String> text = Optional.empty();
		if (semantic instanceof VirqPort && covers(semantic, Literals.VIRQ_PORT__VIRQ, leaf)) {
			String name = ((VirqPort) semantic).getVirq();
			text = Optional.of(LanguageDocs.virq(name).map(d -> "**virq " + name + "**\n\n" + d)
					.orElse("**virq " + name + "**: not a VIRQ Xen knows. Xen's VIRQs: " + String.join(", ", Virq.dslNames())));
		} else if (semantic instanceof Netfront && covers(semantic, Literals.NETFRONT__FEATURES, leaf)) {
			String name = leaf.getText();
			text = Optional.of(LanguageDocs.feature(name).map(d -> "**feature " + name + "**\n\n" + d)
					.orElse("**feature " + name + "**: not a feature netif.h knows."));
		} else if (semantic instanceof Netfront && covers(semantic, Literals.NETFRONT__PORT, leaf)) {
			Port port = ((Netfront) semantic).getPort();
			if (port != null && !port.eIsProxy()) {
				text = Optional.of(describePort(port));
			}
		} else if (semantic instanceof InterdomainPort && covers(semantic, Literals.INTERDOMAIN_PORT__PORT, leaf)) {
			Port port = ((InterdomainPort) semantic).getPort();
			if (port != null && !port.eIsProxy()) {
				text = Optional.of(describePort(port));
			}
		} else if (grammar instanceof Keyword) {
			AbstractRule rule = GrammarUtil.containingRule(grammar);
			if (rule == null || !"Name".equals(rule.getName())) {
				String keyword = ((Keyword) grammar).getValue();
				text = LanguageDocs.keyword(keyword).map(d -> "**" + keyword + "**\n\n" + d);
			}
		}
		if (text.isEmpty() && semantic instanceof Port && covers(semantic, Literals.PORT__NAME, leaf)) {
			text = Optional.of(describePort((Port) semantic));
		}
		ILeafNode at = leaf;
		return text.map(t -> new Documentation(t, at.getOffset(), at.getLength()));
	}

	private static String describePort(Port port) {
		INode node = NodeModelUtils.getNode(port);
		String declaration = node == null ? "port " + port.getName() : NodeModelUtils.getTokenText(node);
		StringBuilder sb = new StringBuilder("```\n").append(declaration).append("\n```");
		if (port.getKind() != null) {
			String kind = port.getKind().eClass().getName();
			kind = kind.substring(0, kind.length() - "Port".length()).toLowerCase();
			LanguageDocs.keyword(kind).ifPresent(d -> sb.append("\n\n").append(d));
		}
		return sb.toString();
	}

	private static boolean covers(EObject semantic, EStructuralFeature feature, ILeafNode leaf) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(semantic, feature);
		for (INode n : nodes) {
			if (n.getTotalOffset() <= leaf.getTotalOffset()
					&& leaf.getTotalEndOffset() <= n.getTotalEndOffset()) {
				return true;
			}
		}
		return false;
	}
}
