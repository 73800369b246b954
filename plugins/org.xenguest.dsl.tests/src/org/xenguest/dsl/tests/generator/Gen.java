package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.eclipse.xtext.resource.XtextResource;
import org.xenguest.dsl.generator.GuestGenerator;
import org.xenguest.dsl.tests.Xg;

/** Shared by the generator tests: generate an example, find folders and tools, run processes with a timeout. */
final class Gen {
	static final List<String> EXAMPLES = List.of("console-only", "motivating", "web");
	static final String INSTALL = "apt-get install gcc clang make libxen-dev";

	private Gen() {
	}

	static SortedMap<String, String> generate(String example) {
		XtextResource r = Xg.parse(Xg.example(example + ".xenguest"));
		assertTrue(r.getErrors().isEmpty(), () -> example + " has syntax errors: " + r.getErrors());
		return GuestGenerator.generate(Xg.model(r), example + ".xenguest");
	}

	/** A folder of the test bundle: -Dxenguest.PROPERTY, else NAME in the working directory (the bundle). */
	static Path bundleFolder(String property, String name) {
		String configured = System.getProperty(property);
		Path p = configured != null ? Path.of(configured) : Path.of(name);
		if (!Files.isDirectory(p) && configured == null) {
			Path sibling = Path.of("../org.xenguest.dsl.tests", name);
			if (Files.isDirectory(sibling)) {
				return sibling;
			}
		}
		return p;
	}

	static Path golden() {
		return bundleFolder("xenguest.golden", "golden");
	}

	static Path harness() {
		Path h = bundleFolder("xenguest.harness", "harness");
		assertTrue(Files.isRegularFile(h.resolve("Makefile")), "no harness at " + h.toAbsolutePath()
				+ " (set -Dxenguest.harness=DIR)");
		return h;
	}

	/** debug-core's sources, for compiling the generated descriptor against GuestDescriptor. */
	static Path debugCoreSources() {
		String configured = System.getProperty("xenguest.debugCoreSrc");
		Path p = configured != null ? Path.of(configured) : Path.of("../org.xenguest.debug.core/src");
		assertTrue(Files.isRegularFile(p.resolve("org/xenguest/debug/core/guest/GuestDescriptor.java")),
				"no org.xenguest.debug.core sources at " + p.toAbsolutePath() + " (set -Dxenguest.debugCoreSrc=DIR)");
		return p;
	}

	static Path write(Path dir, Map<String, String> files) {
		try {
			for (Map.Entry<String, String> f : files.entrySet()) {
				Path target = dir.resolve(f.getKey());
				Files.createDirectories(target.getParent());
				Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
			}
			return dir;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Fails loudly, naming the packages, when a tool or Xen's headers are missing. */
	static void requireTools(String... tools) {
		List<String> missing = new ArrayList<>();
		for (String tool : tools) {
			if (which(tool) == null) {
				missing.add(tool);
			}
		}
		Path xen = Path.of(System.getProperty("xenguest.xenInclude", "/usr/include"), "xen", "xen.h");
		if (!Files.isRegularFile(xen)) {
			missing.add("Xen's public headers (" + xen + ")");
		}
		if (!missing.isEmpty()) {
			String spin = missing.contains("spin") ? " spin" : "";
			String valgrind = missing.contains("valgrind") ? " valgrind" : "";
			fail("missing: " + String.join(", ", missing) + ". Install them: " + INSTALL + spin + valgrind);
		}
	}

	static Path which(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
			Path p = Path.of(dir, tool);
			if (Files.isExecutable(p)) {
				return p;
			}
		}
		return null;
	}

	record Result(int code, String output, boolean timedOut) {
	}

	/** Runs a command in dir, stdout and stderr merged, killed after the timeout. */
	static Result run(Path dir, Duration timeout, List<String> command) {
		try {
			Path log = Files.createTempFile("xenguest-proc", ".log");
			Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
					.redirectOutput(log.toFile()).start();
			boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!finished) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				p.waitFor(10, TimeUnit.SECONDS);
			}
			String out = Files.readString(log, StandardCharsets.UTF_8);
			Files.deleteIfExists(log);
			return new Result(finished ? p.exitValue() : -1, out, !finished);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot run " + command, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted running " + command, e);
		}
	}

	static String tail(String s, int lines) {
		String[] all = s.split("\n");
		StringBuilder sb = new StringBuilder();
		for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
			sb.append(all[i]).append('\n');
		}
		return sb.toString();
	}

	static void deleteTree(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.delete(p);
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Compiles the generated descriptor against debug-core's GuestDescriptor and loads it. */
	static Class<?> compileDescriptor(Path generatedJavaRoot, String className, Path classes) throws IOException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		if (javac == null) {
			fail("no Java compiler (javax.tools): run the tests on a JDK, not a JRE");
		}
		Path source = generatedJavaRoot.resolve(className.replace('.', '/') + ".java");
		Files.createDirectories(classes);
		java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
		int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "-proc:none", "-Xlint:all", "-Werror",
				"-implicit:class", "-sourcepath", debugCoreSources() + java.io.File.pathSeparator
						+ debugCoreSources().resolve("../../org.xenguest.abi/src").normalize(), "-d", classes.toString(),
				source.toString());
		assertTrue(rc == 0, () -> "the generated " + className + " does not compile against GuestDescriptor:\n"
				+ diagnostics.toString(StandardCharsets.UTF_8));
		URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, Gen.class.getClassLoader());
		try {
			return Class.forName(className, true, loader);
		} catch (ClassNotFoundException e) {
			throw new IllegalStateException(e);
		}
	}
}
