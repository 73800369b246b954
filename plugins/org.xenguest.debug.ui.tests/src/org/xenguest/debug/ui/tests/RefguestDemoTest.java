package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.ui.launch.LiveLaunchAttributes;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.testbed.refguest.RefguestBuild;
import org.xenguest.testbed.refguest.RefguestSources;
import org.xenguest.testbed.refguest.XenInQemu;
import org.xenguest.tests.support.ui.Ui;

/**
 * Against the reference guest on a real Xen 4.17 in QEMU, booted by the test bed as {@code
 * xenguest demo --serve} boots it (sources, Xen and QEMU from org.xenguest.testbed, the code from
 * the language's generator): the launch is made before QEMU starts, attaches with the generated
 * manifest while the guest boots, and the view shows the ports the model names as the guest
 * binds them. Needs QEMU, gcc and Debian's Xen package (./studio.sh test installs them); when
 * they cannot be had, the test fails with the test bed's message. The command itself ({@code
 * xenguest demo --serve}) is tested in cli.tests; the launch's running of it in {@link ManifestLaunchTest}.
 */
class RefguestDemoTest {

    private static final Duration PORTS_WAIT = Duration.ofSeconds(180);
    /** The guest holds its boot this long until a debugger looks (as the demo's). */
    private static final int DEBUG_WAIT_MS = 20_000;
    private static final List<String> NAMED = List.of("timer", "kick", "a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3");

    @Test
    void attachDuringBootAndTheNamedPortsAppear() throws Exception {
        Path dir = Files.createTempDirectory("xenguest-refguest-test");
        Path sources = dir.resolve("refguest");
        Path model = RefguestSources.extract(sources);
        StringWriter log = new StringWriter();
        RefguestBuild.Tools tools;
        try {
            tools = RefguestBuild.fetch(sources, new PrintWriter(log, true));
        } catch (RefguestBuild.Missing e) {
            fail("the test bed cannot run here: " + e.getMessage());
            return;
        }
        Path generated = GeneratedGuest.generate(model, dir.resolve("generated"));
        Path kernel = RefguestBuild.make(sources, generated, "generated", "gcc", tools);
        Path manifest = generated.resolve("manifest/refguest.json");
        int port = XenInQemu.freeLoopbackPort();

        // the launch first: it waits for the stub while Xen boots
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LiveLaunchAttributes.TYPE_ID).newInstance(null, "refguest");
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, "127.0.0.1:" + port);
        configuration.setAttribute(LiveLaunchAttributes.DESCRIPTOR, manifest.toString());
        configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, 10);
        ILaunch launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);
        Path console = Files.createFile(dir.resolve("console.log"));
        try (XenInQemu qemu = XenInQemu.start(tools.qemu(), tools.xenImage(), kernel, "debug-wait=" + DEBUG_WAIT_MS,
                console, port, dir.resolve("qemu.err"))) {
            LiveSessionProcess process = (LiveSessionProcess) launch.getProcesses()[0];
            Ui.waitUntil("the Event Channels view to open", LiveViewsTest.WAIT, () -> PlatformUI.getWorkbench()
                    .getActiveWorkbenchWindow().getActivePage().findView(EventChannelsView.ID) != null);
            EventChannelsView view = (EventChannelsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                    .getActivePage().findView(EventChannelsView.ID);
            Ui.waitUntil(PORTS_WAIT, () -> {
                if (!qemu.isAlive()) {
                    fail("QEMU ended (exit " + qemu.exitCode() + "): " + read(dir.resolve("qemu.err")) + "; console: "
                            + read(console));
                }
                return view.model().hasSnapshot() && view.model().snapshot().descriptor().ports().stream()
                        .map(p -> p.name()).toList().containsAll(NAMED);
            }, () -> "the named ports bound in the view; session: " + process.session().status().text()
                    + "; bound: " + (view.model().hasSnapshot() ? view.model().snapshot().descriptor().ports() : "none")
                    + "; console: " + read(console));
            for (var p : view.model().snapshot().descriptor().ports()) {
                assertEquals(p.name(), view.model().name(p.port()), "the cell of port " + p.port());
                assertNotEquals(0, p.port());
            }
            // the launch brings the Debug view to the front: show the grid before the picture
            PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().activate(view);
            Ui.pump(Duration.ofMillis(500));
            Ui.savePng(Ui.capture(view.grid()), "refguest-event-channels");
        } finally {
            if (!launch.isTerminated()) {
                Launches.terminate(launch);
            }
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
            LiveSessions.show(null);
        }
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (java.io.IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
