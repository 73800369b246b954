package org.xenguest.dsl.ui.preferences;

import org.eclipse.jface.preference.IPreferenceStore;
import org.xenguest.dsl.ui.XenguestUiPlugin;

/** Keys of the non-colour preferences (colours: {@link XenguestStyles}). */
public final class XenguestPreferences {
	/** Project-relative folder the builder generates into. */
	public static final String OUTPUT_FOLDER = "outputFolder";
	/** Run the generators when a model without errors is saved. */
	public static final String GENERATE_ON_BUILD = "generateOnBuild";

	private XenguestPreferences() {
	}

	public static IPreferenceStore store() {
		return XenguestUiPlugin.getDefault().getPreferenceStore();
	}

	public static String outputFolder() {
		String folder = store().getString(OUTPUT_FOLDER).trim();
		return folder.isEmpty() ? "src-gen" : folder;
	}

	public static boolean generateOnBuild() {
		return store().getBoolean(GENERATE_ON_BUILD);
	}
}
