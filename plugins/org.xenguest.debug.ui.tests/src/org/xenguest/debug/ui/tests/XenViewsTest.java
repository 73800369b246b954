package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.EventChannels;
import org.xenguest.abi.Virq;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.XenDomain;
import org.xenguest.debug.core.xen.XenDomainInfo;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenView;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.core.session.SnapshotSource;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.view.XenPortText;
import org.xenguest.debug.core.view.XenVcpuText;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.VcpuBitsCanvas;
import org.xenguest.debug.ui.views.VcpusView;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;

/**
 * Xen's own view of every port and vCPU in the Event Channels and vCPUs views: a source built
 * here carries it with each snapshot as the dom0 probe's does (its memory is the same boot page
 * as {@link LiveViewsTest}'s); the serial stub's snapshots carry none, and the views say it is
 * unknown rather than false. The real probe on a real host: {@link ProbeLaunchOnHostTest}.
 */
class XenViewsTest {

    /** Xen: 1 unbound for dom0, 3 interdomain to d0:37, 5 VIRQ timer, 70 IPI on vCPU 0 (the model says 1). */
    static XenView xenView() {
        XenDomain domain = new XenDomain(7, "demo-pvh", XenDomain.Type.PVH, 2, 2, XenDomain.State.BLOCKED,
                OptionalInt.empty());
        List<PortBinding> ports = List.of(
                new PortBinding(1, EventChannels.Status.UNBOUND, 0, OptionalInt.of(0), OptionalInt.empty(),
                        OptionalInt.empty(), OptionalInt.empty()),
                new PortBinding(3, EventChannels.Status.INTERDOMAIN, 0, OptionalInt.of(0), OptionalInt.of(37),
                        OptionalInt.empty(), OptionalInt.empty()),
                new PortBinding(5, EventChannels.Status.VIRQ, 0, OptionalInt.empty(), OptionalInt.empty(),
                        OptionalInt.of(Virq.TIMER.number()), OptionalInt.empty()),
                new PortBinding(70, EventChannels.Status.IPI, 0, OptionalInt.empty(), OptionalInt.empty(),
                        OptionalInt.empty(), OptionalInt.empty()));
        List<VcpuState> vcpus = List.of(
                new VcpuState(0, true, true, false, 0, 1_000_000L, Optional.of(new VcpuState.Hvm(Optional.of(true),
                        Optional.of(0xffff_8000_0010_0123L), Optional.of(0x246L), List.of(0xf3), List.of(), true))),
                new VcpuState(1, true, false, true, 1, 2_000_000L, Optional.empty()));
        return new XenView(Instant.EPOCH, new XenDomainInfo(domain, OptionalLong.of(LiveViewsTest.SHARED_INFO >> 12),
                4096), ports, vcpus);
    }

    /** The boot page read from memory, each snapshot with {@link #xenView()} as the probe's source adds it. */
    static SnapshotSource withXen(XenView view) {
        InMemoryGuestMemory memory = new InMemoryGuestMemory("test memory").put(LiveViewsTest.SHARED_INFO,
                LiveViewsTest.bootPage().bytes());
        LiveSource live = LiveSource.at(memory, LiveViewsTest.SHARED_INFO, LiveViewsTest.GUEST);
        return new SnapshotSource() {
            @Override
            public Optional<Snapshot> next() throws IOException {
                return live.next().map(snapshot -> snapshot.withXen(view));
            }

            @Override
            public String describe() {
                return "a test source with Xen's view";
            }

            @Override
            public boolean isLive() {
                return true;
            }

            @Override
            public void close() throws IOException {
                live.close();
            }
        };
    }

    private LiveSession session;
    private ScriptedRspStub stub;
    private IWorkbenchPage page;

