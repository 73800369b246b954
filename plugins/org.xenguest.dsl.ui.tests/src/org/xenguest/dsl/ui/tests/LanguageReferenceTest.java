package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.core.commands.Command;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.help.IHelpContentProducer;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.w3c.dom.Element;
import org.xenguest.dsl.ui.help.LanguageReference;
import org.xenguest.dsl.ui.help.LanguageReferenceView;

/** The language reference in the IDE: the Help Contents book (toc + generated page) and the view its command opens. */
public class LanguageReferenceTest {
	private static final String BUNDLE = "org.xenguest.dsl.ui";

	private static Path committedReference() {
		return Path.of(System.getProperty("xenguest.examples")).resolveSibling("docs/language.md");
	}

	@Test
	void theReferenceIsDocsLanguageMd() throws Exception {
		assertEquals(Files.readString(committedReference(), StandardCharsets.UTF_8), LanguageReference.markdown(),
				"the IDE's reference and docs/language.md (xenguest docs) come from one source");
	}

	@Test
	void helpContentsHasABookWhosePageIsTheReference() throws Exception {
		IConfigurationElement toc = Arrays.stream(Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.help.toc"))
				.filter(e -> BUNDLE.equals(e.getContributor().getName())).findFirst()
				.orElseThrow(() -> new AssertionError("no org.eclipse.help.toc from " + BUNDLE));
		assertEquals("true", toc.getAttribute("primary"), "a book of its own in Help Contents");
		Bundle bundle = Platform.getBundle(BUNDLE);
		URL file = bundle.getEntry(toc.getAttribute("file"));
		assertNotNull(file, toc.getAttribute("file") + " is not in the bundle");
		Element root;
		try (InputStream in = file.openStream()) {
			root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
		}
		Element topic = (Element) root.getElementsByTagName("topic").item(0);
		String href = topic.getAttribute("href");

		IConfigurationElement producer = Arrays
				.stream(Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.help.contentProducer"))
				.filter(e -> BUNDLE.equals(e.getContributor().getName())).findFirst()
				.orElseThrow(() -> new AssertionError("no org.eclipse.help.contentProducer from " + BUNDLE));
		assertEquals("contentProducer", producer.getName());
		IHelpContentProducer p = (IHelpContentProducer) producer.createExecutableExtension("producer");
		String html;
		// Help asks with the bundle id and the topic's href (sometimes with a query)
		try (InputStream in = p.getInputStream(BUNDLE, href + "?nav=/1", Locale.ENGLISH)) {
			assertNotNull(in, "the producer makes no page for the toc's topic " + href);
			html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertTrue(html.contains("<h1>The guest language reference</h1>"), html.substring(0, Math.min(400, html.length())));
		assertTrue(html.contains("<td><code>grant-table</code></td>"), "the keywords table");
		assertTrue(html.contains("<td>XG101</td>"), "the diagnostic codes table");
		assertTrue(html.contains("serial com1|com2") || html.contains("<code>serial com1|com2</code>"),
				"an escaped bar inside a cell is a bar");
		assertEquals(null, p.getInputStream(BUNDLE, "plugin.xml", Locale.ENGLISH), "other paths are the bundle's files");
	}

	@Test
	void theCommandOpensTheReferenceView() throws Exception {
		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		Command command = commands.getCommand("org.xenguest.dsl.ui.languageReference");
		assertEquals("Xen Guest Language Reference", command.getName());
		Ui.page().hideView(Ui.page().findView(LanguageReferenceView.ID));
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(command.getId(), null);
		IViewPart view = Ui.waitFor("the language reference view", 10_000, () -> Ui.page().findView(LanguageReferenceView.ID));
		String shown = ((LanguageReferenceView) view).text();
		assertTrue(shown.startsWith("The guest language reference\n"), shown.substring(0, 200));
		assertTrue(shown.contains("\ngrant-table: grant-table version V frames F: the guest's grant table."), "keyword row");
		assertTrue(shown.contains("\ntimer: "), "VIRQ row");
		assertTrue(shown.contains("\nXG101: "), "diagnostic code row");
		assertTrue(!shown.contains("| --- |") && !shown.contains("`"), "Markdown syntax left in the view");
		Ui.screenshot("language-reference-view.png");
		Ui.page().hideView(view);
	}
}
