package org.xenguest.dsl.generator;

import java.util.Map;
import java.util.TreeMap;

/**
 * Fills {@code ${key}} placeholders of a text block. Unknown or unused keys are errors, so a
 * template and its caller cannot drift apart silently. No other syntax: C and Java never contain
 * {@code ${}.
 */
final class Template {
	private final String text;
	private final Map<String, String> values = new TreeMap<>();

	private Template(String text) {
		this.text = text;
	}

	static Template of(String text) {
		return new Template(text);
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
