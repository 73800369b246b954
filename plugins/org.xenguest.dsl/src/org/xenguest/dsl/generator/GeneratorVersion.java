package org.xenguest.dsl.generator;

/** The version every generated file names in its header (one place, so a change shows in every golden file). */
public final class GeneratorVersion {
	/** Bumped whenever the generated text changes in a way users of the output must know about. */
	public static final String VERSION = "0.1.0";

	private GeneratorVersion() {
	}
}
