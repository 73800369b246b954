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
import org.xenguest.debug.ui.live.SessionSettings;
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
        SessionSettings settings;
        try {
            settings = LiveLaunchAttributes.settings(configuration);
        } catch (IllegalArgumentException e) {
            throw new CoreException(new Status(IStatus.ERROR, PLUGIN_ID, configuration.getName() + ": " + e.getMessage()));
        }
        launch.setAttribute(DebugPlugin.ATTR_CAPTURE_OUTPUT, "false"); // no console: nothing is printed
        LiveSession session = LiveSession.connect(settings);
        launch.addProcess(new LiveSessionProcess(launch, session, configuration.getName()));
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
