package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.xenguest.abi.Hypercalls;
import org.xenguest.dsl.analysis.CIdentifiers;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;

/**
 * What the checks of every subject share: the rules that several subjects apply, each written
 * once (C identifiers, handler names, domain ids, a setting given twice), and the helpers of
 * messages (a declaration's line, a free name for a quick fix).
 */
public abstract class XenguestChecks extends AbstractDeclarativeValidator {
	/** The checks of a subject run as part of {@link XenguestValidator} (its @ComposedChecks), never registered alone. */
	@Override
	public void register(EValidatorRegistrar registrar) {
	}

	protected void domid(EObject o, Integer domid, EStructuralFeature feature, String what) {
		if (domid != null && domid >= Hypercalls.DOMID_FIRST_RESERVED) {
			error("domain id " + domid + " (" + what + ") is reserved: ids from 0x7FF0 (DOMID_FIRST_RESERVED: DOMID_SELF,"
					+ " DOMID_IO, ...) name no ordinary domain. Use the backend's domain id, usually 0"
					+ (feature == Literals.UNBOUND_PORT__REMOTE || feature == Literals.INTERDOMAIN_PORT__REMOTE
							? " (for a port of this guest's own domain, write 'remote self')."
							: "."), o, feature,
					DOMID_RANGE);
		}
	}

	protected void identifier(EObject o, String name, EStructuralFeature feature, String what) {
		String problem = CIdentifiers.problem(name);
		if (name != null && problem != null) {
			error(what + " name '" + name + "' cannot be used: generated C code names the " + what + " after it, and "
					+ problem + ". Rename it.", o, feature, INVALID_IDENTIFIER, name + "_");
		}
	}

	protected void handlerIdentifier(EObject o, String name, EStructuralFeature feature) {
		String problem = CIdentifiers.problem(name);
		if (problem != null) {
			error("handler '" + name + "' is not a valid C function name: " + problem
					+ ". Rename it (e.g. on_" + name.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^_+", "") + ").", o,
					feature, HANDLER_IDENTIFIER);
		}
	}

	/** XG001: the second and later occurrences of a single-valued feature, located on each occurrence. */
	protected void duplicateSettings(EObject o, String owner, EStructuralFeature... features) {
		for (EStructuralFeature f : features) {
			List<INode> nodes = NodeModelUtils.findNodesForFeature(o, f);
			for (int i = 1; i < nodes.size(); i++) {
				INode node = nodes.get(i);
				String setting = settingName(f);
				getMessageAcceptor().acceptError(
						setting + " is set twice in this " + owner + " (first at line " + nodes.get(0).getStartLine()
								+ "): only the last one would take effect. Remove one of them.",
						o, node.getOffset(), node.getLength(), DUPLICATE_SETTING);
			}
		}
	}

	protected static String settingName(EStructuralFeature f) {
		switch (f.getName()) {
		case "eventChannels":
			return "event-channels";
		case "grantTables":
			return "grant-table";
		case "debugStubs":
			return "debug stub";
		case "rxRing":
			return "rx-ring";
		case "txRing":
			return "tx-ring";
		default:
			return f.getName();
		}
	}

	protected static String kindName(Port p) {
		if (p.getKind() == null) {
			return "?";
		}
		String n = p.getKind().eClass().getName();
		return n.substring(0, n.length() - "Port".length()).toLowerCase();
	}

	static int line(EObject o) {
		INode node = NodeModelUtils.getNode(o);
		return node == null ? 0 : node.getStartLine();
	}

	/** A name not in {@code taken}: name_2, name_3, ... */
	static String freeName(String name, Set<String> taken) {
		for (int i = 2;; i++) {
			String candidate = name + "_" + i;
			if (!taken.contains(candidate)) {
				return candidate;
			}
		}
	}
}
