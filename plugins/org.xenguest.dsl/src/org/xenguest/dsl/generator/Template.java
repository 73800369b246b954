package org.xenguest.dsl.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills {@code ${key}} placeholders of a text block. Unknown or unused keys are errors, so a
 * template and its caller cannot drift apart silently. No other syntax: C and Java never contain
 * {@code ${}.
 * <p>
 * The C the emitters write lives in resources beside this class, {@code templates/UNIT.tmpl}, one
 * per generated file: a line {@code @@ NAME} starts a section that runs to the next such line (its
 * lines end in a newline); lines before the first section are notes for the reader.
 */
final class Template {
	private static final String DIR = "templates/";
	private static final Map<String, Map<String, String>> RESOURCES = new ConcurrentHashMap<>();

	private final String text;
	private final Map<String, String> values = new TreeMap<>();

	private Template(String text) {
		this.text = text;
	}

	static Template of(String text) {
		return new Template(text);
	}

	/** Section {@code section} of resource {@code templates/resource}, to be filled. */
	static Template section(String resource, String section) {
		return new Template(text(resource, section));
	}

	/** The raw text of a section (for sections without placeholders). */
	static String text(String resource, String section) {
		String text = RESOURCES.computeIfAbsent(resource, Template::load).get(section);
		if (text == null) {
			throw new IllegalStateException("no section @@ " + section + " in " + DIR + resource);
		}
		return text;
	}

	private static Map<String, String> load(String resource) {
		String all;
		try (InputStream in = Template.class.getResourceAsStream(DIR + resource)) {
			if (in == null) {
				throw new IllegalStateException("generator template missing: " + DIR + resource);
			}
			all = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
		} catch (IOException e) {
			throw new UncheckedIOException("generator template " + DIR + resource + " unreadable", e);
		}
		Map<String, String> sections = new HashMap<>();
		String name = null;
		StringBuilder body = new StringBuilder();
		for (String line : all.split("\n", -1)) {
			if (line.startsWith("@@ ")) {
				if (name != null && sections.put(name, body.toString()) != null) {
					throw new IllegalStateException("section @@ " + name + " twice in " + DIR + resource);
				}
				name = line.substring(3).trim();
				body.setLength(0);
			} else if (name != null) {
				body.append(line).append('\n');
			}
		}
		if (name == null) {
			throw new IllegalStateException("no @@ section in " + DIR + resource);
		}
		// The file's last newline ends the last line, not one more empty line.
		String last = body.toString();
		if (all.endsWith("\n") && last.endsWith("\n")) {
			last = last.substring(0, last.length() - 1);
		}
		if (sections.put(name, last) != null) {
			throw new IllegalStateException("section @@ " + name + " twice in " + DIR + resource);
		}
		return Map.copyOf(sections);
	}

	Template with(String key, Object value) {
		if (values.put(key, String.valueOf(value)) != null) {
			throw new IllegalStateException("template key given twice: " + key);
		}
		return this;
	}

	Template with(Map<String, String> more) {
		more.forEach(this::with);
		return this;
	}

	String fill() {
		StringBuilder out = new StringBuilder(text.length() + 256);
		java.util.Set<String> used = new java.util.TreeSet<>();
		int i = 0;
		while (true) {
			int start = text.indexOf("${", i);
			if (start < 0) {
				out.append(text, i, text.length());
				break;
			}
			int end = text.indexOf('}', start);
			if (end < 0) {
				throw new IllegalStateException("unterminated placeholder at " + start);
			}
			String key = text.substring(start + 2, end);
			String value = values.get(key);
			if (value == null) {
				throw new IllegalStateException("no value for template key ${" + key + "}");
			}
			used.add(key);
			out.append(text, i, start).append(value);
			i = end + 1;
		}
		if (!used.containsAll(values.keySet())) {
			java.util.Set<String> unused = new java.util.TreeSet<>(values.keySet());
			unused.removeAll(used);
			throw new IllegalStateException("template keys not used: " + unused);
		}
		return out.toString();
	}
}
