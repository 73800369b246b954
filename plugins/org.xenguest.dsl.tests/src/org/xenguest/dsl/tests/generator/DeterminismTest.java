package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.generator.GeneratorVersion;
import org.xenguest.dsl.generator.GuestGenerator;
import org.xenguest.dsl.tests.Xg;

/** Same model, same bytes; every file names its model and the generator version; the layout of the output. */
class DeterminismTest {
	/* A date (a MAC such as 00:16:3e:30:49:52 looks like a time of day, so no times). */
	private static final Pattern DATE = Pattern.compile("(19|20)\\d\\d-[01]\\d-[0-3]\\d");

	@Test
	void twoRunsGiveTheSameBytesWhateverTheLocale() {
		for (String example : Gen.EXAMPLES) {
			SortedMap<String, String> first = Gen.generate(example);
			Locale saved = Locale.getDefault();
			try {
				Locale.setDefault(Locale.forLanguageTag("tr-TR")); // 'i'.toUpperCase() is not 'I' there
				assertEquals(first, Gen.generate(example), example);
			} finally {
				Locale.setDefault(saved);
			}
			assertEquals(first, Gen.generate(example), example);
		}
	}

	@Test
	void everyFileNamesItsModelAndTheGeneratorVersion() {
		for (String example : Gen.EXAMPLES) {
			for (Map.Entry<String, String> f : Gen.generate(example).entrySet()) {
				String head = f.getValue().substring(0, Math.min(400, f.getValue().length()));
				assertTrue(head.contains(example + ".xenguest"), f.getKey() + " does not name its model: " + head);
				assertTrue(head.contains("Xen Guest Studio " + GeneratorVersion.VERSION), f.getKey() + ": " + head);
				assertFalse(DATE.matcher(f.getValue()).find(), f.getKey() + " contains a date or time");
				assertTrue(f.getValue().endsWith("\n") && !f.getValue().contains("\r"), f.getKey() + ": line ends");
			}
		}
	}

	@Test
	void theOutputLayoutIsTheDocumentedOne() {
		assertEquals(java.util.List.of("c/web_evtchn.c", "c/web_gdbstub.c", "c/web_gnttab.c", "c/web_guest.h",
				"c/web_netfront.c", "c/web_platform.h", "c/web_platform_pvh.c", "c/web_runtime.c", "c/web_xenstore.c",
				"java/org/xenguest/generated/WebDescriptor.java", "manifest/web.json", "xl/web.cfg"),
				java.util.List.copyOf(Gen.generate("web").keySet()));
		assertEquals(java.util.List.of("c/hello_evtchn.c", "c/hello_gnttab.c", "c/hello_guest.h", "c/hello_platform.h",
				"c/hello_platform_pvh.c", "c/hello_runtime.c", "c/hello_xenstore.c", "java/org/xenguest/generated/HelloDescriptor.java",
				"manifest/hello.json", "xl/hello.cfg"), java.util.List.copyOf(Gen.generate("console-only").keySet()));
	}

	@Test
	void twoGuestsInOneFileEachGetTheirFiles() {
		XtextResource r = Xg.parse("guest a { port p : ipi handler h1 }\nguest b_c { vcpus 2 port q : ipi vcpu 1 }\n");
		SortedMap<String, String> out = GuestGenerator.generate(Xg.model(r), "two.xenguest");
		assertTrue(out.containsKey("c/a_evtchn.c") && out.containsKey("c/b_c_evtchn.c"), out.keySet().toString());
		assertTrue(out.containsKey("java/org/xenguest/generated/BCDescriptor.java"), out.keySet().toString());
		assertTrue(out.get("c/b_c_evtchn.c").contains("static const uint8_t timer_port_index[B_C_VCPUS] = "
				+ "{ NO_TIMER_PORT, NO_TIMER_PORT };"), "both vCPUs get a VIRQ_TIMER of their own");
	}

	@Test
	void aModelTheGeneratorCannotEmitIsRefusedClearly() {
		XtextResource r = Xg.parse("guest g { netfront n { backend 0 } }");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> GuestGenerator.generate(Xg.model(r), "g.xenguest"));
		assertTrue(e.getMessage().contains("netfront n names no") && e.getMessage().contains("XG406"), e.getMessage());
	}
}
