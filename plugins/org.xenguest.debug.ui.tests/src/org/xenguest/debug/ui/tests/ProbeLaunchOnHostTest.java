package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.view.PortGridModel;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.launch.ProbeLaunchAttributes;
import org.xenguest.debug.ui.launch.ProbeLaunchTab;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.live.SessionState;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.VcpusView;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.tests.support.ExternalTools;
import org.xenguest.tests.support.ui.Ui;

/**
 * The "Xen Domain (dom0 probe)" launch on a real Xen host: a host of its own (Xen 4.17 and a
 * Linux dom0 in QEMU, its state in a folder of this class) runs the reference guest as the PVH
 * domU "refguest"; the tab lists the host's domains off the UI thread, and a launch for
 * "refguest" with no descriptor shows its ports named from Xen's bindings and xenstore in the
 * Event Channels view, Xen's state and remote end of each port in its list, and the vCPU's run
 * state and IF in the vCPUs view; a launch with the guest's model and image names them as the
 * model does.
 */
class ProbeLaunchOnHostTest {

    private static final Duration BOOT_WAIT = Duration.ofMinutes(3);
    private static final List<String> NAMES = List.of("xenstore", "virq timer", "vif/0 event-channel");

    private static Path work;
    private static Path project;
    private static Path model;
    private static Path kernel;
    private static XenHost host;

