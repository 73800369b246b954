package org.xenguest.dsl.ui.preferences;

import java.util.Set;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Group;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.xenguest.dsl.generator.GeneratedOutput;
import org.xenguest.dsl.ui.builder.XenguestBuilder;

/**
 * Builder settings: where generated code goes, whether saving generates it, and which kinds of
 * output the generator writes. Changing them rebuilds the Xen guest projects (in a job), so
 * the output folder matches the settings at once.
 */
public class XenguestPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
	private Set<GeneratedOutput> outputsBefore;
	private boolean generateBefore;
	private String folderBefore;

	public XenguestPreferencePage() {
		super(GRID);
		setDescription("Xen guest models are checked on save; models without errors are generated into the output folder. "
				+ "An output left out here is not generated, and what it generated before is removed at the next build.");
	}

	@Override
	public void init(IWorkbench workbench) {
		setPreferenceStore(XenguestPreferences.store());
	}

	@Override
	protected void createFieldEditors() {
		remember();
		addField(new StringFieldEditor(XenguestPreferences.OUTPUT_FOLDER, "Output folder (project-relative):",
				getFieldEditorParent()));
		addField(new BooleanFieldEditor(XenguestPreferences.GENERATE_ON_BUILD, "Generate code when a model is saved",
				getFieldEditorParent()));
		Group outputs = new Group(getFieldEditorParent(), SWT.NONE);
		outputs.setText("Generate");
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).indent(0, 8).applyTo(outputs);
		for (GeneratedOutput o : GeneratedOutput.values()) {
			addField(new BooleanFieldEditor(XenguestPreferences.generateKey(o), o.label() + " (" + o.folder() + ")", outputs));
		}
		// each field editor set a margin-less layout on the group: give it the usual margins back
		GridLayoutFactory.swtDefaults().applyTo(outputs);
	}

	private void remember() {
		outputsBefore = XenguestPreferences.outputs();
		generateBefore = XenguestPreferences.generateOnBuild();
		folderBefore = XenguestPreferences.outputFolder();
	}

	@Override
	public boolean performOk() {
		boolean ok = super.performOk();
		if (ok && (!outputsBefore.equals(XenguestPreferences.outputs())
				|| generateBefore != XenguestPreferences.generateOnBuild()
				|| !folderBefore.equals(XenguestPreferences.outputFolder()))) {
			XenguestBuilder.rebuildAll();
			remember();
		}
		return ok;
	}
}
