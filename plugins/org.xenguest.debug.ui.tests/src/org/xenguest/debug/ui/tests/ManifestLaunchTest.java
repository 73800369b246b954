package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.debug.core.guest.DebugInfoBlock;
import org.xenguest.debug.ui.launch.LiveLaunchAttributes;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.live.SessionState;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelsView;

/**
 * A generated guest launched by its model or manifest: the stub tells where the debug info block
 * is, and the named ports appear in the Event Channels view as the block names them. And the
 * demo option's plumbing, with a stand-in for {@code xenguest} that serves a scripted stub.
 */
class ManifestLaunchTest {

    static final long BLOCK = 0x20_0000L;
    static final List<String> PORTS = List.of("timer", "kick", "a0", "b0");
    private static final DebugInfoLayout LAYOUT = new DebugInfoLayout(PORTS.size(), 0);

    private ScriptedRspStub stub;
    private ILaunch launch;

    /** Sessions other tests left running would feed the same views: end them first. */
    @org.junit.jupiter.api.BeforeEach
    void endOtherSessions() {
        for (ILaunch other : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            if (!other.isTerminated()) {
                Launches.terminate(other);
            }
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(other);
        }
        LiveSessions.show(null);
        Ui.pump(Duration.ofMillis(200));
    }

    @AfterEach
    void stop() throws Exception {
        if (launch != null && !launch.isTerminated()) {
            Launches.terminate(launch);
        }
        if (launch != null) {
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
        }
        LiveSessions.show(null);
        if (stub != null) {
            stub.close();
        }
    }

    /** The manifest `xenguest generate` writes for a guest with {@link #PORTS}. */
    static String manifest(String modelFile) {
        StringBuilder ports = new StringBuilder();
        for (String p : PORTS) {
            ports.append(ports.length() == 0 ? "" : ",\n").append("{ \"name\": \"").append(p)
                    .append("\", \"kind\": \"").append(p.equals("timer") ? "virq" : "interdomain")
                    .append("\", \"handler\": \"on_event\", \"vcpu\": 0, \"masked\": false }");
        }
        return "{ \"generated_by\": \"Xen Guest Studio 0.1.0 from " + modelFile + " (guest g); do not edit\",\n"
                + "  \"model_file\": \"" + modelFile + "\",\n"
                + "  \"xenguest\": { \"guest\": \"g\", \"vcpus\": 1, \"ports\": [" + ports + "], \"netfronts\": [] } }";
    }

    /** The guest's debug info block: shared_info (0: not mapped yet) and the port each model port got. */
    static byte[] block(long sharedInfo, int... ports) {
        ByteBuffer b = ByteBuffer.allocate(LAYOUT.size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(DebugInfoLayout.MAGIC_OFFSET, DebugInfoLayout.MAGIC);
        b.putInt(DebugInfoLayout.LAYOUT_OFFSET, DebugInfoLayout.LAYOUT_VERSION);
        b.putInt(DebugInfoLayout.SIZE_OFFSET, LAYOUT.size);
        b.putInt(DebugInfoLayout.NR_PORTS_OFFSET, PORTS.size());
        b.putInt(DebugInfoLayout.NR_NETFRONTS_OFFSET, 0);
        b.putLong(DebugInfoLayout.SHARED_INFO_OFFSET, sharedInfo);
        for (int i = 0; i < ports.length; i++) {
            b.putInt(DebugInfoLayout.PORTS_OFFSET + 4 * i, ports[i]);
        }
        return b.array();
    }

    private ScriptedRspStub generatedStub(int port) throws Exception {
        ScriptedRspStub s = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes(), port);
        s.region(BLOCK, block(0));
        s.query(DebugInfoBlock.QUERY, Long.toHexString(BLOCK));
        return s;
    }

    /** A project with a model and the manifest its builder generated into src-gen/manifest. */
    private static Path project(boolean generated) throws Exception {
        Path project = Files.createTempDirectory("xenguest-project");
        Files.writeString(project.resolve(".project"), "<projectDescription><name>g</name></projectDescription>");
        Path model = project.resolve("guest.xenguest");
        Files.writeString(model, "guest g { type pvh }\n");
        Files.createDirectories(project.resolve("src-gen/manifest"));
        // another model's manifest must not be taken
        Files.writeString(project.resolve("src-gen/manifest/other.json"), manifest("other.xenguest"));
        if (generated) {
            Files.writeString(project.resolve("src-gen/manifest/g.json"), manifest("guest.xenguest"));
        }
        return model;
    }

