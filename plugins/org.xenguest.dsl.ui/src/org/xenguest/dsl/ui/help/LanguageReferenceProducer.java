package org.xenguest.dsl.ui.help;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.help.IHelpContentProducer;

/**
 * Eclipse Help's content for this bundle's help topic (toc.xml): the language reference page,
 * made when asked from the same {@link LanguageReference} as {@code xenguest docs}, so Help never
 * shows a stale copy. Other paths fall through to the bundle's files.
 */
public class LanguageReferenceProducer implements IHelpContentProducer {
	/** The topic's href in toc.xml. */
	public static final String HREF = "help/language.html";

	@Override
	public InputStream getInputStream(String pluginID, String href, Locale locale) {
		String path = href.contains("?") ? href.substring(0, href.indexOf('?')) : href;
		if (!HREF.equals(path)) {
			return null;
		}
		return new ByteArrayInputStream(LanguageReference.html().getBytes(StandardCharsets.UTF_8));
	}
}
