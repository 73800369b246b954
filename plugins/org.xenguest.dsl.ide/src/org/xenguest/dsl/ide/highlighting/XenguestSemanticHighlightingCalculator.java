package org.xenguest.dsl.ide.highlighting;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.editor.syntaxcoloring.DefaultSemanticHighlightingCalculator;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.CancelIndicator;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.PortKind;
import org.xenguest.dsl.xenguest.VirqPort;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;
import org.xenguest.dsl.xenguest.XenstoreEntry;

/** Maps the model's elements to {@link XenguestHighlightingStyles} ids. */
public class XenguestSemanticHighlightingCalculator extends DefaultSemanticHighlightingCalculator {

	/** The ranges of {@code element} and everything below it (the editor colours guest by guest). */
	public void highlightSubtree(EObject element, IHighlightedPositionAcceptor acceptor, CancelIndicator cancel) {
		highlightElementRecursively(element, acceptor, cancel);
	}

	@Override
	protected boolean highlightElement(EObject object, IHighlightedPositionAcceptor acceptor,
			CancelIndicator cancelIndicator) {
		if (object instanceof Guest) {
			highlightFeature(acceptor, object, Literals.GUEST__NAME, XenguestHighlightingStyles.DECLARATION_ID);
			highlightFeature(acceptor, object, Literals.GUEST__MEMORY, XenguestHighlightingStyles.SIZE_ID);
		} else if (object instanceof Port) {
			highlightFeature(acceptor, object, Literals.PORT__NAME, XenguestHighlightingStyles.DECLARATION_ID);
			highlightFeature(acceptor, object, Literals.PORT__HANDLER, XenguestHighlightingStyles.HANDLER_ID);
		} else if (object instanceof PortKind) {
			INode node = NodeModelUtils.getNode(object);
			if (node != null) {
				for (ILeafNode leaf : node.getLeafNodes()) {
					if (!leaf.isHidden()) {
						highlightNode(acceptor, leaf, XenguestHighlightingStyles.PORT_KIND_ID);
						break;
					}
				}
			}
			if (object instanceof VirqPort && Virq.byName(((VirqPort) object).getVirq()).isPresent()) {
				highlightFeature(acceptor, object, Literals.VIRQ_PORT__VIRQ, XenguestHighlightingStyles.VIRQ_ID);
			}
			if (object instanceof InterdomainPort) {
				highlightFeature(acceptor, object, Literals.INTERDOMAIN_PORT__PORT, XenguestHighlightingStyles.REFERENCE_ID);
			}
		} else if (object instanceof Grant) {
			highlightFeature(acceptor, object, Literals.GRANT__NAME, XenguestHighlightingStyles.DECLARATION_ID);
		} else if (object instanceof XenstoreEntry) {
			highlightFeature(acceptor, object, Literals.XENSTORE_ENTRY__PATH, XenguestHighlightingStyles.XENSTORE_PATH_ID);
			highlightFeature(acceptor, object, Literals.XENSTORE_ENTRY__HANDLER, XenguestHighlightingStyles.HANDLER_ID);
		} else if (object instanceof Netfront) {
			Netfront n = (Netfront) object;
			highlightFeature(acceptor, object, Literals.NETFRONT__NAME, XenguestHighlightingStyles.DECLARATION_ID);
			highlightFeature(acceptor, object, Literals.NETFRONT__PORT, XenguestHighlightingStyles.REFERENCE_ID);
			List<INode> features = NodeModelUtils.findNodesForFeature(n, Literals.NETFRONT__FEATURES);
			for (int i = 0; i < features.size() && i < n.getFeatures().size(); i++) {
				if (NetifFeatures.byName(n.getFeatures().get(i)).isPresent()) {
					highlightNode(acceptor, features.get(i), XenguestHighlightingStyles.FEATURE_ID);
				}
			}
		}
		return false;
	}
}
