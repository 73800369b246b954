package org.xenguest.dsl.ui.preferences;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Builder settings: where generated code goes and whether saving generates it. */
public class XenguestPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public XenguestPreferencePage() {
		super(GRID);
		setDescription("Xen guest models are checked on save; models without errors are generated into the output folder.");
	}

	@Override
	public void init(IWorkbench workbench) {
		setPreferenceStore(XenguestPreferences.store());
	}

	@Override
	protected void createFieldEditors() {
		addField(new StringFieldEditor(XenguestPreferences.OUTPUT_FOLDER, "Output folder (project-relative):",
				getFieldEditorParent()));
		addField(new BooleanFieldEditor(XenguestPreferences.GENERATE_ON_BUILD, "Generate code when a model is saved",
				getFieldEditorParent()));
	}
}
