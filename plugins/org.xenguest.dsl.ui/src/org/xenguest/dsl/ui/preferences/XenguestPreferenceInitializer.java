package org.xenguest.dsl.ui.preferences;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.resource.StringConverter;

public class XenguestPreferenceInitializer extends AbstractPreferenceInitializer {
	@Override
	public void initializeDefaultPreferences() {
		IPreferenceStore store = XenguestPreferences.store();
		for (XenguestStyles.Style s : XenguestStyles.ALL.values()) {
			store.setDefault(XenguestStyles.colorKey(s.id()), StringConverter.asString(s.defaultColor()));
			store.setDefault(XenguestStyles.boldKey(s.id()), s.defaultBold());
		}
		store.setDefault(XenguestPreferences.OUTPUT_FOLDER, "src-gen");
		store.setDefault(XenguestPreferences.GENERATE_ON_BUILD, true);
		for (org.xenguest.dsl.generator.GeneratedOutput o : org.xenguest.dsl.generator.GeneratedOutput.values()) {
			store.setDefault(XenguestPreferences.generateKey(o), true);
		}
	}
}
