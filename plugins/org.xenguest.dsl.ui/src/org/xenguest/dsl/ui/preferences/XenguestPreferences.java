package org.xenguest.dsl.ui.preferences;

import java.util.EnumSet;
import java.util.Set;

import org.eclipse.jface.preference.IPreferenceStore;
import org.xenguest.dsl.generator.GeneratedOutput;
import org.xenguest.dsl.ui.XenguestUiPlugin;

/** Keys of the non-colour preferences (colours: {@link XenguestStyles}). */
public final class XenguestPreferences {
	/** Project-relative folder the builder generates into. */
	public static final String OUTPUT_FOLDER = "outputFolder";
	/** Run the generators when a model without errors is saved. */
	public static final String GENERATE_ON_BUILD = "generateOnBuild";

	/** Prefix of the keys saying whether the builder writes one {@link GeneratedOutput} kind. */
	private static final String GENERATE_PREFIX = "generate.";

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

	/** The key of "generate this kind of output", e.g. {@code generate.xl_config}. */
	public static String generateKey(GeneratedOutput output) {
		return GENERATE_PREFIX + output.name().toLowerCase(java.util.Locale.ROOT);
	}

	/** The kinds of output the builder writes (all by default). */
	public static Set<GeneratedOutput> outputs() {
		Set<GeneratedOutput> wanted = EnumSet.noneOf(GeneratedOutput.class);
		for (GeneratedOutput o : GeneratedOutput.values()) {
			if (store().getBoolean(generateKey(o))) {
				wanted.add(o);
			}
		}
		return wanted;
	}
}
