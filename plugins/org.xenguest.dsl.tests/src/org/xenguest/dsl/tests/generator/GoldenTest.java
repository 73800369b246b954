package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated text of each example, byte for byte, against golden/EXAMPLE/... . When a change
 * of the generator is intended, regenerate the golden files and review their diff:
 * {@code -Dxenguest.updateGolden=true} (see docs/generated-code.md).
 */
class GoldenTest {
	static final boolean UPDATE = Boolean.getBoolean("xenguest.updateGolden");

	@ParameterizedTest
	@ValueSource(strings = { "console-only", "motivating", "web" })
	void generatedTextMatchesTheGoldenFiles(String example) throws IOException {
		SortedMap<String, String> generated = Gen.generate(example);
		Path dir = Gen.golden().resolve(example);
		if (UPDATE) {
			Gen.deleteTree(dir);
			Gen.write(dir, generated);
			System.out.println("golden files of " + example + " rewritten in " + dir.toAbsolutePath());
			return;
		}
		if (!Files.isDirectory(dir)) {
			fail("no golden files at " + dir.toAbsolutePath() + ": generate them with -Dxenguest.updateGolden=true");
		}
		TreeSet<String> golden = new TreeSet<>();
		try (Stream<Path> files = Files.walk(dir)) {
			files.filter(Files::isRegularFile).forEach(f -> golden.add(dir.relativize(f).toString().replace('\\', '/')));
		}
		assertEquals(golden, new TreeSet<>(generated.keySet()), example
				+ ": the generator's files differ from the golden ones. If intended: -Dxenguest.updateGolden=true");
		for (String path : golden) {
			String expected = Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
			String actual = generated.get(path);
			if (!expected.equals(actual)) {
				fail(firstDifference(example + "/" + path, expected, actual)
						+ "\nIf the change is intended: -Dxenguest.updateGolden=true, then review the diff of golden/.");
			}
		}
	}

	static String firstDifference(String name, String expected, String actual) {
		String[] e = expected.split("\n", -1);
		String[] a = actual.split("\n", -1);
		for (int i = 0; i < Math.max(e.length, a.length); i++) {
			String el = i < e.length ? e[i] : "<end of file>";
			String al = i < a.length ? a[i] : "<end of file>";
			if (!el.equals(al)) {
				return "golden/" + name + ":" + (i + 1) + ": differs\n  golden:    " + el + "\n  generated: " + al;
			}
		}
		return "golden/" + name + ": differs";
	}
}
