package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.ui.builder.XenguestBuilder;

/**
 * The builder: markers on save, generation (the language's generator) into src-gen/, removal of what a deleted model
 * generated, and two models that declare the same guest refused on both.
 */
public class BuilderTest {
	private static final long WAIT_MS = 30_000;
	private static IProject project;

	@BeforeAll
	static void setUp() throws CoreException {
		project = Ui.project("builder-tests");
	}

	@Test
	void theNatureInstallsTheBuilder() throws CoreException {
		ICommand[] spec = project.getDescription().getBuildSpec();
		assertTrue(Arrays.stream(spec).anyMatch(c -> XenguestBuilder.ID.equals(c.getBuilderName())), Arrays.toString(spec));
	}

	@Test
	void errorsBecomeMarkersWithExactLineColumnAndCode() throws CoreException {
		IFile file = Ui.file(project, "broken.xenguest", "guest b {\n    vcpus 1\n    port t : virq timr\n}\n");
		IMarker marker = Ui.waitFor("the XG208 marker", WAIT_MS, () -> EditorTest.marker(file, "XG208"));
		assertEquals(3, marker.getAttribute(IMarker.LINE_NUMBER, -1));
		assertEquals("    port t : virq ".length() + 1, marker.getAttribute(XenguestBuilder.COLUMN, -1));
		assertEquals("line 3, column 19", marker.getAttribute(IMarker.LOCATION, ""));
		assertTrue(marker.getAttribute(XenguestBuilder.DATA, "").contains("timer"), marker.getAttribute(XenguestBuilder.DATA, ""));
		assertTrue(!project.getFile("src-gen/c/b_guest.h").exists(), "a model with errors generates nothing");
	}

	@Test
	void modelsGenerateAndDeletedModelsTakeTheirFilesAlong() throws CoreException {
		IFile model = Ui.file(project, "gen.xenguest", "guest alpha {\n    vcpus 1\n}\nguest beta {\n    vcpus 1\n}\n");
		IFile alpha = project.getFile("src-gen/c/alpha_guest.h");
		IFile beta = project.getFile("src-gen/c/beta_guest.h");
		Ui.waitUntil("src-gen/c/alpha_guest.h and beta_guest.h", WAIT_MS, () -> alpha.exists() && beta.exists());
		assertTrue(alpha.isDerived(), "generated files are derived");
		// a guest removed from the model: its header goes
		Ui.file(project, "gen.xenguest", "guest alpha {\n    vcpus 1\n}\n");
		Ui.waitUntil("beta.h removed", WAIT_MS, () -> !beta.exists());
		assertTrue(alpha.exists());
		model.delete(true, null);
		Ui.waitUntil("alpha.h removed with its model", WAIT_MS, () -> !alpha.exists());
		// the builder forgets the model's file list after it deleted the files: wait for that too
		Ui.waitUntil("the deleted model's file list forgotten", WAIT_MS, () -> generatedListOf("gen.xenguest").isEmpty());
	}

