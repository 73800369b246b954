package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.xenguest.dsl.generator.GeneratedOutput;

/** Every file the generator writes belongs to one output kind, so choosing kinds (the editor's preferences) drops nothing unasked. */
class GeneratedOutputTest {

	@Test
	void everyGeneratedPathHasAKindAndFilteringKeepsExactlyTheChosenKinds() {
		for (String example : Gen.EXAMPLES) {
			SortedMap<String, String> all = Gen.generate(example);
			EnumSet<GeneratedOutput> seen = EnumSet.noneOf(GeneratedOutput.class);
			for (String path : all.keySet()) {
				GeneratedOutput kind = GeneratedOutput.of(path);
				assertNotNull(kind, example + ": " + path + " belongs to no GeneratedOutput kind");
				seen.add(kind);
			}
			assertEquals(EnumSet.allOf(GeneratedOutput.class), seen, example + " generates every kind");
			assertEquals(all, GeneratedOutput.only(all, EnumSet.allOf(GeneratedOutput.class)));
			SortedMap<String, String> xl = GeneratedOutput.only(all, EnumSet.of(GeneratedOutput.XL_CONFIG));
			assertTrue(!xl.isEmpty() && xl.keySet().stream().allMatch(p -> p.startsWith("xl/") && p.endsWith(".cfg")), xl.keySet().toString());
			assertTrue(GeneratedOutput.only(all, EnumSet.noneOf(GeneratedOutput.class)).isEmpty());
		}
	}
}
