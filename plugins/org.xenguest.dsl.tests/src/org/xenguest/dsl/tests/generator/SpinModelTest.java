package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * harness/spin/evtchn.pml, the protocol of the generated event code and Xen's side of it, checked
 * with spin: no event lost or handled twice and no vCPU asleep with work pending. The same model
 * with each of the motivating guest's mistakes must yield a counterexample: the checker is shown
 * able to fail.
 */
class SpinModelTest {
	static final Duration TIMEOUT = Duration.ofMinutes(3);
	static final Pattern ERRORS = Pattern.compile("errors: (\\d+)");
	static final Pattern STATES = Pattern.compile("(\\d+) states, stored");

	@Test
	void theGeneratedProtocolLosesNoEventAndNeverSleepsWithWorkPending(@TempDir Path dir) throws IOException {
		Gen.Result r = verify(dir, "-DK=3", "-DMAXOPS=3");
		assertEquals(0, errors(r), () -> "spin found a counterexample in the generated protocol:\n" + r.output());
		assertTrue(!r.output().contains("search not completed") && states(r) > 100_000, r.output());
		System.out.println("spin: generated protocol, " + states(r) + " states, errors: 0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "BUG_MASK_TEST", "BUG_CHECK_THEN_HLT", "BUG_TOGGLE", "BUG_SEL_ORDER" })
	void eachMotivatingMistakeGivesACounterexample(String bug, @TempDir Path dir) throws IOException {
		Gen.Result r = verify(dir, "-D" + bug);
		assertTrue(errors(r) > 0, () -> bug + ": spin found no counterexample:\n" + r.output());
		assertTrue(r.output().contains("assertion violated"), r.output());
		System.out.println("spin: " + bug + ", errors: " + errors(r));
	}

	static Gen.Result verify(Path dir, String... defines) throws IOException {
		Gen.requireTools("spin", "gcc");
		Files.copy(Gen.harness().resolve("spin/evtchn.pml"), dir.resolve("evtchn.pml"));
		List<String> spin = new ArrayList<>(List.of("spin", "-a"));
		spin.addAll(List.of(defines));
		spin.add("evtchn.pml");
		Gen.Result a = Gen.run(dir, TIMEOUT, spin);
		assertEquals(0, a.code(), () -> "spin -a failed:\n" + a.output());
		Gen.Result cc = Gen.run(dir, TIMEOUT, List.of("gcc", "-O2", "-DSAFETY", "-o", "pan", "pan.c"));
		assertEquals(0, cc.code(), () -> "compiling pan failed:\n" + cc.output());
		Gen.Result pan = Gen.run(dir, TIMEOUT, List.of(dir.resolve("pan").toString(), "-m1000000"));
		assertTrue(!pan.timedOut(), "pan timed out");
		return pan;
	}

	static int errors(Gen.Result r) {
		Matcher m = ERRORS.matcher(r.output());
		assertTrue(m.find(), r.output());
		return Integer.parseInt(m.group(1));
	}

	static long states(Gen.Result r) {
		Matcher m = STATES.matcher(r.output());
		assertTrue(m.find(), r.output());
		return Long.parseLong(m.group(1));
	}
}
