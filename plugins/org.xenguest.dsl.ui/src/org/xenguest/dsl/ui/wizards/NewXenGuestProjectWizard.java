package org.xenguest.dsl.ui.wizards;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;
import org.eclipse.ui.ide.IDE;
import org.xenguest.dsl.ui.XenguestUiPlugin;
import org.xenguest.dsl.ui.builder.XenguestNature;

/** File > New > Xen Guest Project: a project with the guest nature and builder and an example model, built once. */
public class NewXenGuestProjectWizard extends Wizard implements INewWizard {
	private WizardNewProjectCreationPage page;
	private IWorkbench workbench;
	private IFile model;

	public NewXenGuestProjectWizard() {
		setWindowTitle("New Xen Guest Project");
		setNeedsProgressMonitor(true);
	}

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		this.workbench = workbench;
	}

	@Override
	public void addPages() {
		page = new WizardNewProjectCreationPage("project");
		page.setTitle("Xen Guest Project");
		page.setDescription("A project whose guest models are checked and generated on save.");
		addPage(page);
	}

	@Override
	public boolean performFinish() {
		IProject project = page.getProjectHandle();
		String name = ModelTexts.guestName(project.getName());
		// read the page on the UI thread: the operation runs in a worker thread
		java.net.URI location = page.useDefaults() ? null : page.getLocationURI();
		WorkspaceModifyOperation create = new WorkspaceModifyOperation() {
			@Override
			protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
				SubMonitor sub = SubMonitor.convert(monitor, "Creating " + project.getName(), 4);
				IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription(project.getName());
				description.setLocationURI(location);
				project.create(description, sub.split(1));
				project.open(sub.split(1));
				XenguestNature.addTo(project, null);
				model = project.getFile(name + ".xenguest");
				model.create(new ByteArrayInputStream(ModelTexts.exampleGuest(name).getBytes(StandardCharsets.UTF_8)),
						IResource.FORCE, sub.split(1));
				project.build(IncrementalProjectBuilder.FULL_BUILD, sub.split(1));
			}
		};
		try {
			getContainer().run(true, false, create);
		} catch (InvocationTargetException e) {
			// on the page, not in a modal dialog: the user can change the name and retry
			XenguestUiPlugin.log("creating project " + project.getName(), e.getCause());
			page.setErrorMessage("The project could not be created: " + e.getCause().getMessage());
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
		if (workbench != null && workbench.getActiveWorkbenchWindow() != null) {
			try {
				IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), model);
			} catch (PartInitException e) {
				// the project exists; the user can open the model from the explorer
			}
		}
		return true;
	}
}
