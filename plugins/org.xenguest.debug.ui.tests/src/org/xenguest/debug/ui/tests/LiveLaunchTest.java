package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.ui.launch.LiveLaunchAttributes;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.live.SessionState;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelsView;

/** The "Xen Guest (live)" launch: its entry in the Debug view connects, pauses and disconnects. */
class LiveLaunchTest {

    private ScriptedRspStub stub;
    private ILaunch launch;

    @BeforeEach
    void startStub() throws Exception {
        stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes());
    }

    @AfterEach
    void stop() throws Exception {
        Launches.endAndRemove(launch);
        LiveSessions.show(null);
        stub.close();
    }

    private ILaunchConfigurationWorkingCopy configuration(String name) throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(LiveLaunchAttributes.TYPE_ID);
        assertEquals("Xen Guest (live)", type.getName());
        return type.newInstance(null, name);
    }

    @Test
    void launchingAttachesShowsInTheDebugViewAndTerminateDisconnects() throws Exception {
        Path descriptor = Files.createTempFile("guest", ".json");
        Files.writeString(descriptor, GuestDescriptorJson.toJson(LiveViewsTest.GUEST).toString());
        ILaunchConfigurationWorkingCopy configuration = configuration("demo-pvh live");
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, stub.address().toString());
        configuration.setAttribute(LiveLaunchAttributes.DESCRIPTOR, descriptor.toString());
        configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, 25);
        launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);

        IProcess[] processes = launch.getProcesses();
        assertEquals(1, processes.length);
        LiveSessionProcess process = (LiveSessionProcess) processes[0];
        assertSame(process.session(), LiveSessions.current());
        assertEquals(Duration.ofMillis(40), process.session().pollPeriod());
        Ui.waitUntil(LiveViewsTest.WAIT, () -> process.session().status().state() == SessionState.LIVE,
                () -> process.session().status().text());
        assertTrue(process.getLabel().contains("[Live]"), process.getLabel());
        assertTrue(process.canTerminate() && process.canSuspend());
        Ui.waitUntil("the Event Channels view to open", LiveViewsTest.WAIT, () -> PlatformUI.getWorkbench()
                .getActiveWorkbenchWindow().getActivePage().findView(EventChannelsView.ID) != null);
        EventChannelsView view = (EventChannelsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                .getActivePage().findView(EventChannelsView.ID);
        Ui.waitUntil("the named ports in the view", LiveViewsTest.WAIT,
                () -> view.model().hasSnapshot() && "netfront-rx".equals(view.model().name(4)));

        // the Debug view lists the launch with the session's entry and its state
        org.eclipse.ui.IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        org.eclipse.debug.ui.AbstractDebugView debugView = (org.eclipse.debug.ui.AbstractDebugView) page
                .showView(org.eclipse.debug.ui.IDebugUIConstants.ID_DEBUG_VIEW);
        org.eclipse.swt.widgets.Tree tree = (org.eclipse.swt.widgets.Tree) debugView.getViewer().getControl();
        Ui.waitUntil(LiveViewsTest.WAIT, () -> findItem(tree.getItems(), "[Live]") != null,
                () -> "the Debug view to show the live session: " + texts(tree.getItems()));
        org.eclipse.swt.widgets.TreeItem entry = findItem(tree.getItems(), "[Live]");
        assertTrue(entry.getText().contains("demo-pvh live") && entry.getText().contains(stub.address().toString()),
                entry.getText());
        Ui.savePng(Ui.captureShell(page.getWorkbenchWindow().getShell()), "workbench-debug-view");

        process.suspend();
        Ui.waitUntil(LiveViewsTest.WAIT, process::isSuspended, process::getLabel);
        assertTrue(process.canResume());
        process.resume();
        Ui.waitUntil(LiveViewsTest.WAIT, () -> process.session().status().state() == SessionState.LIVE,
                process::getLabel);

        CompletableFuture<Void> terminated = CompletableFuture.runAsync(process::terminate);
        Ui.waitUntil("terminate", LiveViewsTest.WAIT, terminated::isDone);
        assertTrue(process.isTerminated());
        assertTrue(launch.isTerminated());
        assertEquals(SessionState.DISCONNECTED, process.session().status().state());
        assertFalse(process.canTerminate());
        Files.deleteIfExists(descriptor);
    }

    private static org.eclipse.swt.widgets.TreeItem findItem(org.eclipse.swt.widgets.TreeItem[] items, String text) {
        for (org.eclipse.swt.widgets.TreeItem item : items) {
            if (item.getText().contains(text)) {
                return item;
            }
            item.setExpanded(true);
            org.eclipse.swt.widgets.TreeItem found = findItem(item.getItems(), text);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String texts(org.eclipse.swt.widgets.TreeItem[] items) {
        StringBuilder text = new StringBuilder();
        for (org.eclipse.swt.widgets.TreeItem item : items) {
            text.append('[').append(item.getText()).append(' ').append(texts(item.getItems())).append(']');
        }
        return text.toString();
    }

    @Test
    void aConfigurationWithoutSharedInfoIsRefusedWithTheReason() throws Exception {
        ILaunchConfigurationWorkingCopy configuration = configuration("no address");
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, stub.address().toString());
        CoreException refused = assertThrows(CoreException.class,
                () -> configuration.launch(ILaunchManager.DEBUG_MODE, null));
        assertTrue(refused.getMessage().contains("shared_info address"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LiveLaunchAttributes.settings("nohost", "0x1000", "", 20, ""));
        assertThrows(IllegalArgumentException.class, () -> LiveLaunchAttributes.settings("127.0.0.1:1", "0x1000", "", 0, ""));
        assertEquals(0x1000, LiveLaunchAttributes.settings("127.0.0.1:1", "0x1000", "", 20, "").sharedInfoAddress());
    }
}