	@Test
	void twoModelsDeclaringOneGuestAreRefusedOnBothAndOverwriteNothing() throws CoreException, java.io.IOException {
		IFile first = Ui.file(project, "clash-a.xenguest", "guest clash {\n    vcpus 1\n}\n");
		IFile header = project.getFile("src-gen/c/clash_guest.h");
		IFile cfg = project.getFile("src-gen/xl/clash.cfg");
		Ui.waitUntil("src-gen/xl/clash.cfg from clash-a.xenguest", WAIT_MS, cfg::exists);
		String headerBefore = contents(header);
		String cfgBefore = contents(cfg);
		assertTrue(cfgBefore.contains("vcpus = 1"), cfgBefore);

		// a second model declares the same guest (its second guest, with other settings)
		IFile second = Ui.file(project, "clash-b.xenguest",
				"guest other {\n    vcpus 1\n}\nguest clash {\n    vcpus 2\n}\n");
		IMarker onSecond = Ui.waitFor("the clash marker on clash-b.xenguest", WAIT_MS, () -> clashMarker(second));
		IMarker onFirst = Ui.waitFor("the clash marker on clash-a.xenguest", WAIT_MS, () -> clashMarker(first));
		assertEquals(IMarker.SEVERITY_ERROR, onSecond.getAttribute(IMarker.SEVERITY, -1));
		assertEquals(IMarker.SEVERITY_ERROR, onFirst.getAttribute(IMarker.SEVERITY, -1));
		assertEquals(4, onSecond.getAttribute(IMarker.LINE_NUMBER, -1));
		assertEquals(1, onFirst.getAttribute(IMarker.LINE_NUMBER, -1));
		// each on the declaration's name, naming the other model and its line
		String b = "guest other {\n    vcpus 1\n}\nguest clash {\n    vcpus 2\n}\n";
		assertEquals(b.indexOf("clash"), onSecond.getAttribute(IMarker.CHAR_START, -1));
		assertEquals(b.indexOf("clash") + "clash".length(), onSecond.getAttribute(IMarker.CHAR_END, -1));
		assertEquals("guest ".length(), onFirst.getAttribute(IMarker.CHAR_START, -1));
		String message = onSecond.getAttribute(IMarker.MESSAGE, "");
		assertTrue(message.contains("'clash'") && message.contains("clash-a.xenguest") && message.contains("line 1"), message);
		String other = onFirst.getAttribute(IMarker.MESSAGE, "");
		assertTrue(other.contains("clash-b.xenguest") && other.contains("line 4"), other);
		assertEquals("XG002", onSecond.getAttribute(XenguestBuilder.CODE, ""));
		// nothing overwritten: the first model's files stay as they were; the second model generates nothing
		Ui.pump(1_000);
		assertEquals(headerBefore, contents(header));
		assertEquals(cfgBefore, contents(cfg));
		assertTrue(!project.getFile("src-gen/c/other_guest.h").exists(), "a model whose guest clashes generates nothing");

		// renamed: both markers go, the renamed guest generates, the first model's files are still its own
		Ui.file(project, "clash-b.xenguest", "guest other {\n    vcpus 1\n}\nguest clash2 {\n    vcpus 2\n}\n");
		Ui.waitUntil("the clash markers removed", WAIT_MS, () -> clashMarker(first) == null && clashMarker(second) == null);
		IFile renamed = project.getFile("src-gen/xl/clash2.cfg");
		Ui.waitUntil("src-gen/xl/clash2.cfg", WAIT_MS, renamed::exists);
		assertEquals(cfgBefore, contents(cfg));
		second.delete(true, null);
		first.delete(true, null);
	}

	/** The marker that says a guest of {@code file} is declared in another model too, or null. */
	private static IMarker clashMarker(IFile file) {
		try {
			for (IMarker m : file.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO)) {
				if ("XG002".equals(m.getAttribute(XenguestBuilder.CODE, null))
						&& m.getAttribute(IMarker.MESSAGE, "").contains(".xenguest")) {
					return m;
				}
			}
			return null;
		} catch (CoreException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String contents(IFile file) throws CoreException, java.io.IOException {
		try (java.io.InputStream in = file.getContents(true)) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	private static java.util.List<String> generatedListOf(String model) {
		Map<?, ?> props;
		try {
			props = project.getPersistentProperties();
		} catch (CoreException e) {
			throw new AssertionError("the project's properties cannot be read", e);
		}
		return props.keySet().stream().map(Object::toString).filter(k -> k.contains(model)).toList();
	}

	@Test
	void savedModelsGenerateCThatCompilesWithGcc() throws Exception {
		java.nio.file.Path gcc = java.nio.file.Path.of("/usr/bin/gcc");
		assertTrue(java.nio.file.Files.isExecutable(gcc), "no gcc: apt-get install gcc libxen-dev (./studio.sh test does)");
		String model = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("xenguest.examples"), "web.xenguest"));
		Ui.file(project, "web.xenguest", model);
		IFile evtchn = project.getFile("src-gen/c/web_evtchn.c");
		// a file exists in the workspace a moment before its bytes are on disk: the builder writes in path
		// order (c/, java/, manifest/, xl/), so once xl/web.cfg exists every C file has been written
		IFile xl = project.getFile("src-gen/xl/web.cfg");
		Ui.waitUntil("src-gen/c/web_evtchn.c and src-gen/xl/web.cfg", WAIT_MS, () -> evtchn.exists() && xl.exists());
		java.nio.file.Path c = project.getFolder("src-gen/c").getLocation().toFile().toPath();
		java.util.List<String> units;
		try (var files = java.nio.file.Files.list(c)) {
			units = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).sorted().toList();
		}
		assertTrue(units.contains("web_netfront.c") && units.contains("web_gdbstub.c"), units.toString());
		for (String unit : units) {
			Process cc = new ProcessBuilder(gcc.toString(), "-std=c11", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
					"-fno-builtin", "-D__XEN_INTERFACE_VERSION__=0x00040e00", "-I", c.toString(), "-c", unit, "-o", "/dev/null")
					.directory(c.toFile()).redirectErrorStream(true).start();
			assertTrue(cc.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "gcc did not finish on " + unit);
			String output = new String(cc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			assertEquals(0, cc.exitValue(), unit + " does not compile:\n" + output);
		}
	}
}
