package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.FindingsView;
import org.xenguest.debug.ui.views.VcpusView;

/**
 * Screenshots of each view with live data from a guest that boots a netfront and a blkfront on
 * two vCPUs, taken just after some bits changed (so the fading highlight shows) and with a lost
 * wake-up and a pending-while-masked port present. Saved as target/screenshots/workbench-*.png.
 */
class ScreenshotsTest {

    static final GuestDescriptor GUEST = demoGuest();

    private static GuestDescriptor demoGuest() {
        List<GuestDescriptor.Port> ports = new ArrayList<>(List.of(
                new GuestDescriptor.Port(1, "xenstore", "interdomain", "xenbus_handle_event", 0),
                new GuestDescriptor.Port(2, "console", "interdomain", "console_input", 0),
                new GuestDescriptor.Port(3, "timer0", "virq", "timer_handler", 0),
                new GuestDescriptor.Port(4, "debug", "virq", "debug_handler", 0),
                new GuestDescriptor.Port(5, "ipi-resched0", "ipi", "resched_handler", 0),
                new GuestDescriptor.Port(6, "timer1", "virq", "timer_handler", 1),
                new GuestDescriptor.Port(7, "ipi-resched1", "ipi", "resched_handler", 1),
                new GuestDescriptor.Port(8, "vif0-tx", "interdomain", "netfront_tx_interrupt", 0),
                new GuestDescriptor.Port(9, "vif0-rx", "interdomain", "netfront_rx_interrupt", 0),
                new GuestDescriptor.Port(10, "vbd768", "interdomain", "blkfront_interrupt", 0),
                new GuestDescriptor.Port(64, "vif1-tx", "interdomain", "netfront_tx_interrupt", 1),
                new GuestDescriptor.Port(65, "vif1-rx", "interdomain", "netfront_rx_interrupt", 1)));
        return new GuestDescriptor("unikernel-pvh", LiveViewsTest.SHARED_INFO, 2, ports, null, List.of(), null,
                List.of());
    }

    /** Every port masked at start, the bound ones unmasked; netfront RX pending while masked. */
    private static SharedInfoPage booted() {
        return new SharedInfoPage().maskFrom(1).masked(false, 1, 2, 3, 5, 6, 7, 8, 10, 64, 65)
                .pending(true, 3, 9, 65).pendingSel(0, 1L).pendingSel(1, 1L << 1).upcall(0, 1, 0).upcall(1, 1, 1);
    }

    @Test
    void screenshotsOfEachViewWithLiveData() throws Exception {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1440, 900);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, booted().bytes())) {
            LiveSession session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO, GUEST)
                    .withPollPeriod(Duration.ofMillis(200)).withThresholds(RuleThresholds.instant()));
            LiveSessions.show(session);
            try {
                EventChannelsView channels = (EventChannelsView) maximize(page, EventChannelsView.ID);
                Ui.waitUntil("two snapshots", LiveViewsTest.WAIT, () -> channels.model().hasSnapshot()
                        && channels.model().snapshot().sequence() >= 1);
                // the guest takes timer0 and console input arrives, xenstore answers on vCPU 0
                stub.page(booted().pending(false, 3).pending(true, 1, 2, 10).masked(true, 10).bytes());
                Ui.waitUntil("the change", LiveViewsTest.WAIT, () -> channels.model().changeAge(1) > 0);
                List<Path> shots = new ArrayList<>();
                shots.add(Ui.savePng(Ui.captureShell(shell), "workbench-event-channels"));
                assertTrue(channels.model().changeAge(1) > 0,
                        "the screenshot shows the highlight: age " + channels.model().changeAge(1));
                channels.setListMode(true);
                shots.add(Ui.savePng(Ui.captureShell(shell), "workbench-event-channels-list"));
                channels.setListMode(false);
                maximize(page, VcpusView.ID);
                shots.add(Ui.savePng(Ui.captureShell(shell), "workbench-vcpus"));
                FindingsView findings = (FindingsView) maximize(page, FindingsView.ID);
                Ui.waitUntil("findings", LiveViewsTest.WAIT, () -> findings.viewer().getTable().getItemCount() > 0);
                findings.viewer().getTable().select(0);
                findings.viewer().setSelection(findings.viewer().getSelection());
                findings.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(
                        findings.viewer().getElementAt(0)));
                shots.add(Ui.savePng(Ui.captureShell(shell), "workbench-findings"));
                for (Path shot : shots) {
                    assertTrue(Files.size(shot) > 10_000, shot + " is too small to show anything");
                }
            } finally {
                CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
                Ui.waitUntil("disconnect", LiveViewsTest.WAIT, done::isDone);
                LiveSessions.show(null);
                for (var reference : page.getViewReferences()) {
                    page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
                }
            }
        }
    }

    private static IViewPart maximize(IWorkbenchPage page, String id) throws Exception {
        IViewPart part = page.showView(id);
        page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.pump(Duration.ofMillis(300));
        return part;
    }
}
