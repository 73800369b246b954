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

/** The builder: markers on save, generation (the language's generator) into src-gen/, removal of what a deleted model generated. */
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
		Map<?, ?> props = project.getPersistentProperties();
		assertTrue(props.keySet().stream().noneMatch(k -> k.toString().contains("gen.xenguest")), props.toString());
	}
}
