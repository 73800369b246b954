package org.xenguest.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.TextRegion;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.ide.highlighting.XenguestHighlightingStyles;
import org.xenguest.dsl.ide.hover.XenguestDocumentation;

/** Content assist, hover, semantic highlighting and document symbols. */
public class IdeServicesTest {
	private static final ExecutorService POOL = Executors.newCachedThreadPool();

	@AfterAll
	static void stopPool() {
		POOL.shutdownNow();
	}

	/** Proposals at the '|' in {@code textWithCursor}. */
	static List<ContentAssistEntry> proposals(String textWithCursor) {
		int offset = textWithCursor.indexOf('|');
		String text = textWithCursor.substring(0, offset) + textWithCursor.substring(offset + 1);
		XtextResource resource = Ide.parse(text);
		ContentAssistContextFactory factory = Ide.injector().getInstance(ContentAssistContextFactory.class);
		factory.setPool(POOL);
		ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
		IdeContentProposalAcceptor acceptor = Ide.injector().getInstance(IdeContentProposalAcceptor.class);
		Ide.injector().getInstance(IdeContentProposalProvider.class).createProposals(Arrays.asList(contexts), acceptor);
		List<ContentAssistEntry> entries = new ArrayList<>();
		acceptor.getEntries().forEach(entries::add);
		return entries;
	}

	static List<String> names(List<ContentAssistEntry> entries) {
		List<String> names = new ArrayList<>();
		entries.forEach(e -> names.add(e.getProposal()));
		return names;
	}

	@Test
	void contentAssistProposesPortKinds() {
		List<String> p = names(proposals("guest g {\n    port p : |\n}\n"));
		assertTrue(p.containsAll(List.of("xenstore", "console", "virq", "unbound", "interdomain", "ipi")), p.toString());
		assertFalse(p.contains("guest"), p.toString());
	}

	@Test
	void contentAssistProposesVirqNamesWithDocumentation() {
		List<ContentAssistEntry> entries = proposals("guest g {\n    port t : virq |\n}\n");
		List<String> p = names(entries);
		assertTrue(p.containsAll(Virq.dslNames()), p.toString());
		assertEquals(Virq.dslNames().size(), p.size(), "no keyword or duplicate among the VIRQ names: " + p);
		ContentAssistEntry timer = entries.stream().filter(e -> e.getProposal().equals("timer")).findFirst().orElseThrow();
		assertTrue(timer.getDocumentation().contains("VIRQ_TIMER"), timer.getDocumentation());
		// with a prefix
		assertEquals(List.of("debug", "debugger", "dom_exc"), names(proposals("guest g {\n    port t : virq d|\n}\n"))
				.stream().filter(n -> n.startsWith("d")).sorted().toList());
	}

	@Test
	void contentAssistProposesFeaturesKeywordsAndPorts() {
		List<String> features = names(proposals("guest g {\n    netfront n {\n        features |\n    }\n}\n"));
		assertTrue(features.containsAll(NetifFeatures.dslNames()), features.toString());
		List<String> ports = names(proposals(
				"guest g {\n    port net0 : unbound remote 0\n    port ctl : ipi\n    netfront n {\n        port |\n    }\n}\n"));
		assertTrue(ports.containsAll(List.of("net0", "ctl")), ports.toString());
		List<String> body = names(proposals("guest g {\n    |\n}\n"));
		assertTrue(body.containsAll(List.of("type", "vcpus", "memory", "event-channels", "grant-table", "port", "grant",
				"xenstore", "netfront", "debug", "}")), body.toString());
	}

