package org.xenguest.dsl.ui.wizards;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;

/** File > New > Guest Model: a .xenguest file with a minimal guest named after the file. */
public class NewGuestModelWizard extends Wizard implements INewWizard {
	private IWorkbench workbench;
	private IStructuredSelection selection;
	private WizardNewFileCreationPage page;

	public NewGuestModelWizard() {
		setWindowTitle("New Guest Model");
	}

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		this.workbench = workbench;
		this.selection = selection;
	}

	@Override
	public void addPages() {
		page = new WizardNewFileCreationPage("model", selection == null ? org.eclipse.jface.viewers.StructuredSelection.EMPTY : selection) {
			@Override
			protected InputStream getInitialContents() {
				String file = getFileName();
				String base = file.endsWith(".xenguest") ? file.substring(0, file.length() - ".xenguest".length()) : file;
				return new ByteArrayInputStream(
						ModelTexts.minimalGuest(ModelTexts.guestName(base)).getBytes(StandardCharsets.UTF_8));
			}
		};
		page.setTitle("Guest Model");
		page.setDescription("A Xen guest model (.xenguest)");
		page.setFileExtension("xenguest");
		page.setFileName("guest.xenguest");
		addPage(page);
	}

	@Override
	public boolean performFinish() {
		IFile file = page.createNewFile();
		if (file == null) {
			return false;
		}
		if (workbench != null && workbench.getActiveWorkbenchWindow() != null) {
			try {
				IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), file);
			} catch (PartInitException e) {
				// created; the user can open it from the explorer
			}
		}
		return true;
	}
}
