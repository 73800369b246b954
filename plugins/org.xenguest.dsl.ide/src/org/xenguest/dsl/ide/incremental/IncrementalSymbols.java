package org.xenguest.dsl.ide.incremental;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.xenguest.dsl.xenguest.Model;

import com.google.inject.Inject;

/**
 * The document symbols (outline) as {@link HierarchicalDocumentSymbolService#getSymbols} gives
 * them, reusing the symbols of each guest whose text, place and index are those of the previous
 * call (a symbol's range is in lines and columns, so the same place gives the same symbols). One
 * instance per document, called from one thread at a time.
 */
public class IncrementalSymbols {
	/** Xtext's service, walking one guest instead of the whole resource when asked to. */
	static class SubtreeSymbolService extends HierarchicalDocumentSymbolService {
		private EObject subtree;

		List<DocumentSymbol> getSymbols(EObject root, XtextResource resource, CancelIndicator cancel) {
			subtree = root;
			try {
				return getSymbols(resource, cancel);
			} finally {
				subtree = null;
			}
		}

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		protected Iterator<Object> getAllContents(Resource resource) {
			return subtree == null ? super.getAllContents(resource) : (Iterator) EcoreUtil2.eAll(subtree);
		}
	}

	@Inject
	private SubtreeSymbolService service;

	private Map<GuestRegion.Key, List<DocumentSymbol>> previous = Map.of();
	private int lastReused;

	/** The symbols of {@code resource}, as the hierarchical document symbol service gives them. */
	public List<DocumentSymbol> symbols(XtextResource resource, CancelIndicator cancel) {
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model)) {
			previous = Map.of();
			return service.getSymbols(resource, cancel);
		}
		List<DocumentSymbol> result = new ArrayList<>();
		Map<GuestRegion.Key, List<DocumentSymbol>> now = new HashMap<>();
		int reused = 0;
		for (GuestRegion region : GuestRegion.of(resource)) {
			GuestRegion.Key key = region.reusable() ? region.key() : null;
			List<DocumentSymbol> symbols = key == null ? null : previous.get(key);
			if (symbols == null) {
				symbols = service.getSymbols(region.guest(), resource, cancel);
			} else {
				reused++;
			}
			result.addAll(symbols);
			if (key != null) {
				now.put(key, symbols);
			}
		}
		previous = now;
		lastReused = reused;
		return result;
	}

	/** How many guests the last call took from the previous one. */
	public int lastReused() {
		return lastReused;
	}
}
