package org.xenguest.debug.ui.launch;

import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.contexts.IDebugContextListener;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.PlatformUI;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;

/**
 * With several live launches at once (one per domain of a host, say), the views show the one
 * whose launch or process is selected in the Debug view (the debug context); when nothing is
 * selected, the newest running live launch, as before; another debugger's element leaves them. Listens to every window's
 * debug context; installed once, by the first live launch.
 */
final class DebugSelectionFollower implements IDebugContextListener {

    private static boolean installed;

    private DebugSelectionFollower() {
    }

    /** Starts following the Debug view's selection, once per workbench; UI thread. */
    static synchronized void installOnce() {
        if (!installed) {
            DebugUITools.getDebugContextManager().addDebugContextListener(new DebugSelectionFollower());
            installed = true;
        }
    }

    @Override
    public void debugContextChanged(DebugContextEvent event) {
        if ((event.getFlags() & DebugContextEvent.ACTIVATED) == 0) {
            return;
        }
        ISelection context = event.getContext();
        LiveSession selected = sessionOf(context);
        // nothing selected: the newest running launch; something else selected (another debugger's): leave the views
        LiveSession shown = selected != null ? selected : context == null || context.isEmpty() ? newestRunning() : null;
        if (shown != null && shown != LiveSessions.current()) {
            // not from inside the debug context's notification: the views are told on the UI thread's next turn
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
                if (shown != LiveSessions.current()) {
                    LiveSessions.show(shown);
                }
            });
        }
    }

    /**
     * The live session of the selected launch, process or anything in a launch (a thread, a
     * frame); else null. A launch removed from the Debug view no longer counts: a selection
     * that still names it (the viewer catches up later) must not bring its session back.
     */
    static LiveSession sessionOf(ISelection selection) {
        if (!(selection instanceof IStructuredSelection structured) || structured.isEmpty()) {
            return null;
        }
        Object element = structured.getFirstElement();
        ILaunch launch = element instanceof ILaunch l ? l
                : element instanceof IProcess p ? p.getLaunch()
                : element instanceof IAdaptable a ? a.getAdapter(ILaunch.class) : null;
        return launch == null || !isRegistered(launch) ? null : sessionOf(launch);
    }

    private static boolean isRegistered(ILaunch launch) {
        for (ILaunch registered : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            if (registered == launch) {
                return true;
            }
        }
        return false;
    }

    private static LiveSession sessionOf(ILaunch launch) {
        for (IProcess process : launch.getProcesses()) {
            if (process instanceof LiveSessionProcess live) {
                return live.session();
            }
        }
        return null;
    }

    /** The newest live launch's session that is still connected, or null. */
    private static LiveSession newestRunning() {
        ILaunch[] launches = DebugPlugin.getDefault().getLaunchManager().getLaunches();
        for (int i = launches.length - 1; i >= 0; i--) {
            LiveSession session = sessionOf(launches[i]);
            if (session != null && !session.isDisconnected()) {
                return session;
            }
        }
        return null;
    }
}
