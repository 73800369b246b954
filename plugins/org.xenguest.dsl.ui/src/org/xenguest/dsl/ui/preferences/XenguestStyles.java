package org.xenguest.dsl.ui.preferences;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.swt.graphics.RGB;
import org.xenguest.dsl.ide.highlighting.XenguestHighlightingStyles;

/**
 * Every colour the editor uses, by style id: the lexical token classes (keyword, name, string,
 * number, comment) and the ide bundle's semantic styles. The preference page lists them in
 * this order; the preference keys are {@code color.ID} and {@code bold.ID}.
 */
public final class XenguestStyles {
	public static final String KEYWORD = "xenguest.keyword";
	public static final String NAME = "xenguest.name";
	public static final String STRING = "xenguest.string";
	public static final String NUMBER = "xenguest.number";
	public static final String COMMENT = "xenguest.comment";

	/** Display label, default colour and boldness of one style. */
	public record Style(String id, String label, RGB defaultColor, boolean defaultBold) {
	}

	public static final Map<String, Style> ALL = new LinkedHashMap<>();

	static {
		add(KEYWORD, "Keywords", new RGB(127, 0, 85), true);
		add(NAME, "Names", new RGB(0, 0, 0), false);
		add(STRING, "Strings", new RGB(42, 0, 255), false);
		add(NUMBER, "Numbers", new RGB(0, 112, 112), false);
		add(COMMENT, "Comments", new RGB(63, 127, 95), false);
		add(XenguestHighlightingStyles.DECLARATION_ID, "Declared names (guest, port, grant, netfront)", new RGB(0, 0, 192), true);
		add(XenguestHighlightingStyles.REFERENCE_ID, "References to ports", new RGB(0, 0, 192), false);
		add(XenguestHighlightingStyles.HANDLER_ID, "Handler functions", new RGB(140, 70, 0), false);
		add(XenguestHighlightingStyles.VIRQ_ID, "VIRQ names", new RGB(0, 128, 64), false);
		add(XenguestHighlightingStyles.FEATURE_ID, "Netfront features", new RGB(0, 128, 64), false);
		add(XenguestHighlightingStyles.XENSTORE_PATH_ID, "Xenstore paths", new RGB(100, 0, 170), false);
		add(XenguestHighlightingStyles.SIZE_ID, "Sizes (256M)", new RGB(0, 112, 112), false);
		add(XenguestHighlightingStyles.PORT_KIND_ID, "Port kinds", new RGB(160, 0, 110), true);
	}

	private static void add(String id, String label, RGB color, boolean bold) {
		ALL.put(id, new Style(id, label, color, bold));
	}

	private XenguestStyles() {
	}

	public static String colorKey(String id) {
		return "color." + id;
	}

	public static String boldKey(String id) {
		return "bold." + id;
	}
}
