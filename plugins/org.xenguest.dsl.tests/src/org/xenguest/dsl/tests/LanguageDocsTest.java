package org.xenguest.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.TerminalRule;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.docs.LanguageDocs;

/** The documentation source of hover, content assist and the language reference covers the whole language. */
public class LanguageDocsTest {

	@Test
	void everyKeywordVirqAndFeatureIsDocumented() {
		IGrammarAccess grammar = Xg.injector().getInstance(IGrammarAccess.class);
		for (Keyword k : GrammarUtil.containedKeywords(grammar.getGrammar())) {
			String v = k.getValue();
			if (!(GrammarUtil.containingRule(k) instanceof TerminalRule) && v.matches("[a-z][a-z0-9-]*")) {
				assertTrue(LanguageDocs.keyword(v).isPresent(), "keyword without documentation: " + v);
			}
		}
		for (Virq v : Virq.values()) {
			assertTrue(LanguageDocs.virq(v.dslName()).isPresent(), "VIRQ without documentation: " + v);
		}
		for (NetifFeatures f : NetifFeatures.values()) {
			assertTrue(LanguageDocs.feature(f.dslName()).isPresent(), "feature without documentation: " + f);
		}
		String md = LanguageDocs.markdown();
		assertTrue(md.contains("| `grant-table` |") && md.contains("| `dom_exc` |") && md.contains("| `gso-tcpv4` |"), md);
	}
}
