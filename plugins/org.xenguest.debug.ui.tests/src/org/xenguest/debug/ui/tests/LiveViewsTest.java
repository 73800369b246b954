package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.live.SessionState;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelGrid;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.FindingsView;
import org.xenguest.debug.ui.views.LiveView;
import org.xenguest.debug.ui.views.Palette;
import org.xenguest.debug.core.view.PortColour;
import org.xenguest.debug.core.view.PortFilter;
import org.xenguest.debug.core.view.PortGridModel;
import org.xenguest.debug.ui.views.VcpuBitsCanvas;
import org.xenguest.debug.ui.views.VcpusView;

/**
 * The views in a real workbench, attached to an in-process GDB stub: what the stub's memory says
 * must show in the views' models and in their pixels.
 */
class LiveViewsTest {

    static final long SHARED_INFO = 0x10_0000L;
    static final Duration WAIT = Duration.ofSeconds(15);

    /** A guest booting its netfront: xenstore, console, netfront, timer ports, all else masked. */
    static final GuestDescriptor GUEST = new GuestDescriptor("demo-pvh", SHARED_INFO, 2, List.of(
            new GuestDescriptor.Port(1, "xenstore", "interdomain", "xenbus_handle_event", 0),
            new GuestDescriptor.Port(2, "console", "interdomain", "console_handle_input", 0),
            new GuestDescriptor.Port(3, "netfront-tx", "interdomain", "netfront_tx_interrupt", 0),
            new GuestDescriptor.Port(4, "netfront-rx", "interdomain", "netfront_rx_interrupt", 0),
            new GuestDescriptor.Port(5, "timer", "virq", "timer_handler", 0),
            new GuestDescriptor.Port(6, "debug", "virq", "debug_handler", 0),
            new GuestDescriptor.Port(70, "ipi-call", "ipi", "ipi_call_handler", 1)), null, List.of(), null, List.of());

    /**
     * Ports 8..4095 masked but 70 and 131; 1 idle, 2 masked, 3 [1/0/1] (upcall due), 4 [1/1/1],
     * 70 [1/0/0] (vCPU 1's selector clear), 131 [1/0/0] (word 2 not selected); vCPU 0 upcall pending.
     */
    static SharedInfoPage bootPage() {
        return new SharedInfoPage().maskFrom(8).masked(false, 70, 131).masked(true, 2, 4, 6)
                .pending(true, 3, 4, 70, 131)
                .pendingSel(0, 1L).upcall(0, 1, 0).upcall(1, 0, 1).pendingSel(1, 0);
    }

    private ScriptedRspStub stub;
    private LiveSession session;
    private IWorkbenchPage page;

