package org.xenguest.debug.ui.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.ILaunchConfigurationDelegate;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.preferences.RecordingPreferences;

/**
 * Starts a live session for a "Xen Domain (dom0 probe)" configuration. It returns at once: the
 * session connects to the probe, finds the domain and attaches on its own thread, and retries at
 * the poll period until that works (the host may still boot, the domain may not exist yet). The
 * views show it as they show a "Xen Guest (live)" session, with Xen's view of every port and vCPU.
 */
public final class ProbeLaunchDelegate implements ILaunchConfigurationDelegate {

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        ProbeLaunchAttributes.ProbeLaunch probe;
        SessionSettings settings;
        try {
            probe = ProbeLaunchAttributes.read(configuration);
            settings = RecordingPreferences.withDefaultRecording(probe.settings(), configuration.getName());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw LiveLaunches.refused(configuration, e.getMessage());
        }
        launch.setAttribute(DebugPlugin.ATTR_CAPTURE_OUTPUT, Boolean.toString(false));
        LiveSession session = LiveSession.watch(probe.label(), settings, probe.connection());
        LiveLaunches.start(launch, configuration, session);
    }
}
