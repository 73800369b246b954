package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The generator's shape (docs/generated-code.md, "Where the text comes from"): the C lives in
 * generator/templates/*.tmpl, not in Java strings; each emitter method stays short; every template
 * and every section of it is used by the emitter that names it.
 */
class EmitterShapeTest {
	/** Longest text block an emitter may still hold (a few lines of glue, never a file). */
	private static final int MAX_TEXT_BLOCK_LINES = 12;
	/** Longest method of the generator package. */
	private static final int MAX_METHOD_LINES = 100;
	private static final Pattern METHOD = Pattern
			.compile("^\\t(?:(?:public|private|protected|static|final)\\s+)+[\\w<>\\[\\], .?]+\\s+(\\w+)\\s*\\([^;=]*\\{\\s*$");
	private static final Pattern SECTION = Pattern.compile("^@@ (\\S+)\\s*$", Pattern.MULTILINE);

	private static Path generatorSources() {
		String configured = System.getProperty("xenguest.dslSrc");
		Path p = (configured != null ? Path.of(configured) : Path.of("../org.xenguest.dsl/src"))
				.resolve("org/xenguest/dsl/generator");
		assertTrue(Files.isRegularFile(p.resolve("GuestGenerator.java")),
				"no org.xenguest.dsl sources at " + p.toAbsolutePath() + " (set -Dxenguest.dslSrc=DIR)");
		return p;
	}

	private static Map<String, String> read(Path dir, String suffix) throws IOException {
		Map<String, String> out = new TreeMap<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
				out.put(f.getFileName().toString(), Files.readString(f).replace("\r\n", "\n"));
			}
		}
		return out;
	}

	@Test
	void noEmitterHoldsAFileOfCInAString() throws IOException {
		List<String> tooLong = new ArrayList<>();
		for (var e : read(generatorSources(), ".java").entrySet()) {
			String[] lines = e.getValue().split("\n", -1);
			int open = -1;
			for (int i = 0; i < lines.length; i++) {
				int quotes = lines[i].split("\"\"\"", -1).length - 1;
				for (int q = 0; q < quotes; q++) {
					if (open < 0) {
						open = i;
					} else {
						if (i - open - 1 > MAX_TEXT_BLOCK_LINES) {
							tooLong.add(e.getKey() + ":" + (open + 1) + " (" + (i - open - 1) + " lines)");
						}
						open = -1;
					}
				}
			}
		}
		assertEquals(List.of(), tooLong, "text blocks longer than " + MAX_TEXT_BLOCK_LINES
				+ " lines: move the text to generator/templates/*.tmpl");
	}

	@Test
	void noGeneratorMethodIsHundredsOfLines() throws IOException {
		List<String> tooLong = new ArrayList<>();
		int methods = 0;
		for (var e : read(generatorSources(), ".java").entrySet()) {
			String[] lines = e.getValue().split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				Matcher m = METHOD.matcher(lines[i]);
				if (!m.matches()) {
					continue;
				}
				methods++;
				int end = i + 1;
				while (end < lines.length && !lines[end].equals("\t}")) {
					end++;
				}
				if (end - i + 1 > MAX_METHOD_LINES) {
					tooLong.add(e.getKey() + " " + m.group(1) + " (" + (end - i + 1) + " lines)");
				}
				i = end;
			}
		}
		assertTrue(methods >= 40, "found only " + methods + " methods: does METHOD still match the sources' style?");
		assertEquals(List.of(), tooLong, "methods longer than " + MAX_METHOD_LINES + " lines");
	}

	@Test
	void everyTemplateAndEverySectionIsUsed() throws IOException {
		Path dir = generatorSources();
		Map<String, String> java = read(dir, ".java");
		Map<String, String> templates = read(dir.resolve("templates"), ".tmpl");
		assertTrue(templates.containsKey("runtime.c.tmpl") && templates.containsKey("evtchn.c.tmpl"),
				templates.keySet().toString());
		List<String> unused = new ArrayList<>();
		for (var t : templates.entrySet()) {
			String quoted = "\"" + t.getKey() + "\"";
			List<String> users = java.entrySet().stream().filter(j -> j.getValue().contains(quoted)).map(Map.Entry::getKey)
					.toList();
			if (users.size() != 1) {
				unused.add(t.getKey() + " is named by " + users + " (one emitter expected)");
				continue;
			}
			String emitter = java.get(users.get(0));
			Matcher m = SECTION.matcher(t.getValue());
			List<String> sections = new ArrayList<>();
			while (m.find()) {
				sections.add(m.group(1));
				if (!emitter.contains("\"" + m.group(1) + "\"")) {
					unused.add(t.getKey() + ": section " + m.group(1) + " is not used by " + users.get(0));
				}
			}
			if (!sections.contains("file")) {
				unused.add(t.getKey() + " has no section file");
			}
		}
		assertEquals(List.of(), unused);
	}
}
