package org.xenguest.debug.ui.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.ILaunchConfigurationDelegate;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.preferences.RecordingPreferences;
import org.xenguest.debug.core.session.SessionSettings;

/**
 * Starts a live session for a "Xen Guest (live)" configuration. It returns at once: the session
 * connects on its own thread and retries until the stub answers, so the guest may still be
 * booting. The wiring to the Debug view and the views is {@link LiveLaunches}'s, shared with the
 * dom0 probe's launch.
 */
public final class LiveLaunchDelegate implements ILaunchConfigurationDelegate {

    public static final String PLUGIN_ID = "org.xenguest.debug.ui";

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        boolean demo = configuration.getAttribute(LiveLaunchAttributes.DEMO, false);
        SessionSettings settings;
        DemoLauncher demoLauncher = null;
        try {
            if (demo) {
                demoLauncher = DemoLauncher.prepare();
                settings = LiveLaunchAttributes.demoSettings(demoLauncher.port, demoLauncher.manifestFile(),
                        configuration.getAttribute(LiveLaunchAttributes.POLL_HZ, LiveLaunchAttributes.DEFAULT_POLL_HZ),
                        configuration.getAttribute(LiveLaunchAttributes.RECORD_FILE, ""));
            } else {
                settings = LiveLaunchAttributes.settings(configuration);
            }
            settings = RecordingPreferences.withDefaultRecording(settings, configuration.getName());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw LiveLaunches.refused(configuration, e.getMessage());
        }
        // the demo's output goes to the console; the session itself prints nothing
        launch.setAttribute(DebugPlugin.ATTR_CAPTURE_OUTPUT, Boolean.toString(demo));
        LiveSession session = LiveSession.connect(settings);
        LiveLaunches.start(launch, configuration, session);
        if (demoLauncher != null) {
            String command = configuration.getAttribute(LiveLaunchAttributes.DEMO_COMMAND, "").strip();
            demoLauncher.start(launch, demoLauncher.commandLine(
                    command.isEmpty() ? LiveLaunchAttributes.DEFAULT_DEMO_COMMAND : command,
                    configuration.getAttribute(LiveLaunchAttributes.DEMO_SECONDS,
                            LiveLaunchAttributes.DEFAULT_DEMO_SECONDS)), session);
        }
    }
}
