package org.xenguest.dsl.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.validation.XenguestIssueCodes;

/**
 * The documentation of the language's keywords, VIRQ names and netfront features, read from
 * {@code LanguageDocs.properties} beside this class: the one source for editor hovers,
 * content-assist descriptions and the README's language section ({@link #markdown()}).
 */
public final class LanguageDocs {
	private static final Map<String, String> KEYWORDS = new TreeMap<>();
	private static final Map<String, String> VIRQS = new TreeMap<>();
	private static final Map<String, String> FEATURES = new TreeMap<>();

	static {
		Properties p = new Properties();
		try (InputStream in = LanguageDocs.class.getResourceAsStream("LanguageDocs.properties")) {
			if (in == null) {
				throw new IllegalStateException("LanguageDocs.properties is missing from the bundle");
			}
			p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		for (String key : p.stringPropertyNames()) {
			String text = p.getProperty(key).trim();
			if (key.startsWith("keyword.")) {
				KEYWORDS.put(key.substring("keyword.".length()), text);
			} else if (key.startsWith("virq.")) {
				VIRQS.put(key.substring("virq.".length()), text);
			} else if (key.startsWith("feature.")) {
				FEATURES.put(key.substring("feature.".length()), text);
			}
		}
	}

	private LanguageDocs() {
	}

	public static Optional<String> keyword(String keyword) {
		return Optional.ofNullable(KEYWORDS.get(keyword));
	}

	/** By DSL name or alias (e.g. {@code vm_event}). */
	public static Optional<String> virq(String name) {
		return Virq.byName(name).map(v -> VIRQS.get(v.dslName()));
	}

	public static Optional<String> feature(String name) {
		return Optional.ofNullable(FEATURES.get(name));
	}

	public static Map<String, String> keywords() {
		return Collections.unmodifiableMap(KEYWORDS);
	}

	public static Map<String, String> virqs() {
		return Collections.unmodifiableMap(VIRQS);
	}

	public static Map<String, String> features() {
		return Collections.unmodifiableMap(FEATURES);
	}

	/** The language reference (docs/language.md): keywords, VIRQs (in number order), features (in netif order), diagnostic codes. */
	public static String markdown() {
		StringBuilder sb = new StringBuilder();
		sb.append("### Keywords\n\n| keyword | meaning |\n| --- | --- |\n");
		KEYWORDS.forEach((k, v) -> sb.append("| `").append(k).append("` | ").append(cell(v)).append(" |\n"));
		sb.append("\n### VIRQ names\n\n| name | meaning |\n| --- | --- |\n");
		for (Virq v : Virq.values()) {
			sb.append("| `").append(v.dslName()).append("` | ").append(cell(VIRQS.getOrDefault(v.dslName(), ""))).append(" |\n");
		}
		sb.append("\n### Netfront features\n\n| feature | meaning |\n| --- | --- |\n");
		for (NetifFeatures f : NetifFeatures.values()) {
			sb.append("| `").append(f.dslName()).append("` | ").append(cell(FEATURES.getOrDefault(f.dslName(), "")))
					.append(" |\n");
		}
		sb.append("\n### Diagnostic codes\n\n| code | name | severity | rule |\n| --- | --- | --- | --- |\n");
		for (XenguestIssueCodes code : XenguestIssueCodes.values()) {
			sb.append("| ").append(code.code()).append(" | ").append(code.shortName()).append(" | ")
					.append(code.severity().name().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(cell(code.rule()))
					.append(" |\n");
		}
		return sb.toString();
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

	/** Prints {@link #markdown()}: {@code java org.xenguest.dsl.docs.LanguageDocs > language.md}. */
	public static void main(String[] args) {
		System.out.print(markdown());
	}
}
