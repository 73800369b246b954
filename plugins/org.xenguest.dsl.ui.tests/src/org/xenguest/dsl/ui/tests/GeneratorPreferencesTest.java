package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.generator.GeneratedOutput;
import org.xenguest.dsl.ui.preferences.XenguestPreferences;

/** The Xen Guest Models preference page, driven through its widgets, decides what the builder generates. */
public class GeneratorPreferencesTest {
	private static final long WAIT_MS = 30_000;
	private static final String PAGE = "org.xenguest.dsl.ui.preferences";

	@AfterEach
	void restoreDefaults() {
		IPreferenceStore store = XenguestPreferences.store();
		for (GeneratedOutput o : GeneratedOutput.values()) {
			store.setToDefault(XenguestPreferences.generateKey(o));
		}
		store.setToDefault(XenguestPreferences.OUTPUT_FOLDER);
	}

	@Test
	void anotherOutputFolderTakesTheGeneratedFilesAlong() throws Exception {
		IProject project = Ui.project("output-folder-tests");
		Ui.file(project, "moved.xenguest", "guest moved {\n    vcpus 1\n}\n");
		IFile before = project.getFile("src-gen/c/moved_guest.h");
		Ui.waitUntil("src-gen/c/moved_guest.h", WAIT_MS, before::exists);

		applyOnPage(Map.of(), "generated");
		assertEquals("generated", XenguestPreferences.outputFolder());
		// written in path order (c/, java/, manifest/, xl/), after the old files went
		IFile last = project.getFile("generated/xl/moved.cfg");
		Ui.waitUntil("generated/xl/moved.cfg", WAIT_MS, last::exists);
		assertTrue(project.getFile("generated/c/moved_guest.h").exists(), "the C header moved too");
		assertTrue(project.getFile("generated/manifest/moved.json").exists(), "the manifest moved too");
		assertFalse(project.getFolder("src-gen").exists(), "src-gen went with its last file (the builder made it)");
	}

	@Test
	void thePageChoosesTheOutputsAndTheBuilderFollows() throws Exception {
		assertEquals(EnumSet.allOf(GeneratedOutput.class), XenguestPreferences.outputs(), "every output by default");
		Map<GeneratedOutput, Boolean> off = new LinkedHashMap<>();
		off.put(GeneratedOutput.JAVA_DESCRIPTOR, false);
		off.put(GeneratedOutput.MANIFEST, false);
		applyOnPage(off);
		assertEquals(EnumSet.of(GeneratedOutput.C, GeneratedOutput.XL_CONFIG), XenguestPreferences.outputs());

		IProject project = Ui.project("preference-tests");
		Ui.file(project, "pref.xenguest", "guest pref {\n    vcpus 1\n}\n");
		IFile header = project.getFile("src-gen/c/pref_guest.h");
		IFile xl = project.getFile("src-gen/xl/pref.cfg");
		IFile manifest = project.getFile("src-gen/manifest/pref.json");
		IFile java = project.getFile("src-gen/java/org/xenguest/generated/PrefDescriptor.java");
		// the builder writes in path order (c/, java/, manifest/, xl/): with xl/ there, the build has written all
		Ui.waitUntil("src-gen/c/pref_guest.h and src-gen/xl/pref.cfg", WAIT_MS, () -> header.exists() && xl.exists());
		assertFalse(java.exists(), "the Java descriptor was left out");
		assertFalse(manifest.exists(), "the manifest was left out");

		// the manifest back on: OK rebuilds the projects, the manifest appears
		applyOnPage(Map.of(GeneratedOutput.MANIFEST, true));
		Ui.waitUntil("src-gen/manifest/pref.json after the page's OK", WAIT_MS, manifest::exists);
		assertFalse(java.exists(), "the Java descriptor is still left out");

		// C off: what the model generated in c/ goes at the rebuild, the rest stays
		applyOnPage(Map.of(GeneratedOutput.C, false));
		// the files go one by one: wait for the folder (the builder made it, so it goes with its last file)
		Ui.waitUntil("src-gen/c removed", WAIT_MS, () -> !project.getFolder("src-gen/c").exists());
		assertFalse(header.exists());
		assertTrue(xl.exists() && manifest.exists(), "xl.cfg and the manifest stay");
	}

	private static void applyOnPage(Map<GeneratedOutput, Boolean> checks) {
		applyOnPage(checks, null);
	}

	/**
	 * Opens the preference dialog on the page, sets the outputs' check boxes (and the output
	 * folder, unless null), presses Apply and Close.
	 */
	private static void applyOnPage(Map<GeneratedOutput, Boolean> checks, String outputFolder) {
		Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(window, PAGE, new String[] { PAGE }, null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		Shell shell = dialog.getShell();
		List<Button> buttons = Ui.find(shell, Button.class);
		checks.forEach((output, on) -> {
			Button box = buttons.stream().filter(b -> (b.getStyle() & SWT.CHECK) != 0 && b.getText().startsWith(output.label()))
					.findFirst().orElseThrow(() -> new AssertionError("no check box for " + output + " among "
							+ buttons.stream().map(Button::getText).toList()));
			box.setSelection(on);
			box.notifyListeners(SWT.Selection, new Event());
		});
		if (outputFolder != null) {
			Text folder = Ui.find(shell, Text.class).stream().filter(t -> t.getText().equals(XenguestPreferences.outputFolder()))
					.findFirst().orElseThrow(() -> new AssertionError("no text field showing the output folder"));
			folder.setText(outputFolder);
			folder.notifyListeners(SWT.Modify, new Event());
		}
		Button ok = buttons.stream().filter(b -> List.of("Apply and Close", "OK").contains(b.getText().replace("&", "")))
				.findFirst().orElseThrow(() -> new AssertionError("no Apply and Close button among "
						+ buttons.stream().map(Button::getText).toList()));
		ok.notifyListeners(SWT.Selection, new Event());
		Ui.waitUntil("the preference dialog closed", WAIT_MS, shell::isDisposed);
	}
}
