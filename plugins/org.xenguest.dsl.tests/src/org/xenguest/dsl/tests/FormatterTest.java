package org.xenguest.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Formatting is a round trip on the examples, and puts a messy model into the house style. */
public class FormatterTest {

	@ParameterizedTest
	@ValueSource(strings = { "web.xenguest", "console-only.xenguest", "motivating.xenguest" })
	void examplesAreAlreadyFormatted(String example) {
		String text = Xg.example(example);
		assertEquals(text, Xg.format(text));
	}

	@Test
	void messyModelGetsTheHouseStyle() {
		String messy = "// a comment\n"
				+ "guest   web{type pvh role   domU vcpus   1\n"
				+ "memory 256M\n\n\n\n"
				+ "grant-table   version 1   frames 4\n"
				+ "  port store:xenstore\n"
				+ "port net0 :    unbound   remote 0 handler on_net0 vcpu 0\n"
				+ "grant blk [ 8 ] to 0 readonly\n"
				+ "xenstore{\"data/ip\"=\"10.0.0.2\" \"control/shutdown\" watch   handler on_shutdown}\n"
				+ "netfront net0{backend 0 port net0 features sg   rx-notify mac \"00:16:3e:30:49:52\"}\n"
				+ "/* stub */ debug stub serial com2 writable}";
		String expected = "// a comment\n"
				+ "guest web {\n"
				+ "    type pvh\n"
				+ "    role domU\n"
				+ "    vcpus 1\n"
				+ "    memory 256M\n"
				+ "\n"
				+ "    grant-table version 1 frames 4\n"
				+ "    port store : xenstore\n"
				+ "    port net0  : unbound remote 0 handler on_net0 vcpu 0\n"
				+ "    grant blk[8] to 0 readonly\n"
				+ "    xenstore {\n"
				+ "        \"data/ip\" = \"10.0.0.2\"\n"
				+ "        \"control/shutdown\" watch handler on_shutdown\n"
				+ "    }\n"
				+ "    netfront net0 {\n"
				+ "        backend 0\n"
				+ "        port net0\n"
				+ "        features sg rx-notify\n"
				+ "        mac \"00:16:3e:30:49:52\"\n"
				+ "    }\n"
				+ "    /* stub */ debug stub serial com2 writable\n"
				+ "}\n";
		assertEquals(expected, Xg.format(messy));
		assertEquals(expected, Xg.format(expected));
	}

	@Test
	void guestsAreSeparatedByOneBlankLine() {
		assertEquals("guest a {\n}\n\nguest b {\n    vcpus 2\n}\n", Xg.format("guest a{}guest b{vcpus 2}"));
	}
}
