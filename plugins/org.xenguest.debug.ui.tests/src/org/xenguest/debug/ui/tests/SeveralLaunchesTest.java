package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.IDebugView;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreePath;
import org.eclipse.jface.viewers.TreeSelection;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.ui.launch.LiveLaunchAttributes;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.VcpusView;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;

/**
 * Two live launches at once (two guests, two stubs): the views show the one whose launch or
 * process is selected in the Debug view, and the newest when the selection holds neither.
 */
class SeveralLaunchesTest {

    private ScriptedRspStub first;
    private ScriptedRspStub second;
    private ILaunch firstLaunch;
    private ILaunch secondLaunch;

    @BeforeEach
    void endOtherLaunches() {
        for (ILaunch other : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            if (!other.isTerminated()) {
                Launches.terminate(other);
            }
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(other);
        }
        LiveSessions.show(null);
    }

    @AfterEach
    void stop() throws Exception {
        for (ILaunch launch : new ILaunch[] { firstLaunch, secondLaunch }) {
            if (launch != null) {
                if (!launch.isTerminated()) {
                    Launches.terminate(launch);
                }
                DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
            }
        }
        LiveSessions.show(null);
        for (ScriptedRspStub stub : new ScriptedRspStub[] { first, second }) {
            if (stub != null) {
                stub.close();
            }
        }
    }

    private static ILaunch launch(String name, ScriptedRspStub stub) throws Exception {
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LiveLaunchAttributes.TYPE_ID).newInstance(null, name);
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, stub.address().toString());
        configuration.setAttribute(LiveLaunchAttributes.SHARED_INFO, "0x" + Long.toHexString(LiveViewsTest.SHARED_INFO));
        configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, 20);
        return configuration.launch(ILaunchManager.DEBUG_MODE, null);
    }

    private static LiveSession session(ILaunch launch) {
        return ((LiveSessionProcess) launch.getProcesses()[0]).session();
    }

    /** Selects {@code selection} in the Debug view, as a user's click does, and waits for the debug context to follow. */
    private static void select(IDebugView debugView, ISelection selection) {
        Viewer viewer = debugView.getViewer();
        viewer.setSelection(selection, true);
        Ui.pump(Duration.ofMillis(300));
    }

    @Test
    void theViewsFollowTheLaunchSelectedInTheDebugViewAndTheNewestWhenNoneIs() throws Exception {
        // guest one: port 9 pending; guest two: port 10 pending; nothing else differs
        first = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().pending(true, 9).bytes());
        second = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().pending(true, 10).bytes());
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        EventChannelsView ports = (EventChannelsView) page.showView(EventChannelsView.ID);
        VcpusView vcpus = (VcpusView) page.showView(VcpusView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        firstLaunch = launch("guest one", first);
        secondLaunch = launch("guest two", second);
        LiveSession one = session(firstLaunch);
        LiveSession two = session(secondLaunch);
        Ui.waitUntil(LiveViewsTest.WAIT, () -> two.latest() != null && one.latest() != null,
                () -> "both sessions live: " + one.status().text() + " / " + two.status().text());
        assertSame(two, LiveSessions.current(), "the newest launch is shown first");

        IDebugView debugView = (IDebugView) page.showView(IDebugUIConstants.ID_DEBUG_VIEW);
        Ui.waitUntil("both launches in the Debug view", LiveViewsTest.WAIT, () -> {
            select(debugView, new TreeSelection(new TreePath(new Object[] { firstLaunch })));
            return LiveSessions.current() == one;
        });
        page.showView(EventChannelsView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        Ui.waitUntil(LiveViewsTest.WAIT, () -> ports.model().hasSnapshot() && ports.model().state(9).pending()
                && !ports.model().state(10).pending(), () -> "guest one's ports in the view: 9 pending " +
                        (ports.model().hasSnapshot() && ports.model().state(9).pending()));
        Ui.waitUntil("guest one's snapshot in the vCPUs view", LiveViewsTest.WAIT,
                () -> vcpus.bits().snapshot() != null && vcpus.bits().snapshot().isPending(9));
        assertTrue(ports.statusText().contains(first.address().toString()), ports.statusText());

        // the process of the second launch selected: its session is shown
        LiveSessionProcess twoProcess = (LiveSessionProcess) secondLaunch.getProcesses()[0];
        Ui.waitUntil("guest two shown", LiveViewsTest.WAIT, () -> {
            select(debugView, new TreeSelection(new TreePath(new Object[] { secondLaunch, twoProcess })));
            return LiveSessions.current() == two;
        });
        Ui.waitUntil(LiveViewsTest.WAIT, () -> ports.model().hasSnapshot() && ports.model().state(10).pending()
                && !ports.model().state(9).pending(), () -> "guest two's ports in the view");
        Ui.waitUntil("guest two's snapshot in the vCPUs view", LiveViewsTest.WAIT,
                () -> vcpus.bits().snapshot() != null && vcpus.bits().snapshot().isPending(10));
        assertTrue(ports.statusText().contains(second.address().toString()), ports.statusText());

        // back to the first, then nothing selected: the newest running launch (the second)
        Ui.waitUntil("guest one shown again", LiveViewsTest.WAIT, () -> {
            select(debugView, new TreeSelection(new TreePath(new Object[] { firstLaunch })));
            return LiveSessions.current() == one;
        });
        select(debugView, StructuredSelection.EMPTY);
        Ui.waitUntil("the newest launch shown with nothing selected", LiveViewsTest.WAIT,
                () -> LiveSessions.current() == two);
        assertEquals(two, LiveSessions.current());
        assertTrue(DebugUITools.getDebugContext() == null || LiveSessions.current() == two);
    }
}
