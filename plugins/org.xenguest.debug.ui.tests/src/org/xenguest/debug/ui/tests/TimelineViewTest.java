package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.core.view.PortColour;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.live.TimeSelection;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.TimelineCanvas;
import org.xenguest.debug.ui.views.TimelineView;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;

/**
 * The whole-session Timeline in a real workbench: zoom and pan change the visible range, a picked
 * time sets the other views to that snapshot and "Live" returns them, a gap of a recording is
 * drawn hatched.
 */
class TimelineViewTest {

    private static final Duration WAIT = LiveViewsTest.WAIT;
    private ScriptedRspStub stub;
    private LiveSession session;
    private IWorkbenchPage page;

    @BeforeEach
    void openWorkbench() throws Exception {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setBounds(0, 0, 1500, 960);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes());
    }

    @AfterEach
    void disconnect() throws Exception {
        TimeSelection.followLive();
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

    private SessionSettings settings() {
        return SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO, LiveViewsTest.GUEST)
                .withThresholds(RuleThresholds.instant()).withReplyTimeout(Duration.ofMillis(500));
    }

    private <T extends IViewPart> T show(String id, Class<T> type) throws Exception {
        IViewPart part = page.showView(id);
        page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.pump(Duration.ofMillis(300));
        return type.cast(part);
    }

    /** Pause, resume and disconnect wait for a read in flight: never on the UI thread, which keeps pumping. */
    private static void runOffTheUiThread(Runnable action) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(action);
        Ui.waitUntil("done", WAIT, done::isDone);
    }

    private void waitForSnapshots(int count) {
        long seen = session.updateCount();
        Ui.waitUntil(WAIT, () -> session.updateCount() >= seen + count, () -> "snapshots; " + session.status().text());
    }

    @Test
    void zoomAndPanChangeTheVisibleRange() throws Exception {
        TimelineView view = show(TimelineView.ID, TimelineView.class);
        session = LiveSession.connect(settings());
        LiveSessions.show(session);
        waitForSnapshots(12);
        Ui.pump(Duration.ofMillis(200));
        TimelineCanvas canvas = view.timeline();
        TimelineModel model = canvas.model();
        runOffTheUiThread(session::pause);
        Ui.pump(Duration.ofMillis(200));
        canvas.fit();
        assertEquals(model.start(), canvas.viewFrom(), "fit: from the first snapshot");
        assertEquals(model.end(), canvas.viewTo(), "fit: to the last");
        long whole = canvas.viewTo() - canvas.viewFrom();
        Rectangle plot = canvas.plotArea();
        int middle = plot.x + plot.width / 2;

        Event wheel = new Event();
        wheel.x = middle;
        wheel.count = 3;
        canvas.notifyListeners(SWT.MouseVerticalWheel, wheel);
        long zoomed = canvas.viewTo() - canvas.viewFrom();
        assertEquals(whole * 0.8, zoomed, whole * 0.01, "the wheel zooms in by a fifth");
        assertEquals(model.start() + whole / 2, (canvas.viewFrom() + canvas.viewTo()) / 2, whole * 0.01,
                "around the pointer");

        Event plus = new Event();
        plus.keyCode = '+';
        canvas.notifyListeners(SWT.KeyDown, plus);
        assertEquals(zoomed * 0.5, canvas.viewTo() - canvas.viewFrom(), zoomed * 0.01, "+ halves the range");

        long from = canvas.viewFrom();
        long span = canvas.viewTo() - canvas.viewFrom();
        Event right = new Event();
        right.keyCode = SWT.ARROW_RIGHT;
        canvas.notifyListeners(SWT.KeyDown, right);
        assertEquals(from + span / 5, canvas.viewFrom(), span * 0.01, "Right pans by a fifth");
        assertEquals(span, canvas.viewTo() - canvas.viewFrom(), "panning keeps the span");

        Event down = new Event();
        down.button = 3;
        down.x = middle;
        down.y = plot.y + 60;
        canvas.notifyListeners(SWT.MouseDown, down);
        Event move = new Event();
        move.x = middle - plot.width / 10;
        move.y = down.y;
        canvas.notifyListeners(SWT.MouseMove, move);
        canvas.notifyListeners(SWT.MouseUp, move);
        assertEquals(from + span / 5 + span / 10, canvas.viewFrom(), span * 0.02, "dragging left pans later in time");

        canvas.zoom(1e-9, middle);
        assertEquals(1_000_000L, canvas.viewTo() - canvas.viewFrom(), "down to a millisecond, finer than a snapshot");
        Event home = new Event();
        home.keyCode = SWT.HOME;
        canvas.notifyListeners(SWT.KeyDown, home);
        assertEquals(model.start(), canvas.viewFrom());
        assertEquals(model.end(), canvas.viewTo());
        Ui.savePng(Ui.captureScreen(canvas.getParent().getParent().getParent()), "timeline-whole");
    }

    @Test
    void aPickedTimeSetsTheOtherViewsToThatSnapshotAndLiveReturnsThem() throws Exception {
        EventChannelsView channels = show(EventChannelsView.ID, EventChannelsView.class);
        TimelineView view = show(TimelineView.ID, TimelineView.class);
        session = LiveSession.connect(settings());
        LiveSessions.show(session);
        waitForSnapshots(4);
        var before = session.newest().snapshot();   // port 9 idle
        assertTrue(!before.isPending(9));
        stub.page(LiveViewsTest.bootPage().pending(true, 9).masked(false, 9).bytes());
        Ui.waitUntil(WAIT, () -> session.newest().snapshot().isPending(9), () -> "port 9 pending");
        waitForSnapshots(3);
        Ui.waitUntil(WAIT, () -> channels.model().hasSnapshot() && channels.model().colour(9) != PortColour.IDLE
                && channels.model().colour(9) != PortColour.MASKED, () -> "the grid live: " + channels.model().colour(9));

        long at = TimelineModel.nanos(before.takenAt());
        view.timeline().select(at, at);   // as a click at that time does
        Ui.waitUntil(WAIT, () -> channels.model().snapshot().sequence() == before.sequence(),
                () -> "the grid at snapshot #" + before.sequence() + ", shows #" + channels.model().snapshot().sequence());
        assertEquals(PortColour.MASKED, channels.model().colour(9), "port 9 as it was then: masked, not pending");
        Ui.waitUntil(WAIT, () -> channels.statusText().startsWith("Showing ") && channels.statusText()
                .contains("snapshot #" + before.sequence()), channels::statusText);
        long later = session.newest().snapshot().sequence();
        Ui.pump(Duration.ofMillis(300));
        assertEquals(before.sequence(), channels.model().snapshot().sequence(), "stays at the picked time while polling goes on");
        assertTrue(session.newest().snapshot().sequence() > later, "polling went on");

        TimeSelection.followLive();
        Ui.waitUntil(WAIT, () -> channels.model().snapshot().sequence() > later, () -> "live again");
        assertTrue(channels.model().colour(9) == PortColour.PENDING || channels.model().colour(9) == PortColour.PENDING_SELECTED,
                "port 9 pending now: " + channels.model().colour(9));
        Ui.waitUntil(WAIT, () -> !channels.statusText().startsWith("Showing "), channels::statusText);
    }

    @Test
    void aGapInARecordingIsDrawnHatched() throws Exception {
        TimelineView view = show(TimelineView.ID, TimelineView.class);
        Path recording = Files.createTempFile("xenguest-timeline", ".jsonl");
        session = LiveSession.connect(settings().withRecordFile(recording));
        LiveSessions.show(session);
        waitForSnapshots(10);
        runOffTheUiThread(session::pause);
        Ui.pump(Duration.ofMillis(1500));   // not read: a gap of 1.5 s in the recording
        runOffTheUiThread(session::resume);
        waitForSnapshots(10);
        runOffTheUiThread(session::disconnect);

        session = LiveSession.replay(recording, Duration.ofMillis(20), RuleThresholds.instant());
        LiveSessions.show(session);
        TimelineCanvas canvas = view.timeline();
        LiveSession replay = session;
        Ui.waitUntil(WAIT, () -> replay.timeline() != null && canvas.model() == replay.timeline(),
                () -> "the recording's time line; " + replay.status().text());
        assertTrue(canvas.model().snapshots() >= 20, canvas.model().snapshots() + " snapshots");
        TimelineModel model = canvas.model();
        // a loaded machine may add gaps of its own (a silence far beyond the rhythm): the pause is one
        TimelineModel.Gap gap = model.gaps().stream().filter(g -> g.reason().equals("polling paused")).findFirst()
                .orElseThrow(() -> new AssertionError("the pause is a gap: " + model.gaps()));
        assertTrue(gap.to() - gap.from() >= 1_500_000_000L, gap.toString());
        canvas.fit();
        Ui.pump(Duration.ofMillis(200));
        ImageData image = Ui.capture(canvas);
        Rectangle lane = canvas.laneBounds(LiveViewsTest.laneIndex(canvas, "port 3"));
        Ui.savePng(Ui.captureScreen(canvas.getParent().getParent().getParent()), "timeline-gap");
        RGB line = canvas.palette().secondaryText().getRGB();
        RGB background = canvas.palette().background().getRGB();
        RGB pending = canvas.palette().port(PortColour.PENDING_SELECTED).getRGB();
        int lines = 0;
        int blank = 0;
        java.util.Set<RGB> seen = new java.util.HashSet<>();
        for (int x = canvas.xOf(gap.from()) + 3; x < canvas.xOf(gap.to()) - 2; x++) {
            RGB pixel = Ui.pixel(image, x, lane.y + lane.height / 2);
            seen.add(pixel);
            // the lines' pixels: their colour, or blended towards the background where GTK smooths the diagonal
            lines += pixel.equals(line) || (!pixel.equals(background) && between(pixel, line, background)) ? 1 : 0;
            blank += pixel.equals(background) ? 1 : 0;
            assertTrue(!pixel.equals(pending), "no state is drawn in the gap, at x " + x);
        }
        assertTrue(lines >= 3 && blank >= 3, "hatched: " + lines + " line pixels, " + blank + " background pixels; colours "
                + seen + ", line " + line + ", background " + background);
        assertEquals(pending, Ui.pixel(image, canvas.xOf(gap.from()) - 3, lane.y + lane.height / 2), "before: port 3 [1/0/1]");
        assertEquals(pending, Ui.pixel(image, canvas.xOf(gap.to()) + 3, lane.y + lane.height / 2), "after: port 3 [1/0/1]");
        Files.deleteIfExists(recording);
        Files.deleteIfExists(org.xenguest.debug.core.record.RecordingIndex.fileFor(recording));
    }

    @Test
    void aRecordingOpenedFromTheWorkspaceShowsWholeAndAPickedTimeIsReadBackFromIt() throws Exception {
        EventChannelsView channels = show(EventChannelsView.ID, EventChannelsView.class);
        Path recording = Files.createTempFile("xenguest-workspace", ".jsonl");
        session = LiveSession.connect(settings().withRecordFile(recording));
        LiveSessions.show(session);
        waitForSnapshots(6);
        stub.page(LiveViewsTest.bootPage().pending(true, 9).masked(false, 9).bytes());
        Ui.waitUntil(WAIT, () -> session.newest().snapshot().isPending(9), () -> "port 9 pending");
        waitForSnapshots(6);
        runOffTheUiThread(session::disconnect);

        var project = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProject("recordings");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        var file = project.getFile("boot.jsonl");
        try (var in = Files.newInputStream(recording)) {
            if (file.exists()) {
                file.setContents(in, true, false, null);
            } else {
                file.create(in, true, null);
            }
        }
        org.eclipse.ui.ide.IDE.openEditor(page, file);   // what a double-click does
        Ui.waitUntil(WAIT, () -> LiveSessions.current() != null && LiveSessions.current().isReplay()
                && LiveSessions.current().name().contains("boot.jsonl"), () -> "the recording replayed");
        session = LiveSessions.current();
        TimelineView view = (TimelineView) page.findView(TimelineView.ID);
        assertTrue(view != null, "the Timeline comes up with the recording");
        Ui.waitUntil(WAIT, () -> view.timeline().model() != null && view.timeline().model().snapshots() >= 12,
                () -> "the whole recording on the time line");
        TimelineModel model = view.timeline().model();
        int firstPending = 0;
        var lane = model.lane("port 9").orElseThrow();
        while (firstPending < model.snapshots()
                && (lane.stateAt(model.timeOf(firstPending)) & org.xenguest.debug.core.timeline.LaneStates.PENDING) == 0) {
            firstPending++;
        }
        assertTrue(firstPending > 2 && firstPending < model.snapshots(), "port 9 raised mid-recording: " + firstPending);
        long before = model.timeOf(firstPending - 1) + 1;   // just after the last snapshot with port 9 idle
        long expected = model.sequenceOf(firstPending - 1);
        view.timeline().select(before, before);
        Ui.waitUntil(WAIT, () -> channels.model().hasSnapshot() && channels.model().snapshot().sequence() == expected,
                () -> "the grid at #" + expected + ": " + (channels.model().hasSnapshot() ? channels.model().snapshot().sequence() : -1));
        assertEquals(PortColour.MASKED, channels.model().colour(9));
        long after = model.timeOf(model.snapshots() - 1);
        view.timeline().select(model.timeOf(0), after);   // a range: the views show its end
        Ui.waitUntil(WAIT, () -> channels.model().snapshot().sequence() == model.sequenceOf(model.snapshots() - 1),
                () -> "the grid at the range's end");
        assertTrue(channels.model().colour(9) == PortColour.PENDING_SELECTED, channels.model().colour(9).toString());
        file.delete(true, null);
        Files.deleteIfExists(recording);
    }

    /** True when every channel of {@code pixel} lies between those of {@code a} and {@code b}. */
    private static boolean between(RGB pixel, RGB a, RGB b) {
        return within(pixel.red, a.red, b.red) && within(pixel.green, a.green, b.green) && within(pixel.blue, a.blue, b.blue);
    }

    private static boolean within(int value, int a, int b) {
        return value >= Math.min(a, b) && value <= Math.max(a, b);
    }
}