    @BeforeAll
    static void buildTheGuestAndStartAHost() throws Exception {
        work = Files.createTempDirectory("xg-probe-launch");
        // the host's state folder is this class's: set before anything reads HostFiles
        System.setProperty("xenguest.host.state", work.resolve("state").toString());
        Path examples = Path.of(System.getProperty("xenguest.examples", "../../examples")).toAbsolutePath().normalize();
        // the model in a project of its own, its code generated where the editor's builder puts it (src-gen)
        project = work.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve(".project"), "<projectDescription><name>refguest</name></projectDescription>");
        model = Files.copy(examples.resolve("refguest-domu.xenguest"), project.resolve("refguest-domu.xenguest"));
        Path gen = GeneratedGuest.generate(model, project.resolve("src-gen"));
        String make = ExternalTools.require("make", "make").toString();
        ExternalTools.require("gcc", "gcc");
        Path build = work.resolve("build");
        ExternalTools.Result built = ExternalTools.run(List.of(make, "-s", "-C",
                examples.resolveSibling("releng/refguest").toString(), "GEN=" + gen, "BUILD=" + build),
                work.resolve("make.log"), 300);
        assertEquals(0, built.exitCode(), "make: " + built.output());
        XenHost.Started started = XenHost.start(HostFiles.fromEnvironment(), XenHost.DEFAULT_MEMORY_MIB,
                System.out::println);
        host = started.host();
        kernel = build.resolve("refguest.elf");
        XenHost.Domain domain = host.create(gen.resolve("xl/refguest.cfg"), kernel);
        assertEquals("refguest", domain.name());
    }

    @AfterAll
    static void stopTheHost() {
        LiveSessions.show(null);
        if (host != null) {
            host.stop();
        }
        System.clearProperty("xenguest.host.state");
    }

    @Test
    void theTabListsTheHostsDomainsOffTheUiThreadAndAPickFillsTheDomain() throws Exception {
        ILaunchConfigurationWorkingCopy configuration = type().newInstance(null, "tab on host");
        Shell shell = new Shell(Display.getCurrent(), SWT.SHELL_TRIM);
        shell.setLayout(new FillLayout());
        try {
            ProbeLaunchTab tab = new ProbeLaunchTab();
            tab.createControl(shell);
            tab.setDefaults(configuration);
            tab.initializeFrom(configuration);
            shell.setSize(700, 500);
            shell.open();
            long t0 = System.nanoTime();
            CompletableFuture<?> fetch = tab.refreshDomains();
            long returnedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(returnedMillis < 500, "refreshDomains returned after " + returnedMillis + " ms: it must not wait");
            Ui.waitUntil(Duration.ofSeconds(15), fetch::isDone, tab::domainListStatus);
            List<String> rows = tab.shownDomains();
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("0 Domain-0 PV")), rows.toString());
            assertTrue(rows.stream().anyMatch(r -> r.contains(" refguest PVH ")), rows.toString());
            assertTrue(tab.domainListStatus().contains("domains on the local xenguest host"), tab.domainListStatus());
            assertTrue(tab.pick("refguest"));
            tab.performApply(configuration);
            assertEquals("refguest", configuration.getAttribute(ProbeLaunchAttributes.DOMAIN, ""));
            assertTrue(configuration.getAttribute(ProbeLaunchAttributes.LOCAL_HOST, false));
            assertTrue(tab.isValid(configuration), tab.getErrorMessage());
        } finally {
            shell.dispose();
        }
    }

    @Test
    void aLaunchForRefguestShowsItsPortsNamedFromXenInTheEventChannelsView() throws Exception {
        ILaunchConfigurationWorkingCopy configuration = type().newInstance(null, "refguest through the probe");
        configuration.setAttribute(ProbeLaunchAttributes.LOCAL_HOST, true);
        configuration.setAttribute(ProbeLaunchAttributes.DOMAIN, "refguest");
        configuration.setAttribute(ProbeLaunchAttributes.POLL_HZ, 10);
        ILaunch launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);
        try {
            assertEquals(1, launch.getProcesses().length);
            LiveSessionProcess process = (LiveSessionProcess) launch.getProcesses()[0];
            assertSame(process.session(), LiveSessions.current());
            Ui.waitUntil(BOOT_WAIT, () -> process.session().status().state() == SessionState.LIVE,
                    () -> "the session to go live: " + process.session().status().text());
            assertTrue(process.getLabel().contains("refguest on the local xenguest host"), process.getLabel());
            Ui.waitUntil("the Event Channels view to open", LiveViewsTest.WAIT, () -> PlatformUI.getWorkbench()
                    .getActiveWorkbenchWindow().getActivePage().findView(EventChannelsView.ID) != null);
            EventChannelsView view = (EventChannelsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                    .getActivePage().findView(EventChannelsView.ID);
            Ui.waitUntil(Duration.ofSeconds(60), () -> names(view.model()).containsAll(NAMES),
                    () -> "the ports named from Xen in the Event Channels view; it names: " + names(view.model())
                            + "; session: " + process.session().status().text());
            // Xen's view rides with every snapshot: the view's snapshot has it
            assertTrue(view.model().snapshot().xen().isPresent(), "the snapshot carries Xen's view");
            Ui.savePng(Ui.captureShell(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell()),
                    "workbench-probe-launch");

            // the list shows Xen's state and remote end of the vif's port: interdomain to netback in dom0
            int vif = port(view.model(), "vif/0 event-channel");
            view.setListMode(true);
            Ui.waitUntil(LiveViewsTest.WAIT, () -> XenViewsTest.line(view.listText(), vif)
                    .matches(".*vif/0 event-channel.*\\binterdomain\\s+0\\s+d0:\\d+.*"),
                    () -> "port " + vif + " interdomain to d0 in the list:\n" + view.listText());
            assertTrue(view.grid().toolTipFor(vif).contains("Xen: interdomain, notifies vCPU 0, remote domain 0 port"),
                    view.grid().toolTipFor(vif));
            Ui.savePng(Ui.captureShell(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell()),
                    "workbench-probe-list");
            view.setListMode(false);

            // the vCPUs view: Xen's run state, IF and the LAPIC, known (not "?"); an idle guest is seen blocked in hlt
            VcpusView vcpus = (VcpusView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                    .showView(VcpusView.ID);
            Ui.waitUntil(Duration.ofSeconds(60), () -> vcpus.bits().snapshot() != null
                    && vcpus.bits().xenLine(0).matches("Xen: online, blocked, not running \u00b7 IF=1 \u00b7 RIP 0x[0-9a-f]+"
                            + " \u00b7 LAPIC IRR .* ISR .*"),
                    () -> "vCPU 0 blocked with IF=1 in the vCPUs view: " + (vcpus.bits().snapshot() == null ? "no snapshot"
                            : vcpus.bits().xenLine(0)));
            Ui.savePng(Ui.captureShell(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell()),
                    "workbench-probe-vcpus");

            CompletableFuture<Void> terminated = CompletableFuture.runAsync(process::terminate);
            Ui.waitUntil("terminate", LiveViewsTest.WAIT, terminated::isDone);
            assertTrue(launch.isTerminated());
            assertEquals(SessionState.DISCONNECTED, process.session().status().state());
        } finally {
            Launches.endAndRemove(launch);
        }
    }

    @Test
    void aLaunchWithTheGuestsModelAndImageNamesThePortsAsTheModelDoes() throws Exception {
        ILaunchConfigurationWorkingCopy configuration = type().newInstance(null, "refguest with its model");
        configuration.setAttribute(ProbeLaunchAttributes.LOCAL_HOST, true);
        configuration.setAttribute(ProbeLaunchAttributes.DOMAIN, "refguest");
        configuration.setAttribute(ProbeLaunchAttributes.DESCRIPTOR, model.toString());
        configuration.setAttribute(ProbeLaunchAttributes.ELF_FILE, kernel.toString());
        ILaunch launch = configuration.launch(ILaunchManager.DEBUG_MODE, null);
        try {
            LiveSessionProcess process = (LiveSessionProcess) launch.getProcesses()[0];
            Ui.waitUntil("the Event Channels view to open", LiveViewsTest.WAIT, () -> PlatformUI.getWorkbench()
                    .getActiveWorkbenchWindow().getActivePage().findView(EventChannelsView.ID) != null);
            EventChannelsView view = (EventChannelsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                    .getActivePage().findView(EventChannelsView.ID);
            List<String> modelNames = List.of("store", "console", "timer", "kick", "net0", "a0", "b3");
            Ui.waitUntil(BOOT_WAIT, () -> names(view.model()).containsAll(modelNames),
                    () -> "the model's names in the Event Channels view; it names: " + names(view.model())
                            + "; session: " + process.session().status().text());
            int timer = port(view.model(), "timer");
            assertTrue(view.grid().toolTipFor(timer).contains("handler on_timer"), view.grid().toolTipFor(timer));
            assertTrue(view.grid().toolTipFor(timer).contains("Xen: virq, notifies vCPU 0, VIRQ timer"),
                    view.grid().toolTipFor(timer));
        } finally {
            Launches.endAndRemove(launch);
        }
    }

    /** The port the view's model names {@code name}. */
    private static int port(PortGridModel model, String name) {
        for (int port = 0; port < PortGridModel.PORTS; port++) {
            if (name.equals(model.name(port))) {
                return port;
            }
        }
        throw new AssertionError("no port named " + name + ": " + names(model));
    }

    static ILaunchConfigurationType type() {
        ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(ProbeLaunchAttributes.TYPE_ID);
        assertEquals("Xen Domain (dom0 probe)", type.getName());
        return type;
    }

    private static Set<String> names(PortGridModel model) {
        Set<String> names = new TreeSet<>();
        if (!model.hasSnapshot()) {
            return names;
        }
        for (int port = 0; port < PortGridModel.PORTS; port++) {
            String name = model.name(port);
            if (name != null && !name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
