package org.xenguest.dsl.ide.symbols;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.xenguest.dsl.xenguest.DebugStub;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.GrantTable;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.XenguestPackage;
import org.xenguest.dsl.xenguest.XenstoreBlock;
import org.xenguest.dsl.xenguest.XenstoreEntry;

/**
 * Document symbols (outline): guest > grant-table, ports, grants, xenstore > paths, netfronts,
 * debug stub, each with a kind and a one-line detail.
 */
public final class XenguestDocumentSymbols {
	private XenguestDocumentSymbols() {
	}

	public static class Names extends DocumentSymbolMapper.DocumentSymbolNameProvider {
		@Override
		public String getName(EObject o) {
			if (o instanceof Guest) {
				return ((Guest) o).getName();
			} else if (o instanceof Port) {
				return ((Port) o).getName();
			} else if (o instanceof Grant) {
				return ((Grant) o).getName();
			} else if (o instanceof Netfront) {
				return ((Netfront) o).getName();
			} else if (o instanceof XenstoreEntry) {
				String path = ((XenstoreEntry) o).getPath();
				return path == null || path.isEmpty() ? null : path;
			} else if (o instanceof XenstoreBlock) {
				return "xenstore";
			} else if (o instanceof GrantTable) {
				return "grant-table";
			} else if (o instanceof DebugStub) {
				return "debug stub";
			}
			return null;
		}
	}

	public static class Kinds extends DocumentSymbolMapper.DocumentSymbolKindProvider {
		@Override
		protected SymbolKind getSymbolKind(EClass c) {
			if (c == null) {
				return SymbolKind.Property;
			}
			XenguestPackage p = XenguestPackage.eINSTANCE;
			if (c == p.getGuest()) {
				return SymbolKind.Module;
			} else if (c == p.getPort()) {
				return SymbolKind.Event;
			} else if (c == p.getGrant()) {
				return SymbolKind.Array;
			} else if (c == p.getNetfront()) {
				return SymbolKind.Interface;
			} else if (c == p.getXenstoreBlock()) {
				return SymbolKind.Namespace;
			} else if (c == p.getXenstoreEntry()) {
				return SymbolKind.Key;
			} else if (c == p.getGrantTable()) {
				return SymbolKind.Struct;
			}
			return SymbolKind.Object;
		}
	}

	/** The statement's text after its name, e.g. ": unbound remote 0 handler on_net0". */
	public static class Details extends DocumentSymbolMapper.DocumentSymbolDetailsProvider {
		@Override
		public String getDetails(EObject o) {
			if (o instanceof Port || o instanceof Grant || o instanceof GrantTable || o instanceof DebugStub
					|| o instanceof XenstoreEntry) {
				INode node = NodeModelUtils.getNode(o);
				if (node != null) {
					String text = NodeModelUtils.getTokenText(node);
					return text.length() > 120 ? text.substring(0, 117) + "..." : text;
				}
			}
			return "";
		}
	}
}
