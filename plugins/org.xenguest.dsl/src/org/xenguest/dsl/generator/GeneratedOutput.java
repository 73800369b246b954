package org.xenguest.dsl.generator;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kinds of file {@link GuestGenerator} writes, each under its own top folder of the output,
 * so a caller (the Eclipse builder's preferences, a command line option) can keep only some.
 */
public enum GeneratedOutput {
	/** {@code c/}: the guest header, platform, event-channel, grant, xenstore, netfront and stub sources. */
	C("c/", "C sources and headers"),
	/** {@code java/}: the Java guest descriptor. */
	JAVA_DESCRIPTOR("java/", "Java guest descriptor"),
	/** {@code xl/}: the xl.cfg domain configuration. */
	XL_CONFIG("xl/", "xl.cfg domain configuration"),
	/** {@code manifest/}: the Solo5-style JSON manifest. */
	MANIFEST("manifest/", "Solo5-style manifest (JSON)");

	private final String folder;
	private final String label;

	GeneratedOutput(String folder, String label) {
		this.folder = folder;
		this.label = label;
	}

	/** The output-relative folder, with a trailing slash. */
	public String folder() {
		return folder;
	}

	/** What a user sees for it, e.g. in a preference page. */
	public String label() {
		return label;
	}

	/** The kind of a generated path, or null for a path outside every kind's folder. */
	public static GeneratedOutput of(String path) {
		for (GeneratedOutput o : values()) {
			if (path.startsWith(o.folder)) {
				return o;
			}
		}
		return null;
	}

	/** The files of {@code generated} whose kind is in {@code wanted} (sorted as before). */
	public static SortedMap<String, String> only(Map<String, String> generated, Set<GeneratedOutput> wanted) {
		SortedMap<String, String> kept = new TreeMap<>();
		generated.forEach((path, text) -> {
			if (wanted.contains(of(path))) {
				kept.put(path, text);
			}
		});
		return Collections.unmodifiableSortedMap(kept);
	}
}
