package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.ui.builder.XenguestBuilder;
import org.xenguest.dsl.ui.builder.XenguestNature;
import org.xenguest.dsl.ui.wizards.NewGuestModelWizard;
import org.xenguest.dsl.ui.wizards.NewXenGuestProjectWizard;

/** The New Xen Guest Project and New Guest Model wizards, driven through their dialogs. */
public class WizardTest {
	private static final long WAIT_MS = 30_000;

	private static void finish(Shell shell) {
		Button finish = Ui.find(shell, Button.class).stream().filter(b -> b.getText().replace("&", "").equals("Finish"))
				.findFirst().orElseThrow(() -> new AssertionError("no Finish button"));
		Ui.waitUntil("Finish enabled", WAIT_MS, finish::isEnabled);
		finish.notifyListeners(SWT.Selection, new Event());
	}

	@Test
	void newProjectWizardCreatesAGuestProjectThatBuildsClean() throws Exception {
		NewXenGuestProjectWizard wizard = new NewXenGuestProjectWizard();
		wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
		Shell parent = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		WizardDialog dialog = new WizardDialog(parent, wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		Shell shell = dialog.getShell();
		Text name = Ui.find(shell, Text.class).get(0);
		name.setText("demo-guest");
		Ui.pump(50);
		Ui.screenshot("wizard-new-project.png");
		finish(shell);
		Ui.waitUntil("the wizard closed (page says: " + (shell.isDisposed() ? "" : dialog.getCurrentPage().getErrorMessage()) + ")",
				WAIT_MS, shell::isDisposed);

		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("demo-guest");
		assertTrue(project.isOpen());
		assertTrue(project.hasNature(XenguestNature.ID));
		assertTrue(Arrays.stream(project.getDescription().getBuildSpec()).anyMatch(c -> XenguestBuilder.ID.equals(c.getBuilderName())));
		IFile model = project.getFile("demo_guest.xenguest");
		assertTrue(model.exists(), "example model");
		IMarker[] problems = model.findMarkers(XenguestBuilder.MARKER, false, IResource.DEPTH_ZERO);
		assertEquals(0, Arrays.stream(problems).filter(m -> m.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR).count(),
				Arrays.toString(problems));
		IEditorPart editor = Ui.waitFor("the example model open in an editor", WAIT_MS, () -> Ui.page().getActiveEditor());
		assertEquals("demo_guest.xenguest", editor.getEditorInput().getName());
		Ui.page().closeAllEditors(false);
	}

	@Test
	void newModelWizardCreatesAValidModelNamedAfterTheFile() throws Exception {
		IProject project = Ui.project("model-wizard");
		NewGuestModelWizard wizard = new NewGuestModelWizard();
		wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project));
		WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		Shell shell = dialog.getShell();
		Text fileName = Ui.find(shell, Text.class).stream().filter(t -> t.getText().equals("guest.xenguest")).findFirst()
				.orElseThrow(() -> new AssertionError("no file name field"));
		fileName.setText("mirage.xenguest");
		finish(shell);
		Ui.waitUntil("the wizard closed", WAIT_MS, shell::isDisposed);
		IFile file = project.getFile("mirage.xenguest");
		assertTrue(file.exists());
		String text = new String(file.getContents().readAllBytes(), file.getCharset());
		assertTrue(text.contains("guest mirage {"), text);
		Ui.waitUntil("the auto-build done", WAIT_MS,
				() -> org.eclipse.core.runtime.jobs.Job.getJobManager().find(ResourcesPlugin.FAMILY_AUTO_BUILD).length == 0);
		assertEquals(0, file.findMarkers(XenguestBuilder.MARKER, false, IResource.DEPTH_ZERO).length);
		Ui.page().closeAllEditors(false);
	}
}
