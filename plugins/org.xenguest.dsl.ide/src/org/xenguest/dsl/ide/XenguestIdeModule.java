package org.xenguest.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper;
import org.eclipse.xtext.parser.antlr.IReferableElementsUnloader;
import org.xenguest.dsl.ide.contentassist.XenguestContentProposalProvider;
import org.xenguest.dsl.ide.formatting.XenguestFormattingService;
import org.xenguest.dsl.ide.highlighting.XenguestSemanticHighlightingCalculator;
import org.xenguest.dsl.ide.hover.XenguestHoverService;
import org.xenguest.dsl.ide.quickfix.XenguestCodeActionService;
import org.xenguest.dsl.ide.symbols.XenguestDocumentSymbols;

/** UI-free editor services of the Xenguest language (language server, Eclipse editor, CLI). */
public class XenguestIdeModule extends AbstractXenguestIdeModule {

	public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
		return XenguestContentProposalProvider.class;
	}

	public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
		return XenguestSemanticHighlightingCalculator.class;
	}

	public Class<? extends IHoverService> bindIHoverService() {
		return XenguestHoverService.class;
	}

	public Class<? extends ICodeActionService2> bindICodeActionService2() {
		return XenguestCodeActionService.class;
	}

	public Class<? extends FormattingService> bindFormattingService() {
		return XenguestFormattingService.class;
	}

	public Class<? extends DocumentSymbolMapper.DocumentSymbolNameProvider> bindDocumentSymbolNameProvider() {
		return XenguestDocumentSymbols.Names.class;
	}

	public Class<? extends DocumentSymbolMapper.DocumentSymbolKindProvider> bindDocumentSymbolKindProvider() {
		return XenguestDocumentSymbols.Kinds.class;
	}

	public Class<? extends DocumentSymbolMapper.DocumentSymbolDetailsProvider> bindDocumentSymbolDetailsProvider() {
		return XenguestDocumentSymbols.Details.class;
	}

	/**
	 * When an editor's edit makes Xtext parse a model again from scratch, the old elements are not
	 * turned into proxies one by one (a walk over every element of a 5,000-line model per
	 * keystroke): nothing outside a model refers to its elements (ports are scoped to their guest,
	 * files do not refer to each other), so nothing could resolve to a stale one.
	 */
	public Class<? extends IReferableElementsUnloader> bindIReferableElementsUnloader() {
		return IReferableElementsUnloader.NullUnloader.class;
	}
}