    private static ILaunchConfigurationWorkingCopy configuration(String name) throws CoreException {
        return DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LiveLaunchAttributes.TYPE_ID).newInstance(null, name);
    }

    private static EventChannelsView eventChannelsView() {
        Ui.waitUntil("the Event Channels view to open", LiveViewsTest.WAIT, () -> PlatformUI.getWorkbench()
                .getActiveWorkbenchWindow().getActivePage().findView(EventChannelsView.ID) != null);
        return (EventChannelsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                .findView(EventChannelsView.ID);
    }

    @Test
    void aModelIsReadThroughItsGeneratedManifestAndPortsAppearAsTheGuestBindsThem() throws Exception {
        stub = generatedStub(0);
        Path model = project(true);
        ILaunchConfigurationWorkingCopy configuration = configuration("generated guest");
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, stub.address().toString());
        configuration.setAttribute(LiveLaunchAttributes.DESCRIPTOR, model.toString());
        configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, 25);
        launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);
        LiveSessionProcess process = (LiveSessionProcess) launch.getProcesses()[0];
        assertEquals(model.resolveSibling("src-gen/manifest/g.json").toAbsolutePath(),
                process.session().settings().manifestFile());

        // the guest answers but has not mapped shared_info: a status, not an error
        Ui.waitUntil(LiveViewsTest.WAIT, () -> process.session().status().text().contains("booting: shared_info not mapped yet"),
                () -> process.session().status().text());
        assertEquals(SessionState.CONNECTING, process.session().status().state());
        assertTrue(process.session().status().text().contains("0x200000"), process.session().status().text());

        // shared_info mapped, the timer bound: its name appears, the others are not there yet
        stub.region(BLOCK, block(LiveViewsTest.SHARED_INFO, 5));
        EventChannelsView view = eventChannelsView();
        // the view shows this launch's session (not a session an earlier test left shown)
        Ui.waitUntil(LiveViewsTest.WAIT, () -> org.xenguest.debug.ui.live.LiveSessions.current() == process.session()
                && view.model().hasSnapshot() && "timer".equals(view.model().name(5)) && view.model().name(6) == null,
                () -> process.session().status().text() + "; port 6 named " + view.model().name(6));
        // the view may show the snapshot a moment before the session's status says so
        Ui.waitUntil(LiveViewsTest.WAIT, () -> process.session().status().state() == SessionState.LIVE,
                () -> process.session().status().text());
        assertNull(view.model().name(6));

        // the rest bound: kick, a0 and b0 appear where the guest put them
        stub.region(BLOCK, block(LiveViewsTest.SHARED_INFO, 5, 6, 3, 4));
        Ui.waitUntil(LiveViewsTest.WAIT, () -> "b0".equals(view.model().name(4)), () -> "port 4: " + view.model().name(4));
        assertEquals("kick", view.model().name(6));
        assertEquals("a0", view.model().name(3));
        assertEquals(model.toAbsolutePath(), process.session().settings().modelFile());
    }

    @Test
    void aManifestFileWorksAsTheDescriptorAndAModelWithoutOneSaysToSaveIt() throws Exception {
        Path model = project(true);
        Path manifest = model.resolveSibling("src-gen/manifest/g.json");
        SessionSettings settings = LiveLaunchAttributes.settings("127.0.0.1:1", "", manifest.toString(), 20, "");
        assertEquals(manifest.toAbsolutePath(), settings.manifestFile());

        Path unsaved = project(false);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LiveLaunchAttributes.settings("127.0.0.1:1", "", unsaved.toString(), 20, ""));
        assertTrue(refused.getMessage().contains("save the model so the builder generates its manifest"),
                refused.getMessage());

        // a guest descriptor JSON stays what it was
        Path descriptor = Files.createTempFile("guest", ".json");
        Files.writeString(descriptor, org.xenguest.debug.core.guest.GuestDescriptorJson.toJson(LiveViewsTest.GUEST).toString());
        SessionSettings old = LiveLaunchAttributes.settings("127.0.0.1:1", "", descriptor.toString(), 20, "");
        assertNull(old.manifestFile());
        assertEquals(LiveViewsTest.SHARED_INFO, old.sharedInfoAddress());
    }

    /**
     * The demo option with a stand-in for {@code xenguest}: it is run as {@code demo --serve PORT
     * --for S --work DIR}, writes DIR/generated/manifest/refguest.json, and the session attaches on
     * PORT; terminating the launch ends the stand-in.
     */
    @Test
    void theDemoOptionRunsXenguestDemoServeAndAttachesToItsPort() throws Exception {
        Path dir = Files.createTempDirectory("fake-xenguest");
        Path args = dir.resolve("args");
        Path manifest = dir.resolve("refguest.json");
        Files.writeString(manifest, manifest("refguest.xenguest"));
        Path script = dir.resolve("xenguest");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > " + args + ".tmp && mv " + args + ".tmp " + args + "\n"
                + "echo 'xenguest demo: serving (stand-in)'\n"
                + "mkdir -p \"$7/generated/manifest\" && cp " + manifest + " \"$7/generated/manifest/refguest.json\"\n"
                + "exec sleep 300\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        ILaunchConfigurationWorkingCopy configuration = configuration("demo");
        configuration.setAttribute(LiveLaunchAttributes.DEMO, true);
        configuration.setAttribute(LiveLaunchAttributes.DEMO_COMMAND, script.toString());
        configuration.setAttribute(LiveLaunchAttributes.DEMO_SECONDS, 240);
        launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);
        Ui.waitUntil("the stand-in to run", LiveViewsTest.WAIT, () -> Files.isRegularFile(args));
        String[] words = Files.readString(args).strip().split(" ");
        assertEquals(List.of("demo", "--serve"), List.of(words[0], words[1]));
        assertEquals(List.of("--for", "240", "--work"), List.of(words[3], words[4], words[5]));
        int port = Integer.parseInt(words[2]);

        stub = generatedStub(port);
        stub.region(BLOCK, block(LiveViewsTest.SHARED_INFO, 5, 6, 3, 4));
        LiveSessionProcess session = (LiveSessionProcess) launch.getProcesses()[0];
        EventChannelsView view = eventChannelsView();
        Ui.waitUntil(Duration.ofSeconds(30), () -> "a0".equals(view.model().name(3)), () -> session.session().status().text());
        Ui.waitUntil("the demo's entry in the launch", LiveViewsTest.WAIT, () -> launch.getProcesses().length == 2);
        IProcess demo = launch.getProcesses()[1];
        assertTrue(demo.getLabel().contains("--serve " + port), demo.getLabel());
        assertTrue(!demo.isTerminated());

        Launches.terminate(launch);
        assertTrue(demo.isTerminated());
        assertTrue(session.isTerminated());
    }
}
