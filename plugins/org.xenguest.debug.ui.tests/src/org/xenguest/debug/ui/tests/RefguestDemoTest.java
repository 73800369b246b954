package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.cli.Main;
import org.xenguest.debug.ui.launch.LiveLaunchAttributes;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelsView;

/**
 * Against the reference guest on a real Xen 4.17 in QEMU: `xenguest demo --serve` runs in this
 * JVM; the launch attaches with the manifest the demo generated while the guest boots, and the
 * view shows the ports the model names as the guest binds them. Needs QEMU, gcc and Debian's
 * Xen package (./studio.sh test installs them); when they cannot be had, the test fails with
 * the demo's message.
 */
class RefguestDemoTest {

    private static final Duration BUILD_WAIT = Duration.ofMinutes(8);
    private static final Duration PORTS_WAIT = Duration.ofSeconds(120);
    private static final List<String> NAMED = List.of("timer", "kick", "a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3");

    @Test
    void attachDuringBootAndTheNamedPortsAppear() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("xenguest-demo-test");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread demo = new Thread(() -> exit.set(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "demo",
                "--serve", Integer.toString(port), "--for", "240", "--work", dir.toString())), "xenguest-demo");
        demo.setDaemon(true);
        demo.start();
        ILaunch launch = null;
        try {
            Path manifest = dir.resolve("generated/manifest/refguest.json");
            Ui.waitUntil(BUILD_WAIT, () -> Files.isRegularFile(manifest) || !demo.isAlive(),
                    () -> "the demo to generate the manifest; it said: " + err);
            if (!demo.isAlive()) {
                fail("xenguest demo ended (exit " + exit.get() + ") before generating the guest: " + err);
            }
            ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                    .getLaunchConfigurationType(LiveLaunchAttributes.TYPE_ID).newInstance(null, "refguest");
            configuration.setAttribute(LiveLaunchAttributes.CHANNEL, "127.0.0.1:" + port);
            configuration.setAttribute(LiveLaunchAttributes.DESCRIPTOR, manifest.toString());
            configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, 10);
            launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);
            LiveSessionProcess process = (LiveSessionProcess) launch.getProcesses()[0];
            Ui.waitUntil("the Event Channels view to open", LiveViewsTest.WAIT, () -> PlatformUI.getWorkbench()
                    .getActiveWorkbenchWindow().getActivePage().findView(EventChannelsView.ID) != null);
            EventChannelsView view = (EventChannelsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                    .getActivePage().findView(EventChannelsView.ID);
            Ui.waitUntil(PORTS_WAIT, () -> {
                if (exit.get() == 3) {
                    fail("xenguest demo cannot run here (exit 3): " + err);
                }
                return view.model().hasSnapshot() && view.model().snapshot().descriptor().ports().stream()
                        .map(p -> p.name()).toList().containsAll(NAMED);
            }, () -> "the named ports bound in the view; session: " + process.session().status().text()
                    + "; bound: " + (view.model().hasSnapshot() ? view.model().snapshot().descriptor().ports() : "none")
                    + "; demo (exit " + exit.get() + "): " + err);
            for (var p : view.model().snapshot().descriptor().ports()) {
                assertEquals(p.name(), view.model().name(p.port()), "the cell of port " + p.port());
                assertNotEquals(0, p.port());
            }
            // the launch brings the Debug view to the front: show the grid before the picture
            PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().activate(view);
            Ui.pump(java.time.Duration.ofMillis(500));
            Ui.savePng(Ui.capture(view.grid()), "refguest-event-channels");
        } finally {
            if (launch != null && !launch.isTerminated()) {
                ManifestLaunchTest.terminate(launch);
            }
            if (launch != null) {
                DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
            }
            LiveSessions.show(null);
            demo.interrupt(); // --serve sleeps between console reads: an interrupt ends it and stops QEMU
            Ui.waitUntil("the demo's thread to end", Duration.ofSeconds(60), () -> !demo.isAlive());
        }
        assertFalse(demo.isAlive());
        assertEquals(Main.EXIT_OK, exit.get(), "demo: " + err);
    }
}
