package org.xenguest.dsl.ui.preferences;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.resource.StringConverter;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

/**
 * The current text attribute of each style, read from the preferences and kept up to date: the
 * lexical scanners hold {@link #token(String)} objects whose data changes in place, and open
 * editors repaint when told through {@link #addChangeListener(Runnable)}. UI thread only.
 */
public final class XenguestColors {
	private static final Map<String, Token> TOKENS = new HashMap<>();
	private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();
	private static boolean listening;

	private XenguestColors() {
	}

	public static synchronized Token token(String styleId) {
		listen();
		return TOKENS.computeIfAbsent(styleId, id -> new Token(attribute(id)));
	}

	public static TextAttribute attribute(String styleId) {
		IPreferenceStore store = XenguestPreferences.store();
		RGB rgb = StringConverter.asRGB(store.getString(XenguestStyles.colorKey(styleId)), new RGB(0, 0, 0));
		int style = store.getBoolean(XenguestStyles.boldKey(styleId)) ? SWT.BOLD : SWT.NORMAL;
		return new TextAttribute(new Color(rgb), null, style);
	}

	public static void addChangeListener(Runnable listener) {
		LISTENERS.add(listener);
	}

	public static void removeChangeListener(Runnable listener) {
		LISTENERS.remove(listener);
	}

	private static void listen() {
		if (listening) {
			return;
		}
		listening = true;
		XenguestPreferences.store().addPropertyChangeListener(event -> {
			String key = event.getProperty();
			if (key.startsWith("color.") || key.startsWith("bold.")) {
				Display display = Display.getDefault();
				display.asyncExec(XenguestColors::refresh);
			}
		});
	}

	private static synchronized void refresh() {
		TOKENS.forEach((id, token) -> token.setData(attribute(id)));
		LISTENERS.forEach(Runnable::run);
	}
}