	@Test
	void hoverDocumentsKeywordsVirqsFeaturesAndPortReferences() {
		String text = Ide.example("web.xenguest");
		XtextResource r = Ide.parse(text);
		XenguestDocumentation docs = Ide.injector().getInstance(XenguestDocumentation.class);
		XenguestDocumentation.Documentation grantTable = docs.at(r, text.indexOf("grant-table") + 3).orElseThrow();
		assertTrue(grantTable.markdown().contains("512 entries"), grantTable.markdown());
		assertEquals(text.indexOf("grant-table"), grantTable.offset());
		assertEquals("grant-table".length(), grantTable.length());
		String timer = docs.at(r, text.indexOf("virq timer") + 6).orElseThrow().markdown();
		assertTrue(timer.contains("VIRQ_TIMER") && timer.contains("set_timer_op"), timer);
		String gso = docs.at(r, text.indexOf("gso-tcpv4") + 1).orElseThrow().markdown();
		assertTrue(gso.contains("feature-gso-tcpv4"), gso);
		int ref = text.indexOf("port net0\n") + "port ".length();
		String port = docs.at(r, ref + 1).orElseThrow().markdown();
		assertTrue(port.contains("port net0 : unbound remote 0 handler on_net0 vcpu 0"), port);
		assertTrue(docs.at(r, text.indexOf("web.xenguest")).isEmpty(), "no hover in comments");
	}

	@Test
	void hoverOnSelfAndOnAPartnerReference() {
		String text = "guest g {\n    port a0 : unbound remote self handler on_a0\n"
				+ "    port b0 : interdomain remote self port a0 handler on_b0\n}\n";
		XtextResource r = Ide.parse(text);
		XenguestDocumentation docs = Ide.injector().getInstance(XenguestDocumentation.class);
		String self = docs.at(r, text.indexOf("self") + 1).orElseThrow().markdown();
		assertTrue(self.startsWith("**self**") && self.contains("DOMID_SELF"), self);
		String partner = docs.at(r, text.indexOf("port a0 handler") + "port ".length() + 1).orElseThrow().markdown();
		assertTrue(partner.contains("port a0 : unbound remote self handler on_a0"), partner);
	}

	@Test
	void semanticHighlighting() {
		String text = Ide.example("web.xenguest");
		XtextResource r = Ide.parse(text);
		Map<String, List<String>> styles = new HashMap<>();
		Ide.injector().getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(r,
				(offset, length, ids) -> styles.computeIfAbsent(text.substring(offset, offset + length), k -> new ArrayList<>())
						.addAll(Arrays.asList(ids)),
				CancelIndicator.NullImpl);
		assertTrue(styles.get("web").contains(XenguestHighlightingStyles.DECLARATION_ID), styles.toString());
		assertTrue(styles.get("timer").contains(XenguestHighlightingStyles.VIRQ_ID), styles.toString());
		assertTrue(styles.get("on_net0").contains(XenguestHighlightingStyles.HANDLER_ID), styles.toString());
		assertTrue(styles.get("\"data/ip\"").contains(XenguestHighlightingStyles.XENSTORE_PATH_ID), styles.toString());
		assertTrue(styles.get("rx-notify").contains(XenguestHighlightingStyles.FEATURE_ID), styles.toString());
		assertTrue(styles.get("256M").contains(XenguestHighlightingStyles.SIZE_ID), styles.toString());
		assertTrue(styles.get("interdomain").contains(XenguestHighlightingStyles.PORT_KIND_ID), styles.toString());
		assertTrue(styles.get("net0").contains(XenguestHighlightingStyles.REFERENCE_ID), styles.toString());
	}

	@Test
	void documentSymbolsOutlineTheGuest() {
		XtextResource r = Ide.parse(Ide.example("web.xenguest"));
		List<DocumentSymbol> roots = Ide.injector().getInstance(HierarchicalDocumentSymbolService.class).getSymbols(r,
				CancelIndicator.NullImpl);
		assertEquals(1, roots.size());
		DocumentSymbol web = roots.get(0);
		assertEquals("web", web.getName());
		assertEquals(SymbolKind.Module, web.getKind());
		List<String> children = web.getChildren().stream().map(DocumentSymbol::getName).toList();
		assertEquals(List.of("grant-table", "store", "console", "timer", "net0", "ping", "blk", "xenstore", "net0",
				"debug stub"), children);
		DocumentSymbol timer = web.getChildren().get(3);
		assertEquals(SymbolKind.Event, timer.getKind());
		assertEquals("port timer : virq timer handler on_timer", timer.getDetail());
		assertEquals(List.of("data/ip", "control/shutdown"),
				web.getChildren().get(7).getChildren().stream().map(DocumentSymbol::getName).toList());
	}
}
