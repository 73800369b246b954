package org.xenguest.dsl.ui;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/** The editor bundle: its preferences and log. The language itself lives in {@link XenguestLanguage}. */
public class XenguestUiPlugin extends AbstractUIPlugin {
	public static final String ID = "org.xenguest.dsl.ui";
	public static final String CONTENT_TYPE = ID + ".xenguest";
	public static final String FILE_EXTENSION = "xenguest";

	private static XenguestUiPlugin instance;

	@Override
	public void start(BundleContext context) throws Exception {
		super.start(context);
		instance = this;
	}

	@Override
	public void stop(BundleContext context) throws Exception {
		instance = null;
		super.stop(context);
	}

	public static XenguestUiPlugin getDefault() {
		return instance;
	}

	public static void log(String message, Throwable t) {
		ILog.of(XenguestUiPlugin.class).log(new Status(IStatus.ERROR, ID, message, t));
	}
}
