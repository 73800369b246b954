package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The generated event-channel, grant-table, xenstore, netfront and debug-stub C of examples/web,
 * compiled for the host with -fsanitize=address,undefined against a simulated Xen (harness/:
 * shared_info in memory, a hypercall shim, a xenstored, a loopback netback; SIGUSR1 as the upcall
 * vector) and run: scenarios, 1,000,000 events under concurrency, 1,000 hostile netback responses
 * and 1,000 hostile xenstore replies. Built with gcc and make, every process under a timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarnessTest {
	static final Duration BUILD = Duration.ofMinutes(5);
	static final Duration RUN = Duration.ofMinutes(5);
	static final long STRESS_EVENTS = Long.getLong("xenguest.stressEvents", 1_000_000L);
	static final int HOSTILE = Integer.getInteger("xenguest.hostileResponses", 1000);
	static final long SEED = Long.getLong("xenguest.seed", 20251125L);

	static Path work;
	static Path harness;

	@BeforeAll
	static void build() throws IOException {
		Gen.requireTools("gcc", "make");
		work = Files.createTempDirectory("xenguest-harness");
		Gen.write(work.resolve("gen"), Gen.generate("web"));
		Gen.Result r = Gen.run(Gen.harness(), BUILD, List.of("make", "CC=gcc", "GEN=" + work.resolve("gen"),
				"BUILD=" + work.resolve("build")));
		assertEquals(0, r.code(), () -> "building the harness failed:\n" + Gen.tail(r.output(), 60));
		harness = work.resolve("build/harness");
	}

	@AfterAll
	static void clean() {
		if (work != null && !Boolean.getBoolean("xenguest.keepHarness")) {
			Gen.deleteTree(work);
		}
	}

	static Gen.Result run(String... args) {
		List<String> cmd = new java.util.ArrayList<>(List.of(harness.toString()));
		cmd.addAll(List.of(args));
		Gen.Result r = Gen.run(work, RUN, cmd);
		assertTrue(!r.timedOut(), () -> "harness " + String.join(" ", args) + " timed out:\n" + Gen.tail(r.output(), 40));
		assertEquals(0, r.code(), () -> "harness " + String.join(" ", args) + " failed:\n" + Gen.tail(r.output(), 80));
		assertTrue(r.output().contains("RESULT ok (0 failures)"), () -> Gen.tail(r.output(), 40));
		assertTrue(!r.output().contains("ERROR: AddressSanitizer") && !r.output().contains("runtime error:"),
				() -> "sanitizer report:\n" + Gen.tail(r.output(), 80));
		return r;
	}

	@Test
	@Order(1)
	void scenarios() {
		Gen.Result r = run("scenarios");
		for (String name : List.of("ports:", "xenstore:", "block:", "grants:", "netfront: handshake",
				"netfront: Closing/Closed", "gdbstub:")) {
			assertTrue(r.output().contains("PASS " + name), () -> "scenario " + name + " missing:\n" + r.output());
		}
	}

	@Test
	@Order(2)
	void upcallThroughTheLapicVector() {
		run("lapic");
	}

	@Test
	@Order(3)
	void aMillionEventsNoneLostNoneTwice() {
		Gen.Result r = run("stress", Long.toString(STRESS_EVENTS));
		Matcher m = Pattern.compile("stress: events (\\d+) handled (\\d+) lost (\\d+) duplicates (\\d+)")
				.matcher(r.output());
		assertTrue(m.find(), r.output());
		assertTrue(Long.parseLong(m.group(1)) >= STRESS_EVENTS, m.group());
		assertEquals(m.group(1), m.group(2), m.group());
		assertEquals("0", m.group(3), m.group());
		assertEquals("0", m.group(4), m.group());
		System.out.println(r.output().lines().filter(l -> l.startsWith("stress:")).findFirst().orElse(""));
	}

	@Test
	@Order(4)
	void hostileBackendsAreRejected() {
		Gen.Result r = run("adversarial", Long.toString(SEED), Integer.toString(HOSTILE));
		assertTrue(r.output().contains("netback " + HOSTILE + "/" + HOSTILE + " rejected"), r.output());
		assertTrue(r.output().contains("xenstore " + HOSTILE + "/" + HOSTILE + " rejected"), r.output());
		System.out.println(r.output().lines().filter(l -> l.startsWith("adversarial:")).findFirst().orElse(""));
	}

	@Test
	@Order(5)
	void theJavaDescriptorDecodesTheDebugInfoTheCProduces() throws Exception {
		Gen.Result r = run("debuginfo");
		String block = line(r.output(), "DEBUGINFO ");
		String[] ports = line(r.output(), "PORTS ").split(" ");
		String[] nf = line(r.output(), "NETFRONT ").split(" ");
		Class<?> web = JavaDescriptorTest.compile("web", work.resolve("java"));
		Object d = JavaDescriptorTest.call(web, "fromDebugInfo", HexFormat.of().parseHex(block));
		List<?> decoded = (List<?>) JavaDescriptorTest.call(d, "ports");
		assertEquals(ports.length, decoded.size());
		for (int i = 0; i < ports.length; i++) {
			assertEquals(Integer.parseInt(ports[i]), JavaDescriptorTest.call(decoded.get(i), "port"));
		}
		assertEquals(Long.parseLong(line(r.output(), "SHARED "), 16), JavaDescriptorTest.call(d, "sharedInfoAddress"));
		assertEquals(Long.parseLong(line(r.output(), "GRANTS "), 16),
				JavaDescriptorTest.call(JavaDescriptorTest.call(d, "grantTable"), "address"));
		String[] xs = line(r.output(), "XENSTORE ").split(" ");
		Object xenstore = JavaDescriptorTest.call(d, "xenstore");
		assertEquals(Long.parseLong(xs[0], 16), JavaDescriptorTest.call(xenstore, "address"));
		assertEquals(Integer.parseInt(xs[1]), JavaDescriptorTest.call(xenstore, "port"));
		List<?> rings = (List<?>) JavaDescriptorTest.call(d, "rings");
		assertEquals(Long.parseLong(nf[0], 16), JavaDescriptorTest.call(rings.get(0), "address"));
		assertEquals(Long.parseLong(nf[3], 16), JavaDescriptorTest.call(rings.get(1), "frontRingAddress"));
		Object dev = ((List<?>) JavaDescriptorTest.call(d, "devices")).get(0);
		assertEquals(Long.parseLong(nf[4], 16), JavaDescriptorTest.call(dev, "frontendStateAddress"));
		assertEquals(Long.parseLong(nf[5], 16), JavaDescriptorTest.call(dev, "backendStateAddress"));
	}

	static String line(String output, String prefix) {
		return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
				.orElseThrow(() -> new AssertionError("no line " + prefix + "in\n" + output)).substring(prefix.length())
				.trim();
	}
}