    @BeforeEach
    void openWorkbench() throws Exception {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1500, 960);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.closeAllEditors(false);
        stub = ScriptedRspStub.serving(SHARED_INFO, bootPage().bytes());
    }

    @AfterEach
    void disconnect() throws Exception {
        if (session != null) {
            CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
            Ui.waitUntil("the session to disconnect", WAIT, done::isDone);
        }
        LiveSessions.show(null);
        stub.close();
        for (var reference : page.getViewReferences()) {
            page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
        }
    }

    private LiveSession attach(SessionSettings settings) {
        session = LiveSession.connect(settings);
        LiveSessions.show(session);
        return session;
    }

    private SessionSettings settings() {
        return SessionSettings.of(stub.address(), SHARED_INFO, GUEST).withThresholds(RuleThresholds.instant())
                .withReplyTimeout(Duration.ofMillis(500));
    }

    private <T extends IViewPart> T show(String id, Class<T> type) throws Exception {
        IViewPart part = page.showView(id);
        // maximized: the pixels read are on screen, and the screenshots are large
        page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.pump(Duration.ofMillis(300));
        return type.cast(part);
    }

    private static void waitForSnapshot(PortGridModel model, LiveSession session, long afterSequence) {
        // a snapshot of this session: the view may still show the last test's until its next refresh
        Ui.waitUntil(WAIT, () -> model.hasSnapshot() && model.snapshot().sequence() > afterSequence
                && session.history().contains(model.snapshot()),
                () -> "a snapshot after #" + afterSequence + "; status: " + session.status().text());
    }

    private static RGB centre(ImageData image, Rectangle cell) {
        return Ui.pixel(image, cell.x + cell.width / 2 + 1, cell.y + cell.height / 2 + 1);
    }

    /**
     * Pauses polling and lets the last refresh paint, so that the pixels read next and the model
     * show the same snapshot (a loaded machine may otherwise paint one snapshot behind the model).
     */
    private void pauseAndSettle(LiveView view) {
        CompletableFuture<Void> paused = CompletableFuture.runAsync(session::pause);
        Ui.waitUntil("pause", WAIT, paused::isDone);
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Paused"), view::statusText);
        Ui.pump(Duration.ofMillis(100));
    }

    @Test
    void gridChangesDrawnStraightOntoTheWindowLookAsTheFrameShowsThem() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        try {
            attach(settings());
            waitForSnapshot(view.model(), session, -1);
            pauseAndSettle(view);
            EventChannelGrid grid = view.grid();
            Palette palette = grid.palette();
            ImageData all = Ui.capture(grid);
            assertEquals(palette.port(PortColour.MASKED).getRGB(), centre(all, grid.cellBounds(2)));
            // every cell changes: the paint draws the grid and the summary straight, not from the frame
            for (PortFilter filter : List.of(PortFilter.ALL.withPendingOnly(true), PortFilter.ALL)) {
                long straight = grid.directPaints();
                grid.setFilter(filter);
                ImageData shown = shownWithoutRedraw(grid);
                assertTrue(grid.directPaints() > straight, "the filter's paint drew straight onto the window");
                ImageData fromFrame = Ui.capture(grid); // a paint of everything: the kept frame copied
                assertSamePixels(fromFrame, shown);
                // port 2 is masked, not pending: hidden (grid-line colour) by the pending-only filter
                assertEquals(filter.isAll() ? palette.port(PortColour.MASKED).getRGB() : palette.gridLine().getRGB(),
                        centre(shown, grid.cellBounds(2)), "port 2 as the filter shows it");
            }
        } finally {
            page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
        }
    }

    /** What the control shows after the paints it asked for, without asking it to paint everything. */
    private static ImageData shownWithoutRedraw(org.eclipse.swt.widgets.Control control) {
        control.update();
        Ui.pump(Duration.ofMillis(120));
        Rectangle size = control.getBounds();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(control.getDisplay(), size.width, size.height);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(control);
        try {
            gc.copyArea(image, 0, 0);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static void assertSamePixels(ImageData expected, ImageData actual) {
        assertEquals(expected.width, actual.width);
        assertEquals(expected.height, actual.height);
        for (int y = 0; y < expected.height; y++) {
            for (int x = 0; x < expected.width; x++) {
                RGB want = Ui.pixel(expected, x, y);
                RGB got = Ui.pixel(actual, x, y);
                if (!want.equals(got)) {
                    assertEquals(want, got, "pixel " + x + "," + y + " drawn straight differs from the frame's");
                }
            }
        }
    }

    @Test
    void gridCellsShowTheStubsBitsInModelAndPixels() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        // 5 Hz: the change highlight lasts a second, longer than a loaded machine's hiccups
        attach(settings().withPollPeriod(Duration.ofMillis(200)));
        waitForSnapshot(view.model(), session, -1);
        PortGridModel model = view.model();
        assertEquals(PortColour.IDLE, model.colour(1));
        assertEquals(PortColour.MASKED, model.colour(2));
        assertEquals(PortColour.PENDING_SELECTED, model.colour(3));
        assertEquals(PortColour.PENDING_MASKED, model.colour(4));
        assertEquals(PortColour.PENDING, model.colour(131)); // word 2 not selected anywhere
        assertEquals(PortColour.PENDING, model.colour(70)); // vCPU 1's selector is 0
        assertEquals(PortColour.MASKED, model.colour(4095));
        assertEquals("netfront-tx", model.name(3));

        EventChannelGrid grid = view.grid();
        Palette palette = grid.palette();
        ImageData image = Ui.capture(grid);
        for (int port : new int[] { 1, 2, 3, 4, 70, 131, 4095, 1000 }) {
            assertEquals(palette.port(model.colour(port)).getRGB(), centre(image, grid.cellBounds(port)),
                    "centre pixel of port " + port + " (" + model.colour(port) + ")");
        }
        // the findings' ports are framed in the finding colour: 3 lost wake-up, 4 pending while masked
        assertTrue(model.findings(3).stream().anyMatch(f -> f.code() == FindingCode.EVTCHN_LOST_WAKEUP),
                model.findings(3).toString());
        assertTrue(model.findings(4).stream().anyMatch(f -> f.code() == FindingCode.EVTCHN_PENDING_MASKED),
                model.findings(4).toString());
        for (int port : new int[] { 3, 4 }) {
            Rectangle cell = grid.cellBounds(port);
            assertEquals(palette.finding().getRGB(), Ui.pixel(image, cell.x + 1, cell.y + cell.height / 2 + 1),
                    "frame of port " + port);
        }
        Rectangle idle = grid.cellBounds(1000);
        assertEquals(palette.port(PortColour.MASKED).getRGB(), Ui.pixel(image, idle.x + 1, idle.y + idle.height / 2 + 1));

        String hover = grid.toolTipFor(3);
        assertTrue(hover.contains("netfront-tx") && hover.contains("interdomain")
                && hover.contains("netfront_tx_interrupt") && hover.contains("[1/0/1]") && hover.contains("History"),
                hover);
        Ui.savePng(Ui.captureScreen(grid.getParent().getParent().getParent()), "event-channels-boot");

        // the guest takes the netfront-tx event and xenstore fires: 3 -> [0/0/1], 1 -> [1/0/1]
        long before = model.snapshot().sequence();
        stub.page(bootPage().pending(false, 3).pending(true, 1).bytes());
        Ui.waitUntil(WAIT, () -> model.colour(1) == PortColour.PENDING_SELECTED, () -> "port 1 to turn pending");
        assertTrue(model.snapshot().sequence() > before);
        pauseAndSettle(view);
        image = Ui.capture(grid);
        int age = model.changeAge(1);
        assertTrue(age > 0 && model.changeAge(3) > 0 && model.changeAge(2) == 0, "ages " + age);
        Rectangle one = grid.cellBounds(1);
        RGB expectedFrame = Palette.blend(palette.port(PortColour.PENDING_SELECTED).getRGB(),
                palette.changed().getRGB(), (double) age / PortGridModel.FADE_SNAPSHOTS);
        // port 1 has a finding by now too (instant thresholds): then the finding frame wins
        RGB frame = Ui.pixel(image, one.x + 1, one.y + one.height / 2 + 1);
        assertTrue(frame.equals(expectedFrame) || frame.equals(palette.finding().getRGB()), frame.toString());
        Rectangle three = grid.cellBounds(3);
        assertEquals(palette.port(PortColour.IDLE).getRGB(), centre(image, three));
        assertEquals(Palette.blend(palette.port(PortColour.IDLE).getRGB(), palette.changed().getRGB(),
                (double) model.changeAge(3) / PortGridModel.FADE_SNAPSHOTS),
                Ui.pixel(image, three.x + 1, three.y + three.height / 2 + 1), "changed frame of port 3");

        // the highlight fades over FADE_SNAPSHOTS snapshots
        long changedAt = model.snapshot().sequence();
        CompletableFuture.runAsync(session::resume);
        waitForSnapshot(model, session, changedAt + PortGridModel.FADE_SNAPSHOTS + 1);
        pauseAndSettle(view);
        assertEquals(0, model.changeAge(3));
        image = Ui.capture(grid);
        assertEquals(palette.port(PortColour.IDLE).getRGB(), Ui.pixel(image, three.x + 1, three.y + three.height / 2 + 1));
    }

    @Test
    void filtersAndListModeReadLikeXensEKey() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        attach(settings());
        waitForSnapshot(view.model(), session, -1);
        EventChannelGrid grid = view.grid();
        Palette palette = grid.palette();

        view.setFilter(PortFilter.ALL.withPendingOnly(true));
        ImageData image = Ui.capture(grid);
        assertEquals(palette.gridLine().getRGB(), centre(image, grid.cellBounds(2)), "masked port dimmed");
        assertEquals(palette.port(PortColour.PENDING).getRGB(), centre(image, grid.cellBounds(131)));
        view.setFilter(PortFilter.ALL.withNamedOnly(true));
        image = Ui.capture(grid);
        assertEquals(palette.gridLine().getRGB(), centre(image, grid.cellBounds(131)), "unnamed port dimmed");
        assertEquals(palette.port(PortColour.MASKED).getRGB(), centre(image, grid.cellBounds(2)));

        view.setFilter(PortFilter.ALL);
        view.setListMode(true);
        String list = view.listText();
        assertTrue(list.contains("port [p/m/s]"), list);
        assertTrue(list.matches("(?s).*\\n\\s+3 \\[1/0/1\\]\\s+0\\s+interdomain\\s+netfront-tx\\s+netfront_tx_interrupt.*"),
                list);
        assertTrue(list.contains("EVTCHN_LOST_WAKEUP"), list);
        assertTrue(list.contains("8..4095 [0/1/x]  masked (4088 ports)") || list.contains("masked ("), list);
        assertFalse(list.contains("  1000 [0/1/0]"), "masked runs are folded:\n" + list);
        view.setFilter(PortFilter.ALL.withNamedOnly(true));
        assertFalse(view.listText().contains("131 ["), view.listText());
        Ui.savePng(Ui.captureScreen(grid.getParent().getParent().getParent()), "event-channels-list");
        view.setFilter(PortFilter.ALL);
        view.setListMode(false);
    }

    @Test
    void vcpuViewShowsUpcallFlagsAndSelectorBits() throws Exception {
        VcpusView view = show(VcpusView.ID, VcpusView.class);
        attach(settings());
        VcpuBitsCanvas bits = view.bits();
        Ui.waitUntil("a snapshot in the vCPUs view", WAIT, () -> bits.snapshot() != null);
        Palette palette = bits.palette();
        ImageData image = Ui.capture(bits);
        assertEquals(palette.bitSet().getRGB(), centre(image, bits.upcallPendingBounds(0)), "vCPU 0 upcall_pending");
        assertEquals(palette.bitClear().getRGB(), centre(image, bits.upcallMaskBounds(0)), "vCPU 0 upcall_mask");
        assertEquals(palette.bitClear().getRGB(), centre(image, bits.upcallPendingBounds(1)), "vCPU 1 upcall_pending");
        assertEquals(palette.port(PortColour.MASKED).getRGB(), centre(image, bits.upcallMaskBounds(1)),
                "vCPU 1 upcall_mask");
        assertEquals(palette.bitSet().getRGB(), centre(image, bits.selectorBitBounds(0, 0)), "vCPU 0 sel bit 0");
        assertEquals(palette.bitClear().getRGB(), centre(image, bits.selectorBitBounds(0, 1)), "vCPU 0 sel bit 1");

        // vCPU 1 gets words 1 and 63 selected and its upcall pending
        stub.page(bootPage().pendingSel(1, 1L << 1 | 1L << 63).upcall(1, 1, 1).bytes());
        Ui.waitUntil("vCPU 1's selector to change", WAIT, () -> bits.snapshot().vcpu(1).evtchnPendingSel() != 0);
        image = Ui.capture(bits);
        for (int bit = 0; bit < 64; bit++) {
            RGB expected = bit == 1 || bit == 63 ? palette.bitSet().getRGB() : palette.bitClear().getRGB();
            assertEquals(expected, centre(image, bits.selectorBitBounds(1, bit)), "vCPU 1 sel bit " + bit);
        }
        assertEquals(palette.bitSet().getRGB(), centre(image, bits.upcallPendingBounds(1)));
        Ui.savePng(Ui.captureScreen(bits.getParent().getParent().getParent()), "vcpus");
    }

    @Test
    void findingsViewListsPatternsAndExplainsTheSelectedOne() throws Exception {
        FindingsView view = show(FindingsView.ID, FindingsView.class);
        attach(settings());
        Table table = view.viewer().getTable();
        Ui.waitUntil("findings in the table", WAIT, () -> table.getItemCount() >= 2);
        List<String> codes = Arrays.stream(table.getItems()).map(item -> item.getText(0)).toList();
        assertTrue(codes.contains("EVTCHN_LOST_WAKEUP") && codes.contains("EVTCHN_PENDING_MASKED"), codes.toString());
        int lost = codes.indexOf("EVTCHN_LOST_WAKEUP");
        assertEquals("3", table.getItem(lost).getText(1));
        view.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(
                view.viewer().getElementAt(lost)), true);
        Ui.pump(Duration.ofMillis(100));
        String details = view.detailsText();
        assertTrue(details.contains(FindingCode.EVTCHN_LOST_WAKEUP.explanation())
                && details.contains(FindingCode.EVTCHN_LOST_WAKEUP.fix()), details);
        assertEquals(view.palette().finding().getRGB(), table.getItem(lost).getForeground(0).getRGB());
        Ui.savePng(Ui.captureScreen(table.getParent().getParent().getParent().getParent()), "findings");

        // the guest handles the event: the lost wake-up goes away
        stub.page(bootPage().pending(false, 3).pendingSel(0, 0).bytes());
        Ui.waitUntil(WAIT, () -> Arrays.stream(table.getItems()).noneMatch(i -> i.getText(0).equals("EVTCHN_LOST_WAKEUP")),
                () -> "the lost wake-up to go: " + session.findings());
        for (Finding finding : session.findings()) {
            assertNotEquals(FindingCode.EVTCHN_LOST_WAKEUP, finding.code());
        }
    }

    @Test
    void aStalledChannelShowsAndTheWorkbenchStaysResponsive() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        // every read of the guest is made on a thread of the session's, never on the UI thread
        SessionSettings settings = settings().withPollPeriod(Duration.ofMillis(20));
        java.util.Set<Thread> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        org.xenguest.debug.core.memory.GuestMemory rsp = new org.xenguest.debug.core.memory.RspGuestMemory(
                new org.xenguest.debug.core.rsp.RspClient(settings.channel(), org.xenguest.debug.core.rsp.RspOptions
                        .defaults().withConnectTimeout(settings.replyTimeout()).withReplyTimeout(settings.replyTimeout())
                        .withMaxRetries(1)));
        session = LiveSession.watch(stub.address().toString(), settings, new org.xenguest.debug.core.memory.GuestMemory() {
            @Override
            public byte[] read(long address, int length) throws java.io.IOException {
                readers.add(Thread.currentThread());
                return rsp.read(address, length);
            }

            @Override
            public String describe() {
                return rsp.describe();
            }

            @Override
            public void close() throws java.io.IOException {
                rsp.close();
            }
        });
        LiveSessions.show(session);
        waitForSnapshot(view.model(), session, -1);
        Ui.waitUntil("Live in the status line", WAIT, () -> view.statusText().startsWith("Live"));
        stub.stall(true);
        // while the channel is stalled, tasks posted to the UI thread keep running (the delay is a benchmark figure)
        AtomicLong worstDelay = new AtomicLong();
        int ran = 0;
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end && !view.statusText().startsWith("Stalled")) {
            long posted = System.nanoTime();
            CompletableFuture<Void> done = new CompletableFuture<>();
            Display.getCurrent().asyncExec(() -> done.complete(null));
            Ui.waitUntil("the UI thread to run a posted task", WAIT, done::isDone);
            worstDelay.accumulateAndGet(System.nanoTime() - posted, Math::max);
            ran++;
        }
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Stalled"), view::statusText);
        assertTrue(view.statusText().contains("no answer from " + stub.address()), view.statusText());
        assertTrue(ran > 0, "the UI thread ran posted tasks while the channel stalled");
        assertFalse(readers.contains(Display.getCurrent().getThread()), "a read ran on the UI thread: " + readers);
        assertTrue(readers.stream().allMatch(t -> t.getName().equals("xenguest-snapshot-poller")), readers.toString());
        Files.writeString(Path.of(System.getProperty("xenguest.output", "target"), "benchmark-stall.txt"),
                String.format("UI thread, channel stalled (500 ms reply timeout): worst delay of a posted task %d ms"
                        + " over %d tasks%n", TimeUnit.NANOSECONDS.toMillis(worstDelay.get()), ran));
        assertTrue(view.model().hasSnapshot(), "the last snapshot stays shown");
        stub.stall(false);
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Live"), view::statusText);
    }

    @Test
    void attachesWhileTheGuestBootsAndRetriesUntilTheStubAnswers() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        int port = stub.address().port();
        stub.close(); // nobody listens yet: the guest is still booting
        attach(SessionSettings.of(new org.xenguest.debug.core.rsp.HostPort("127.0.0.1", port), SHARED_INFO, GUEST)
                .withReplyTimeout(Duration.ofMillis(300)));
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Connecting") && view.statusText().contains("attempt"),
                view::statusText);
        assertFalse(view.model().hasSnapshot());
        stub = ScriptedRspStub.serving(SHARED_INFO, bootPage().bytes(), port);
        waitForSnapshot(view.model(), session, -1);
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Live"), view::statusText);
        assertEquals("xenstore", view.model().name(1));
    }

    @Test
    void pauseStopsPollingAndResumeContinues() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        attach(settings());
        waitForSnapshot(view.model(), session, 2);
        CompletableFuture<Void> paused = CompletableFuture.runAsync(session::pause);
        Ui.waitUntil("pause", WAIT, paused::isDone);
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Paused"), view::statusText);
        long count = session.updateCount();
        Ui.pump(Duration.ofMillis(400));
        assertEquals(count, session.updateCount(), "no snapshot while paused");
        CompletableFuture.runAsync(session::resume);
        waitForSnapshot(view.model(), session, view.model().snapshot().sequence());
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Live"), view::statusText);
    }

    @Test
    void timelineShowsEachPortsStateOverTime() throws Exception {
        org.xenguest.debug.ui.views.TimelineView view = show(org.xenguest.debug.ui.views.TimelineView.ID,
                org.xenguest.debug.ui.views.TimelineView.class);
        attach(settings());
        org.xenguest.debug.ui.views.TimelineCanvas timeline = view.timeline();
        Ui.waitUntil("the named ports' lanes", WAIT, () -> timeline.model() != null && portLanes(timeline).size() >= GUEST.ports().size());
        assertEquals(List.of("port 1", "port 2", "port 3", "port 4", "port 5", "port 6", "port 70", "port 131"),
                portLanes(timeline), "named ports first, then 131, unnamed but pending from the start; none changed yet");
        for (int flip = 0; flip < 4; flip++) {
            long seen = session.updateCount();
            stub.page(bootPage().pending(flip % 2 == 0, 9).bytes());
            Ui.waitUntil("a snapshot", WAIT, () -> session.updateCount() > seen + 1);
        }
        Ui.waitUntil(WAIT, () -> portLanes(timeline).contains("port 9"), () -> "port 9 to get a lane: " + portLanes(timeline));
        stub.page(bootPage().pending(true, 9).bytes());
        Ui.waitUntil(WAIT, () -> session.latest().snapshot().isPending(9), () -> "port 9 pending");
        long settled = session.updateCount();
        Ui.waitUntil("the view to show it", WAIT, () -> session.updateCount() > settled + 2);
        Ui.pump(Duration.ofMillis(100));
        ImageData image = Ui.capture(timeline);
        Rectangle strip = timeline.laneBounds(laneIndex(timeline, "port 9"));
        int lastX = Math.min(strip.x + strip.width, timeline.xOf(timeline.model().end())) - 2;
        assertEquals(timeline.palette().port(PortColour.PENDING_MASKED).getRGB(),
                Ui.pixel(image, lastX, strip.y + strip.height / 2), "port 9 now [1/1/x]");
        Rectangle three = timeline.laneBounds(laneIndex(timeline, "port 3"));
        assertEquals(timeline.palette().port(PortColour.PENDING_SELECTED).getRGB(),
                Ui.pixel(image, lastX, three.y + three.height / 2), "port 3 stays [1/0/1]");
        Ui.savePng(Ui.captureScreen(timeline.getParent().getParent().getParent()), "timeline");
    }

    static List<String> portLanes(org.xenguest.debug.ui.views.TimelineCanvas timeline) {
        return timeline.model().lanes().stream().filter(l -> l.kind() == org.xenguest.debug.core.timeline.Lane.Kind.PORT)
                .map(org.xenguest.debug.core.timeline.Lane::key).toList();
    }

    static int laneIndex(org.xenguest.debug.ui.views.TimelineCanvas timeline, String key) {
        return timeline.model().lanes().stream().map(org.xenguest.debug.core.timeline.Lane::key).toList().indexOf(key);
    }

    @Test
    void aRecordingReplaysThroughTheSameViews() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        Path recording = Files.createTempFile("xenguest-views", ".jsonl");
        attach(settings().withRecordFile(recording));
        waitForSnapshot(view.model(), session, 2);
        stub.page(bootPage().pending(true, 7).bytes());
        Ui.waitUntil("port 7 pending", WAIT, () -> view.model().colour(7) == PortColour.PENDING_SELECTED);
        waitForSnapshot(view.model(), session, view.model().snapshot().sequence() + 1);
        CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
        Ui.waitUntil("disconnect", WAIT, done::isDone);
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Disconnected"), view::statusText);

        session = LiveSession.replay(recording, Duration.ofMillis(20), RuleThresholds.instant());
        LiveSessions.show(session);
        Ui.waitUntil(WAIT, () -> session.status().state() == SessionState.REPLAY_ENDED, () -> session.status().text());
        Ui.waitUntil(WAIT, () -> view.statusText().startsWith("Replay ended"), view::statusText);
        assertTrue(session.updateCount() >= 4, "replayed " + session.updateCount() + ": " + session.status().text());
        assertEquals(PortColour.PENDING_SELECTED, view.model().colour(7));
        assertEquals(PortColour.PENDING_MASKED, view.model().colour(4));
        ImageData image = Ui.capture(view.grid());
        assertEquals(view.grid().palette().port(PortColour.PENDING_SELECTED).getRGB(),
                centre(image, view.grid().cellBounds(7)));
        Files.deleteIfExists(recording);
    }

    @Test
    void aCoreFileOpensInTheSameViews() throws Exception {
        EventChannelsView view = show(EventChannelsView.ID, EventChannelsView.class);
        byte[] hung = new SharedInfoPage().maskFrom(8).pending(7).selected(0, 7).pending(4).masked(4).bytes();
        Path core = org.xenguest.tests.support.XenCoreWriter.pvh().vcpu(true, 0x1074a2, 0x202, 0x115e78)
                .frame(0x126, hung).sharedInfo(hung).write(Files.createTempFile("xenguest-views", ".core"));
        session = LiveSession.openCore(core, Duration.ofMillis(20), null);
        LiveSessions.show(session);
        Ui.waitUntil(WAIT, () -> session.status().state() == SessionState.REPLAY_ENDED, () -> session.status().text());
        assertEquals(1, session.updateCount(), "a core is one snapshot: " + session.status().text());
        Ui.waitUntil(WAIT, () -> view.model().snapshot() != null, view::statusText);
        assertEquals(PortColour.PENDING_SELECTED, view.model().colour(7));
        assertEquals(PortColour.PENDING_MASKED, view.model().colour(4));
        assertTrue(session.latest().findings().stream().anyMatch(f -> f.code() == FindingCode.EVTCHN_LOST_WAKEUP),
                "one snapshot judged as xenguest snapshot --core does: " + session.latest().findings());
        assertTrue(session.latest().snapshot().core().isPresent());
        Files.deleteIfExists(core);
    }
}
