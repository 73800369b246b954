package org.xenguest.dsl.ui.preferences;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.ColorFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** One colour and a bold switch per style; open editors repaint on Apply. */
public class XenguestColorsPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public XenguestColorsPreferencePage() {
		super(GRID);
		setDescription("Colours of the Xen guest model editor (lexical and semantic highlighting).");
	}

	@Override
	public void init(IWorkbench workbench) {
		setPreferenceStore(XenguestPreferences.store());
	}

	@Override
	protected void createFieldEditors() {
		for (XenguestStyles.Style s : XenguestStyles.ALL.values()) {
			addField(new ColorFieldEditor(XenguestStyles.colorKey(s.id()), s.label(), getFieldEditorParent()));
			addField(new BooleanFieldEditor(XenguestStyles.boldKey(s.id()), "bold", getFieldEditorParent()));
		}
	}
}
