package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xenguest.abi.Hypercalls;

/**
 * Every generated C unit compiles with gcc and clang, -Wall -Wextra -Werror, freestanding,
 * against Xen's headers: as hosted-style objects at -O0 and -O2, and with the reference guest's
 * kernel flags. The motivating example, whose grant table is too small, must NOT compile: its
 * header's _Static_assert says why and what to set.
 */
class GeneratedCCompileTest {
	static final Duration TIMEOUT = Duration.ofMinutes(3);
	static final List<String> BASE = List.of("-std=c11", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
			"-fno-builtin", Hypercalls.interfaceVersionDefine());
	static final List<String> KERNEL = List.of("-O2", "-nostdlib", "-fno-stack-protector", "-fno-pic", "-fno-pie",
			"-mcmodel=small", "-mno-red-zone", "-mno-mmx", "-mno-sse", "-mno-sse2", "-mno-80387",
			"-fno-asynchronous-unwind-tables", "-fno-common", "-ffunction-sections", "-fdata-sections");

	@ParameterizedTest(name = "{0} {1} {2}")
	@CsvSource({ "gcc, web, O0", "gcc, web, O2", "gcc, web, kernel", "clang, web, O0", "clang, web, O2",
			"clang, web, kernel", "gcc, console-only, O2", "gcc, console-only, kernel", "clang, console-only, O2",
			"clang, console-only, kernel", "gcc, refguest-domu, kernel", "clang, refguest-domu, O2" })
	void compilesClean(String compiler, String example, String flags, @TempDir Path dir) throws IOException {
		Gen.requireTools(compiler);
		Result r = compile(compiler, example, flags, dir);
		assertEquals(0, r.result.code(), () -> compiler + " " + flags + " on " + example + " failed:\n"
				+ Gen.tail(r.result.output(), 60));
		assertTrue(r.result.output().isBlank(), () -> "diagnostics:\n" + r.result.output());
		for (String unit : r.units) {
			assertTrue(Files.isRegularFile(dir.resolve(unit.replace(".c", ".o"))), unit + " produced no object");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gcc", "clang" })
	void theMotivatingGuestDoesNotCompileAndSaysWhy(String compiler, @TempDir Path dir) throws IOException {
		Gen.requireTools(compiler);
		Result r = compile(compiler, "motivating", "O2", dir);
		assertNotEquals(0, r.result.code(), "an undersized grant table must not build");
		assertFalse(r.result.timedOut());
		assertTrue(r.result.output().contains("grant budget of guest motivating: the model needs 514 grant entries, "
				+ "its table holds 504: set grant-table frames 2 (XG101)"), r.result.output());
	}

	/** What the examples do not use: grant table v2, two vCPUs, IPIs, two netfronts, a writable console stub, an empty guest. */
	static final String VARIANTS = """
			guest variants {
			    type hvm
			    vcpus 2
			    memory 512M
			    grant-table version 2 frames 8
			    port store   : xenstore
			    port console : console
			    port t0      : virq timer handler on_timer0
			    port dbg     : virq debug vcpu 1 handler on_debug
			    port kick    : ipi vcpu 1 handler on_kick
			    port net0    : unbound remote 0 handler on_net vcpu 1
			    port net1    : unbound remote 0 handler on_net shared
			    port b0      : interdomain remote self port a0 handler on_b0
			    port a0      : unbound remote self handler on_a0
			    grant ring[4] to 0
			    netfront net0 { port net0 rx-ring 64 tx-ring 32 features sg split-event-channels }
			    netfront net1 { port net1 index 1 mac "00:16:3e:00:00:01" }
			    debug stub console writable
			}
			guest empty { }
			""";

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "gcc, O0", "gcc, kernel", "clang, O2", "clang, kernel" })
	void variantsOfTheLanguageCompileClean(String compiler, String flags, @TempDir Path dir) throws IOException {
		Gen.requireTools(compiler);
		var r = org.xenguest.dsl.tests.Xg.parse(VARIANTS);
		var issues = org.xenguest.dsl.tests.Xg.validate(r);
		assertTrue(issues.stream().noneMatch(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR),
				() -> org.xenguest.dsl.tests.Xg.describe(issues));
		SortedMap<String, String> files = org.xenguest.dsl.generator.GuestGenerator
				.generate(org.xenguest.dsl.tests.Xg.model(r), "variants.xenguest");
		assertTrue(files.get("c/variants_gnttab.c").contains("grant_entry_v2_t"));
		assertTrue(files.get("c/variants_netfront.c").contains("Not negotiated") , "split-event-channels is named as ignored");
		Gen.Result res = compileFiles(compiler, flags, dir, files);
		assertEquals(0, res.code(), () -> Gen.tail(res.output(), 60));
		assertTrue(res.output().isBlank(), () -> "diagnostics:\n" + res.output());
	}

	static Gen.Result compileFiles(String compiler, String flags, Path dir, SortedMap<String, String> files) {
		Gen.write(dir.resolve("gen"), files);
		List<String> cmd = new ArrayList<>(List.of(compiler, "-c"));
		cmd.addAll(BASE);
		cmd.addAll(switch (flags) {
		case "O0" -> List.of("-O0");
		case "O2" -> List.of("-O2");
		default -> KERNEL;
		});
		cmd.add("-I" + dir.resolve("gen/c"));
		for (String path : files.keySet()) {
			if (path.endsWith(".c")) {
				cmd.add(dir.resolve("gen").resolve(path).toString());
			}
		}
		return Gen.run(dir, TIMEOUT, cmd);
	}

	record Result(Gen.Result result, List<String> units) {
	}

	static Result compile(String compiler, String example, String flags, Path dir) throws IOException {
		SortedMap<String, String> files = Gen.generate(example);
		Gen.write(dir.resolve("gen"), files);
		List<String> units = new ArrayList<>();
		List<String> cmd = new ArrayList<>(List.of(compiler, "-c"));
		cmd.addAll(BASE);
		cmd.addAll(switch (flags) {
		case "O0" -> List.of("-O0");
		case "O2" -> List.of("-O2");
		default -> KERNEL;
		});
		cmd.add("-I" + dir.resolve("gen/c"));
		for (String path : files.keySet()) {
			if (path.endsWith(".c")) {
				units.add(Path.of(path).getFileName().toString());
				cmd.add(dir.resolve("gen").resolve(path).toString());
			}
		}
		assertFalse(units.isEmpty());
		return new Result(Gen.run(dir, TIMEOUT, cmd), units);
	}
}
