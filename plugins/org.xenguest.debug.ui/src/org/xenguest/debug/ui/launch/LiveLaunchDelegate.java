package org.xenguest.debug.ui.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.ILaunchConfigurationDelegate;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.views.EventChannelsView;

/**
 * Starts a live session for a "Xen Guest (live)" configuration. It returns at once: the session
 * connects on its own thread and retries until the stub answers, so the guest may still be
 * booting. The launch gets one {@link LiveSessionProcess}: terminate in the Debug view
 * disconnects, suspend/resume pause and resume polling.
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
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CoreException(new Status(IStatus.ERROR, PLUGIN_ID, configuration.getName() + ": " + e.getMessage()));
        }
        // the demo's output goes to the console; the session itself prints nothing
        launch.setAttribute(DebugPlugin.ATTR_CAPTURE_OUTPUT, Boolean.toString(demo));
        LiveSession session = LiveSession.connect(settings);
        launch.addProcess(new LiveSessionProcess(launch, session, configuration.getName()));
        if (demoLauncher != null) {
            String command = configuration.getAttribute(LiveLaunchAttributes.DEMO_COMMAND, "").strip();
            demoLauncher.start(launch, demoLauncher.commandLine(
                    command.isEmpty() ? LiveLaunchAttributes.DEFAULT_DEMO_COMMAND : command,
                    configuration.getAttribute(LiveLaunchAttributes.DEMO_SECONDS,
                            LiveLaunchAttributes.DEFAULT_DEMO_SECONDS)), session);
        }
        LiveSessions.show(session);
        if (PlatformUI.isWorkbenchRunning()) {
            PlatformUI.getWorkbench().getDisplay().asyncExec(LiveLaunchDelegate::showEventChannels);
        }
    }

    private static void showEventChannels() {
        var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null || window.getActivePage() == null) {
            return;
        }
        try {
            window.getActivePage().showView(EventChannelsView.ID, null,
                    org.eclipse.ui.IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            // the session runs anyway; the view can be opened from Window > Show View
        }
    }
}
