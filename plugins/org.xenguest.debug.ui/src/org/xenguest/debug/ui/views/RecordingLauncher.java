package org.xenguest.debug.ui.views;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.IPath;
import org.eclipse.ui.IEditorLauncher;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;

/**
 * Opens a recording from the workspace (double-click, Open With > Xen Guest Recording): the
 * views replay it and the Timeline shows it whole. The file is read on the replay's own thread.
 */
public final class RecordingLauncher implements IEditorLauncher {

    @Override
    public void open(IPath file) {
        open(file.toPath());
    }

    /** The same for a file of the file system ("Replay a Recording..."). */
    public static void open(Path recording) {
        LiveSessions.show(LiveSession.replay(recording, Duration.ofMillis(50), null));
        var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window != null && window.getActivePage() != null) {
            try {
                window.getActivePage().showView(TimelineView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
            } catch (PartInitException e) {
                // the replay runs anyway; the view can be opened from Window > Show View
            }
        }
    }
}
