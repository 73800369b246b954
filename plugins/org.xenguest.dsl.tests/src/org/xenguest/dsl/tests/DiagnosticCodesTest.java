package org.xenguest.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.validation.XenguestIssueCodes;

/**
 * One test per diagnostic code: the code, its severity and its exact location (offset, length,
 * line and column of the offending text) are asserted, and the message says what to do.
 */
public class DiagnosticCodesTest {

	/** Where {@code needle} is: its {@code nth} (0-based) occurrence after the first occurrence of {@code context}. */
	static int[] at(String text, String context, String needle, int nth) {
		int from = text.indexOf(context);
		assertTrue(from >= 0, "context not in model: " + context);
		int offset = text.indexOf(needle, from);
		for (int i = 0; i < nth; i++) {
			offset = text.indexOf(needle, offset + 1);
		}
		assertTrue(offset >= 0, "needle not in model: " + needle);
		int line = 1;
		int lineStart = 0;
		for (int i = 0; i < offset; i++) {
			if (text.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		return new int[] { offset, needle.length(), line, offset - lineStart + 1 };
	}

	static int[] at(String text, String context, String needle) {
		return at(text, context, needle, 0);
	}

	/** Exactly one issue with {@code code}, of {@code severity}, exactly at {@code where}; returns it. */
	static Issue assertIssue(String model, String code, Severity severity, int[] where) {
		List<Issue> all = Xg.validate(model);
		List<Issue> issues = all.stream().filter(i -> code.equals(i.getCode())).collect(Collectors.toList());
		if (issues.size() != 1) {
			fail("expected one " + code + ", got:\n" + Xg.describe(all));
		}
		Issue issue = issues.get(0);
		assertEquals(severity, issue.getSeverity(), issue.getMessage());
		assertEquals(where[0], issue.getOffset(), () -> "offset of " + code + ": " + issue.getMessage());
		assertEquals(where[1], issue.getLength(), () -> "length of " + code + ": " + issue.getMessage());
		assertEquals(where[2], issue.getLineNumber(), "line");
		assertEquals(where[3], issue.getColumn(), "column");
		assertTrue(issue.getMessage().length() > 40, "message explains: " + issue.getMessage());
		assertEquals(XenguestIssueCodes.byCode(code).orElseThrow().severity(), severity, "severity table of " + code);
		return issue;
	}

	static String guest(String body) {
		return "guest g {\n" + body + "\n}\n";
	}

	@Test
	void everyCodeHasATest() {
		List<String> tested = Arrays.stream(getClass().getDeclaredMethods()).map(Method::getName)
				.filter(n -> n.matches("xg\\d{3}_.*")).map(n -> n.substring(0, 5).toUpperCase())
				.collect(Collectors.toList());
		for (XenguestIssueCodes code : XenguestIssueCodes.values()) {
			assertTrue(tested.contains(code.code()), "no test for " + code.code());
		}
	}

	@Test
	void xg001_duplicateSetting() {
		String m = guest("vcpus 3\nvcpus 4");
		assertIssue(m, "XG001", Severity.ERROR, at(m, "vcpus 4", "4"));
		String n = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nrx-ring 64\nrx-ring 128\n}");
		assertIssue(n, "XG001", Severity.ERROR, at(n, "rx-ring 128", "128"));
		// a second grant-table (an object, not a value) is located on the whole second statement
		String t = guest("grant-table version 1 frames 2\ngrant-table frames 4");
		assertIssue(t, "XG001", Severity.ERROR, at(t, "frames 2", "grant-table frames 4"));
	}

	@Test
	void xg002_duplicateGuest() {
		String m = "guest alpha {\n}\nguest alpha {\n}\n";
		Issue i = assertIssue(m, "XG002", Severity.ERROR, at(m, "alpha", "alpha", 1));
		assertEquals("alpha_2", i.getData()[0]);
	}

	@Test
	void xg003_invalidIdentifier() {
		String m = guest("port int : ipi");
		assertIssue(m, "XG003", Severity.ERROR, at(m, "port int", "int"));
	}

	@Test
	void xg010_vcpusRange() {
		String m = guest("vcpus 0");
		assertIssue(m, "XG010", Severity.ERROR, at(m, "vcpus 0", "0"));
	}

	@Test
	void xg011_vcpusBeyondSharedInfo() {
		String m = guest("vcpus 48");
		Issue i = assertIssue(m, "XG011", Severity.WARNING, at(m, "vcpus", "48"));
		assertTrue(i.getMessage().contains("VCPUOP_register_vcpu_info"));
	}

	@Test
	void xg012_memorySize() {
		String m = guest("memory 1001K");
		assertIssue(m, "XG012", Severity.ERROR, at(m, "memory", "1001K"));
	}

	@Test
	void xg013_domidRange() {
		String m = guest("port p : unbound remote 32752");
		assertIssue(m, "XG013", Severity.ERROR, at(m, "remote", "32752"));
	}

	@Test
	void xg101_grantBudget() {
		String m = guest("grant-table version 1 frames 1\nport pa : unbound remote 0\nnetfront nf {\nport pa\n}");
		Issue i = assertIssue(m, "XG101", Severity.ERROR, at(m, "frames", "1"));
		assertEquals("2", i.getData()[0]);
		assertTrue(i.getMessage().contains("514 (netfront nf: 2 ring pages + 256 rx + 256 tx)"), i.getMessage());
		assertTrue(i.getMessage().contains("504"), i.getMessage());
		// v2: 256 entries per frame, 514 + 8 reserved needs 3 frames
		String v2 = guest("grant-table version 2 frames 2\nport pa : unbound remote 0\nnetfront nf {\nport pa\n}");
		assertEquals("3", assertIssue(v2, "XG101", Severity.ERROR, at(v2, "frames", "2")).getData()[0]);
		// no grant-table at all: located on the guest's name
		String none = guest("grant g1[600] to 0");
		assertIssue(none, "XG101", Severity.ERROR, at(none, "guest g", "g", 1));
	}

	@Test
	void xg102_grantFramesAboveDefaultMax() {
		String m = guest("grant-table version 1 frames 65");
		assertIssue(m, "XG102", Severity.WARNING, at(m, "frames", "65"));
	}

	@Test
	void xg103_grantTableVersion() {
		String m = guest("grant-table version 3 frames 4");
		assertIssue(m, "XG103", Severity.ERROR, at(m, "version", "3"));
	}

	@Test
	void xg104_grantFramesZero() {
		String m = guest("grant-table frames 0");
		assertIssue(m, "XG104", Severity.ERROR, at(m, "frames", "0"));
	}

	@Test
	void xg105_duplicateGrant() {
		String m = guest("grant-table frames 4\ngrant blk[1] to 0\ngrant blk[2] to 0");
		assertIssue(m, "XG105", Severity.ERROR, at(m, "grant blk", "blk", 1));
	}

	@Test
	void xg106_grantCountZero() {
		String m = guest("grant blk[0] to 0");
		assertIssue(m, "XG106", Severity.ERROR, at(m, "blk[", "0"));
	}

	@Test
	void xg201_duplicatePort() {
		String m = guest("port dup : ipi\nport dup : ipi");
		Issue i = assertIssue(m, "XG201", Severity.ERROR, at(m, "port dup", "dup", 1));
		assertEquals("dup_2", i.getData()[0]);
	}

	@Test
	void xg202_eventChannelsRange() {
		String m = guest("event-channels 5000");
		assertIssue(m, "XG202", Severity.ERROR, at(m, "event-channels", "5000"));
	}

	@Test
	void xg203_portCount() {
		String m = guest("event-channels 2\nport c1 : ipi\nport c2 : ipi\nport c3 : ipi");
		Issue i = assertIssue(m, "XG203", Severity.ERROR, at(m, "port c3", "c3"));
		assertTrue(i.getMessage().contains("Raise event-channels to at least 3"), i.getMessage());
	}

	@Test
	void xg204_vcpuRange() {
		String m = guest("vcpus 2\nport p : ipi vcpu 2");
		assertIssue(m, "XG204", Severity.ERROR, at(m, "ipi vcpu", "2"));
	}

	@Test
	void xg205_handlerIdentifier() {
		String m = guest("port p : ipi handler int");
		assertIssue(m, "XG205", Severity.ERROR, at(m, "handler", "int"));
		String w = guest("xenstore {\n\"a\" watch handler __w\n}");
		assertIssue(w, "XG205", Severity.ERROR, at(w, "handler", "__w"));
	}

	@Test
	void xg206_handlerShared() {
		String m = guest("port p1 : ipi handler on_evt\nport p2 : ipi handler on_evt\nport p3 : ipi handler on_evt shared");
		Issue i = assertIssue(m, "XG206", Severity.WARNING, at(m, "on_evt", "on_evt", 1));
		assertEquals("on_evt_p2", i.getData()[0]);
	}

	@Test
	void xg207_handlerSignatureClash() {
		String m = guest("port p : ipi handler on_x\nxenstore {\n\"a\" watch handler on_x\n}");
		assertIssue(m, "XG207", Severity.ERROR, at(m, "on_x", "on_x", 1));
	}

	@Test
	void xg208_virqUnknown() {
		String m = guest("port t : virq timr");
		Issue i = assertIssue(m, "XG208", Severity.ERROR, at(m, "virq", "timr"));
		assertEquals("timer", i.getData()[0]);
		assertTrue(i.getMessage().contains("did you mean timer"), i.getMessage());
	}

	@Test
	void xg209_virqGlobal() {
		String m = guest("port e : virq dom_exc");
		assertIssue(m, "XG209", Severity.WARNING, at(m, "virq", "dom_exc"));
	}

	@Test
	void xg210_virqGlobalVcpu() {
		String m = guest("vcpus 2\nport e : virq dom_exc vcpu 1");
		assertIssue(m, "XG210", Severity.ERROR, at(m, "vcpu 1", "1"));
	}

	@Test
	void xg211_virqDuplicate() {
		String m = guest("port t1 : virq timer\nport t2 : virq timer\nport t3 : virq timer vcpu 0");
		List<Issue> dups = Xg.validate(m).stream().filter(i -> "XG211".equals(i.getCode())).collect(Collectors.toList());
		assertEquals(2, dups.size(), () -> Xg.describe(dups));
		int[] second = at(m, "t2", "timer");
		assertEquals(second[0], dups.get(0).getOffset());
		assertEquals(Severity.ERROR, dups.get(0).getSeverity());
		String ok = guest("vcpus 2\nport t1 : virq timer\nport t2 : virq timer vcpu 1\nport x : virq timer vcpu 0");
		assertIssue(ok, "XG211", Severity.ERROR, at(ok, "port x", "timer"));
	}

	@Test
	void xg212_wellKnownPortDuplicate() {
		String m = guest("port s1 : xenstore\nport s2 : xenstore");
		assertIssue(m, "XG212", Severity.ERROR, at(m, "s2", "xenstore"));
	}

	@Test
	void xg214_remotePortRange() {
		String m = guest("port p : interdomain remote 0 port 0");
		assertIssue(m, "XG214", Severity.ERROR, at(m, "remote 0 port", "0", 1));
	}

	/** The self-connected pair of the brief, valid: no diagnostic at all. */
	@Test
	void selfPairIsValid() {
		String m = guest("port a0 : unbound remote self handler on_a0\nport b0 : interdomain remote self port a0 handler on_b0");
		List<Issue> all = Xg.validate(m);
		assertTrue(all.isEmpty(), () -> Xg.describe(all));
		// the partner may also come after the port that names it
		String later = guest("port b0 : interdomain remote self port a0\nport a0 : unbound remote self");
		assertTrue(Xg.validate(later).isEmpty(), () -> Xg.describe(Xg.validate(later)));
	}

	@Test
	void xg215_selfPairPartner() {
		String m = guest("port a0 : unbound remote 0\nport s0 : unbound remote self\nport b0 : interdomain remote self port a0");
		Issue i = assertIssue(m, "XG215", Severity.ERROR, at(m, "b0", "a0"));
		assertTrue(i.getMessage().contains("Declare 'port a0 : unbound remote self'"), i.getMessage());
		assertEquals(List.of("s0"), List.of(i.getData()));
		String kind = guest("port pi : ipi\nport b0 : interdomain remote self port pi");
		Issue k = assertIssue(kind, "XG215", Severity.ERROR, at(kind, "b0", "pi"));
		assertTrue(k.getMessage().contains("is an ipi port"), k.getMessage());
		// an interdomain port is no partner either
		String chain = guest("port a0 : unbound remote self\nport b0 : interdomain remote self port a0\n"
				+ "port c0 : interdomain remote self port b0");
		assertIssue(chain, "XG215", Severity.ERROR, at(chain, "c0", "b0"));
	}

	@Test
	void xg216_selfPairSelfReference() {
		String m = guest("port b0 : interdomain remote self port b0");
		Issue i = assertIssue(m, "XG216", Severity.ERROR, at(m, "remote self port", "b0"));
		assertTrue(i.getMessage().contains("names itself"), i.getMessage());
		assertTrue(Xg.validate(m).stream().noneMatch(x -> "XG215".equals(x.getCode())), "XG215 too");
	}

	@Test
	void xg217_selfPairShared() {
		String m = guest("port a0 : unbound remote self\nport b0 : interdomain remote self port a0\n"
				+ "port c0 : interdomain remote self port a0");
		Issue i = assertIssue(m, "XG217", Severity.ERROR, at(m, "c0", "a0"));
		assertTrue(i.getMessage().contains("already the partner of port 'b0'"), i.getMessage());
		assertEquals("a0_2", i.getData()[0]);
	}

	@Test
	void xg218_selfPairRemote() {
		String m = guest("port a0 : unbound remote self\nport b0 : interdomain remote 3 port a0");
		Issue i = assertIssue(m, "XG218", Severity.ERROR, at(m, "b0", "3"));
		assertTrue(i.getMessage().contains("Write 'remote self port a0'"), i.getMessage());
	}

	@Test
	void xg219_selfPortNumber() {
		String m = guest("port a0 : unbound remote self\nport b0 : interdomain remote self port 5");
		Issue i = assertIssue(m, "XG219", Severity.WARNING, at(m, "b0", "5"));
		assertTrue(i.getMessage().contains("run time"), i.getMessage());
		assertEquals(List.of("a0"), List.of(i.getData()));
	}

	@Test
	void selfIsStillAName() {
		String m = guest("port self : unbound remote self\nport b0 : interdomain remote self port self");
		List<Issue> all = Xg.validate(m);
		assertTrue(all.isEmpty(), () -> Xg.describe(all));
	}

	@Test
	void xg301_xenstorePathChars() {
		String m = guest("xenstore {\n\"data/i p\" = \"x\"\n}");
		Issue i = assertIssue(m, "XG301", Severity.ERROR, at(m, "xenstore", "\"data/i p\""));
		assertTrue(i.getMessage().contains("a space at position 7"), i.getMessage());
		String at = guest("xenstore {\n\"@releaseDomain\" = \"1\"\n}");
		assertIssue(at, "XG301", Severity.ERROR, at(at, "xenstore", "\"@releaseDomain\""));
	}

	@Test
	void xg302_xenstorePathLength() {
		String path = "a".repeat(2049);
		String m = guest("xenstore {\n\"" + path + "\" = \"x\"\n}");
		assertIssue(m, "XG302", Severity.ERROR, at(m, "xenstore", "\"" + path + "\""));
		String abs = "/" + "b".repeat(3072);
		String n = guest("xenstore {\n\"" + abs + "\" watch handler on_b\n}");
		assertIssue(n, "XG302", Severity.ERROR, at(n, "xenstore", "\"" + abs + "\""));
	}

	@Test
	void xg303_xenstorePayload() {
		String value = "v".repeat(4095);
		String m = guest("xenstore {\n\"a\" = \"" + value + "\"\n}");
		Issue i = assertIssue(m, "XG303", Severity.ERROR, at(m, "xenstore", "\"" + value + "\""));
		assertEquals("4094", i.getData()[0]);
	}

	@Test
	void xg304_xenstoreDuplicatePath() {
		String m = guest("xenstore {\n\"data/ip\" = \"1\"\n}\nxenstore {\n\"data/ip\" watch handler on_ip\n}");
		assertIssue(m, "XG304", Severity.ERROR, at(m, "\"data/ip\"", "\"data/ip\"", 1));
	}

	@Test
	void xg305_xenstoreWatchHandler() {
		String m = guest("xenstore {\n\"control/shutdown\" watch\n}");
		Issue i = assertIssue(m, "XG305", Severity.WARNING, at(m, "xenstore", "watch"));
		assertEquals("on_control_shutdown", i.getData()[0]);
	}

	@Test
	void xg306_xenstorePathMalformed() {
		String m = guest("xenstore {\n\"data//ip\" = \"1\"\n}");
		assertIssue(m, "XG306", Severity.ERROR, at(m, "xenstore", "\"data//ip\""));
	}

	@Test
	void xg401_ringSize() {
		String m = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nrx-ring 100\ntx-ring 512\n}");
		List<Issue> rings = Xg.validate(m).stream().filter(i -> "XG401".equals(i.getCode())).collect(Collectors.toList());
		assertEquals(2, rings.size());
		assertEquals(at(m, "rx-ring", "100")[0], rings.get(0).getOffset());
		assertEquals("64", rings.get(0).getData()[0]);
		assertEquals(at(m, "tx-ring", "512")[0], rings.get(1).getOffset());
		assertEquals("256", rings.get(1).getData()[0]);
		String one = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nrx-ring 100\n}");
		assertIssue(one, "XG401", Severity.ERROR, at(one, "rx-ring", "100"));
	}

	@Test
	void xg402_macInvalid() {
		String m = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nmac \"01:16:3e:30:49:52\"\n}");
		Issue i = assertIssue(m, "XG402", Severity.ERROR, at(m, "mac", "\"01:16:3e:30:49:52\""));
		assertTrue(i.getMessage().contains("multicast"));
		String bad = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nmac \"00:16:3e:30:49\"\n}");
		assertIssue(bad, "XG402", Severity.ERROR, at(bad, "mac", "\"00:16:3e:30:49\""));
	}

	@Test
	void xg403_featureUnknown() {
		String m = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nfeatures sg gso-tcp4 rx-notify\n}");
		Issue i = assertIssue(m, "XG403", Severity.ERROR, at(m, "features", "gso-tcp4"));
		assertEquals("gso-tcpv4", i.getData()[0]);
	}

	@Test
	void xg404_duplicateNetfront() {
		String m = guest("port pa : unbound remote 0\nport pb : unbound remote 0\nnetfront nfa {\nport pa\n}\nnetfront nfa {\nport pb\n}");
		assertIssue(m, "XG404", Severity.ERROR, at(m, "netfront nfa", "nfa", 1));
		String idx = guest("port pa : unbound remote 0\nport pb : unbound remote 0\nnetfront n1 {\nport pa\n}\nnetfront n2 {\nport pb\nindex 0\n}");
		assertIssue(idx, "XG404", Severity.ERROR, at(idx, "index", "0"));
	}

	@Test
	void xg405_devicePortKind() {
		String m = guest("port pi : ipi\nnetfront nf {\nport pi\n}");
		assertIssue(m, "XG405", Severity.ERROR, at(m, "netfront", "pi"));
	}

	@Test
	void xg406_devicePortMissing() {
		String m = guest("netfront nf {\nbackend 0\n}");
		assertIssue(m, "XG406", Severity.ERROR, at(m, "netfront", "nf"));
	}

	@Test
	void xg407_devicePortShared() {
		String m = guest("grant-table frames 4\nport pa : unbound remote 0\nnetfront n1 {\nport pa\n}\nnetfront n2 {\nport pa\n}");
		assertIssue(m, "XG407", Severity.ERROR, at(m, "netfront n2", "pa"));
	}

	@Test
	void xg408_featureDuplicate() {
		String m = guest("port pa : unbound remote 0\nnetfront nf {\nport pa\nfeatures sg rx-notify sg\n}");
		assertIssue(m, "XG408", Severity.WARNING, at(m, "features", "sg", 1));
	}

	@Test
	void xg501_debugConsolePort() {
		String m = guest("debug stub console writable");
		assertIssue(m, "XG501", Severity.ERROR, at(m, "stub", "console"));
	}

	@Test
	void xg502_debugStubSerialInAPvhDomU() {
		String m = guest("role domU\nport console : console\ndebug stub serial com2 writable");
		Issue i = assertIssue(m, "XG502", Severity.WARNING, at(m, "debug stub", "debug stub serial com2 writable"));
		assertTrue(i.getMessage().contains("xenguest watch --probe") && i.getMessage().contains("--host")
				&& i.getMessage().contains("Xen Domain (dom0 probe)"), "names the probe: " + i.getMessage());
		assertEquals("debug stub console writable", i.getData()[0], "the fix: the PV console");
		// without a console port the message says what the console stub needs, and no fix is offered
		String noConsole = guest("type pvh\nrole domU\ndebug stub serial com1");
		Issue j = assertIssue(noConsole, "XG502", Severity.WARNING, at(noConsole, "debug stub", "debug stub serial com1"));
		assertTrue(j.getMessage().contains("port console : console") && j.getData().length == 0, j.getMessage());
		// quiet where a UART exists or nothing is said: a dom0, an HVM domU (QEMU's UARTs), a model without a role,
		// and the console stub
		for (String body : List.of("role dom0\ndebug stub serial com2", "type hvm\nrole domU\ndebug stub serial com2",
				"debug stub serial com2", "role domU\nport console : console\ndebug stub console")) {
			assertTrue(Xg.validate(guest(body)).stream().noneMatch(x -> "XG502".equals(x.getCode())), body);
		}
		// role is a setting given once
		String twice = guest("role dom0\nrole domU");
		assertIssue(twice, "XG001", Severity.ERROR, at(twice, "role domU", "domU"));
	}

	@Test
	void xg900_syntax() {
		String m = guest("port p ipi");
		assertIssue(m, "XG900", Severity.ERROR, at(m, "port p", "ipi"));
	}

	@Test
	void xg901_unresolvedReference() {
		String m = guest("port net0 : unbound remote 0\nnetfront nf {\nport nett0\n}");
		Issue i = assertIssue(m, "XG901", Severity.ERROR, at(m, "netfront", "nett0"));
		assertTrue(i.getMessage().startsWith("no port named 'nett0' in guest g: did you mean net0?"), i.getMessage());
		assertEquals("net0", i.getData()[0]);
	}

	@Test
	void xg901_unresolvedPartner() {
		String m = guest("port a0 : unbound remote self\nport b0 : interdomain remote self port a1");
		Issue i = assertIssue(m, "XG901", Severity.ERROR, at(m, "b0", "a1"));
		assertTrue(i.getMessage().startsWith("no port named 'a1' in guest g: did you mean a0"), i.getMessage());
		assertTrue(i.getMessage().contains("unbound remote self"), i.getMessage());
	}

	@Test
	void xg902_notText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
		java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("binary.xenguest"), new byte[] { 'g', 'u', 0, (byte) 0xff });
		org.xenguest.dsl.check.ModelDiagnostic d = new org.xenguest.dsl.check.ModelChecker(Xg.injector()).check(file)
				.diagnostics().get(0);
		assertEquals("XG902", d.code());
		assertEquals(1, d.line());
		assertEquals(1, d.column());
		assertTrue(d.isError());
		// a NUL in otherwise valid UTF-8 text is located where it stands
		java.nio.file.Path nul = java.nio.file.Files.writeString(dir.resolve("nul.xenguest"), "guest g {\n  vc\0pus 1\n}\n");
		org.xenguest.dsl.check.ModelDiagnostic n = new org.xenguest.dsl.check.ModelChecker(Xg.injector()).check(nul)
				.diagnostics().get(0);
		assertEquals("XG902", n.code());
		assertEquals(2, n.line());
		assertEquals(5, n.column());
	}

	@Test
	void xg903_fileTooLarge(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
		java.nio.file.Path file = dir.resolve("big.xenguest");
		try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
			f.setLength(org.xenguest.dsl.check.ModelChecker.MAX_MODEL_BYTES + 1);
		}
		org.xenguest.dsl.check.ModelDiagnostic d = new org.xenguest.dsl.check.ModelChecker(Xg.injector()).check(file)
				.diagnostics().get(0);
		assertEquals("XG903", d.code());
		assertEquals(1, d.line());
		assertTrue(d.message().contains("at most " + org.xenguest.dsl.check.ModelChecker.MAX_MODEL_BYTES), d.message());
	}
}