    @BeforeEach
    void openWorkbench() {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setBounds(0, 0, 1500, 960);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void disconnect() throws Exception {
        if (session != null) {
            CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
            Ui.waitUntil("the session to disconnect", LiveViewsTest.WAIT, done::isDone);
        }
        LiveSessions.show(null);
        if (stub != null) {
            stub.close();
        }
        for (var reference : page.getViewReferences()) {
            page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
        }
    }

    private <T extends IViewPart> T show(String id, Class<T> type) throws Exception {
        IViewPart part = page.showView(id);
        page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.pump(Duration.ofMillis(300));
        return type.cast(part);
    }

    private void watchWithXen() {
        SessionSettings settings = SessionSettings.of(new org.xenguest.debug.core.rsp.HostPort("127.0.0.1", 1),
                LiveViewsTest.SHARED_INFO, LiveViewsTest.GUEST).withThresholds(RuleThresholds.instant())
                .withPollPeriod(Duration.ofMillis(100));
        session = LiveSession.watch("demo-pvh with Xen's view", settings, withXen(xenView()));
        LiveSessions.show(session);
    }

    @Test
    void theListShowsXensStateAndRemoteOfEachPortAndMarksWhereTheModelDisagrees() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        watchWithXen();
        Ui.waitUntil(LiveViewsTest.WAIT, () -> view.model().hasSnapshot(), () -> session.status().text());
        view.setListMode(true);
        String list = view.listText();
        assertTrue(list.contains("xen state") && list.contains("remote/virq"), list);
        assertTrue(list.matches("(?s).*\\n\\s+3 \\[1/0/1\\]\\s+0\\s+interdomain\\s+netfront-tx\\s+netfront_tx_interrupt"
                + "\\s+interdomain\\s+0\\s+d0:37.*"), list);
        assertTrue(list.matches("(?s).*\\n\\s+1 \\[0/0/1\\].*xenstore.*\\s+unbound\\s+0\\s+d0\\s.*"), list);
        assertTrue(list.matches("(?s).*\\n\\s+5 \\[0/0/1\\].*timer\\s+timer_handler\\s+virq\\s+0\\s+timer\\s.*"), list);
        // port 70: the model says vCPU 1, Xen notifies vCPU 0; port 6 (debug) is named but Xen has it closed
        String seventy = line(list, 70);
        assertTrue(seventy.contains("ipi") && seventy.contains("\u2260 vCPU: the guest's model says 1, Xen notifies 0"),
                seventy);
        assertTrue(line(list, 6).contains("closed") && line(list, 6).contains("\u2260"), line(list, 6));
        assertFalse(line(list, 3).contains("\u2260"), "Xen and the model agree on port 3: " + line(list, 3));
        Ui.savePng(Ui.captureScreen(view.grid().getParent().getParent().getParent()), "event-channels-list-xen");

        view.setListMode(false);
        String hover = view.grid().toolTipFor(3);
        assertTrue(hover.contains("Xen: interdomain, notifies vCPU 0, remote domain 0 port 37"), hover);
        assertTrue(view.grid().toolTipFor(5).contains("VIRQ timer (0)"), view.grid().toolTipFor(5));
        String mismatch = view.grid().toolTipFor(70);
        assertTrue(mismatch.contains("Xen: ipi, notifies vCPU 0")
                && mismatch.contains("\u2260 vCPU: the guest's model says 1, Xen notifies 0"), mismatch);
        assertTrue(view.grid().toolTipFor(1).contains("Xen: unbound, notifies vCPU 0, domain 0 may bind it"),
                view.grid().toolTipFor(1));
    }

    @Test
    void theVcpusViewShowsBlockedIfRipAndTheLapicVectors() throws Exception {
        VcpusView view = show(VcpusView.ID, VcpusView.class);
        watchWithXen();
        VcpuBitsCanvas bits = view.bits();
        Ui.waitUntil("a snapshot in the vCPUs view", LiveViewsTest.WAIT, () -> bits.snapshot() != null);
        String zero = bits.xenLine(0);
        assertTrue(zero.startsWith("Xen: online, blocked, not running \u00b7 IF=1 \u00b7 RIP 0xffff800000100123"), zero);
        assertTrue(zero.contains("LAPIC IRR 0xf3 ISR none"), zero);
        // Xen gave no HVM record for vCPU 1: IF, RIP and the LAPIC are unknown, not false
        String one = bits.xenLine(1);
        assertTrue(one.startsWith("Xen: online, not blocked, running \u00b7 IF=? \u00b7 RIP ?"), one);
        assertTrue(one.contains("LAPIC ?"), one);
        assertFalse(one.contains("IF=0"), one);
        // the upcall vector, when the source knows it, is picked out of the LAPIC lists
        bits.setUpcallVector(OptionalInt.of(0xf3));
        assertTrue(bits.xenLine(0).contains("IRR 0xf3(upcall)"), bits.xenLine(0));
        bits.setUpcallVector(OptionalInt.empty());
        // the line is drawn: its pixels are not all background
        Ui.pump(Duration.ofMillis(200));
        var image = Ui.capture(bits);
        var origin = bits.xenLineOrigin(0);
        boolean drawn = false;
        for (int x = origin.x; x < origin.x + 200 && !drawn; x++) {
            for (int y = origin.y; y < origin.y + 10 && !drawn; y++) {
                drawn = !Ui.pixel(image, x, y).equals(bits.palette().background().getRGB());
            }
        }
        assertTrue(drawn, "the Xen line is drawn under vCPU 0's boxes");
        Ui.savePng(Ui.captureScreen(bits.getParent().getParent().getParent()), "vcpus-xen");
    }

    @Test
    void theSerialStubReportsNoXenViewAndTheViewsSayItIsUnknown() throws Exception {
        stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes());
        VcpusView vcpus = show(VcpusView.ID, VcpusView.class);
        session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO, LiveViewsTest.GUEST)
                .withReplyTimeout(Duration.ofMillis(500)));
        LiveSessions.show(session);
        Ui.waitUntil("a snapshot in the vCPUs view", LiveViewsTest.WAIT, () -> vcpus.bits().snapshot() != null);
        assertEquals(XenVcpuText.NOT_REPORTED, vcpus.bits().xenLine(0));
        assertFalse(vcpus.bits().xenLine(0).contains("not blocked") || vcpus.bits().xenLine(0).contains("IF=0"),
                vcpus.bits().xenLine(0));

        EventChannelsView ports = show(EventChannelsView.ID, EventChannelsView.class);
        Ui.waitUntil(LiveViewsTest.WAIT, () -> ports.model().hasSnapshot(), () -> session.status().text());
        assertTrue(ports.grid().toolTipFor(3).contains(XenPortText.NOT_REPORTED), ports.grid().toolTipFor(3));
        ports.setListMode(true);
        assertTrue(ports.listText().contains(XenPortText.NOT_REPORTED), ports.listText());
        assertFalse(ports.listText().contains("xen state"), ports.listText());
        ports.setListMode(false);
    }

    /** The list's line of {@code port}. */
    static String line(String list, int port) {
        return list.lines().filter(l -> l.matches("\\s+" + port + " \\[.*")).findFirst().orElse("(no line for port "
                + port + ")");
    }
}
