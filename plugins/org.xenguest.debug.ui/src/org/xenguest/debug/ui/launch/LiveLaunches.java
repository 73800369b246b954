package org.xenguest.debug.ui.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.views.EventChannelsView;

/**
 * What every live launch type does once it has a {@link LiveSession}: one
 * {@link LiveSessionProcess} in the launch (the Debug view's entry: terminate disconnects,
 * suspend/resume pause and resume polling), the session made the one the views show (until
 * another launch is selected in the Debug view: {@link DebugSelectionFollower}), and the Event
 * Channels view brought up. Both "Xen Guest (live)" and "Xen Domain (dom0 probe)" go through
 * here.
 */
final class LiveLaunches {

    private LiveLaunches() {
    }

    static LiveSessionProcess start(ILaunch launch, ILaunchConfiguration configuration, LiveSession session) {
        LiveSessionProcess process = new LiveSessionProcess(launch, session, configuration.getName());
        launch.addProcess(process);
        LiveSessions.show(session);
        if (PlatformUI.isWorkbenchRunning()) {
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
                DebugSelectionFollower.installOnce(); // several launches: the views follow the Debug view's selection
                showEventChannels();
            });
        }
        return process;
    }

    /** A configuration's fields that do not make a launch, as the error the launch dialog shows. */
    static CoreException refused(ILaunchConfiguration configuration, String reason) {
        return new CoreException(new Status(IStatus.ERROR, LiveLaunchDelegate.PLUGIN_ID,
                configuration.getName() + ": " + reason));
    }

    private static void showEventChannels() {
        var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null || window.getActivePage() == null) {
            return;
        }
        try {
            window.getActivePage().showView(EventChannelsView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            // the session runs anyway; the view can be opened from Window > Show View
        }
    }
}
