package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.tests.support.GuestStub;
import org.xenguest.debug.ui.tests.support.Ui;
import org.xenguest.debug.ui.views.EventChannelGrid;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.core.view.PortColour;
import org.xenguest.debug.ui.views.RedrawThrottle;

/**
 * Redraws are coalesced to at most 60 a second whatever the poll rate; and the benchmark of the
 * issue (not timed: the numbers are written to target/benchmark.txt): full-grid repaint time and
 * the delay from a bit changing in guest memory to the changed pixels at 20 Hz.
 */
class ThrottleAndBenchmarkTest {

    @Test
    void aFloodOfChangesGivesAtMostSixtyRefreshesASecond() throws Exception {
        Display display = Display.getCurrent();
        AtomicInteger refreshes = new AtomicInteger();
        RedrawThrottle throttle = new RedrawThrottle(display, refreshes::incrementAndGet);
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            while (flooding.get()) {
                throttle.request();
                requests.incrementAndGet();
            }
        });
        long start = System.nanoTime();
        Ui.pump(Duration.ofSeconds(1));
        flooding.set(false);
        flood.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Ui.pump(Duration.ofMillis(100));
        assertTrue(requests.get() > 10_000, "requests " + requests.get());
        assertTrue(refreshes.get() <= 60 * seconds + 3, refreshes.get() + " refreshes in " + seconds + " s");
        assertTrue(refreshes.get() >= 10, "the flood must still be shown: " + refreshes.get() + " refreshes");
    }

    @Test
    void benchmarkRepaintAndBitToPixelDelay() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        EventChannelsView view = (EventChannelsView) page.showView(EventChannelsView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        try (GuestStub stub = new GuestStub(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            LiveSession session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO,
                    LiveViewsTest.GUEST).withThresholds(RuleThresholds.defaults()));
            LiveSessions.show(session);
            try {
                Ui.waitUntil("a snapshot", LiveViewsTest.WAIT, () -> view.model().hasSnapshot());
                EventChannelGrid grid = view.grid();

                // full-grid repaint: render the whole view into an image, as a paint does
                Rectangle area = grid.getClientArea();
                Image image = new Image(grid.getDisplay(), area.width, area.height);
                GC gc = new GC(image);
                int rounds = 50;
                long best = Long.MAX_VALUE;
                long total = 0;
                long cellsTotal = 0;
                try {
                    for (int i = 0; i < rounds + 5; i++) {
                        long t0 = System.nanoTime();
                        grid.render(gc, area);
                        long took = System.nanoTime() - t0;
                        if (i >= 5) { // the first rounds warm up the JIT
                            total += took;
                            cellsTotal += grid.lastCellsNanos();
                            best = Math.min(best, took);
                        }
                    }
                } finally {
                    gc.dispose();
                    image.dispose();
                }

                // bit to pixel: flip port 10's pending bit in the stub, wait for the paint that shows it
                int samples = 10;
                long worst = 0;
                long sum = 0;
                long sumToSnapshot = 0;
                long stepTotal = 0;
                java.util.concurrent.atomic.AtomicLong seenAt = new java.util.concurrent.atomic.AtomicLong();
                java.util.concurrent.atomic.AtomicBoolean watchedState = new java.util.concurrent.atomic.AtomicBoolean();
                session.addListener(changed -> {
                    var latest = changed.latest();
                    if (latest != null && latest.snapshot().isPending(10) == watchedState.get()) {
                        seenAt.compareAndSet(0, System.nanoTime());
                    }
                });
                boolean pending = false;
                for (int i = 0; i < samples; i++) {
                    pending = !pending;
                    boolean expectPending = pending;
                    watchedState.set(expectPending);
                    seenAt.set(0);
                    stub.page(LiveViewsTest.bootPage().masked(false, 10).pending(expectPending, 10).bytes());
                    long t0 = System.nanoTime();
                    PortColour wanted = expectPending ? PortColour.PENDING_SELECTED : PortColour.IDLE;
                    Ui.waitUntil("port 10 to become " + wanted, LiveViewsTest.WAIT,
                            () -> view.model().colour(10) == wanted);
                    long paintsBefore = grid.paints();
                    Ui.waitUntil("the paint", LiveViewsTest.WAIT, () -> grid.paints() > paintsBefore);
                    long took = System.nanoTime() - t0;
                    worst = Math.max(worst, took);
                    sum += took;
                    sumToSnapshot += seenAt.get() - t0;
                    stepTotal += session.lastStepNanos();
                }
                String report = String.format("grid %dx%d px, cell %d px%n"
                        + "full-grid repaint: mean %.2f ms, best %.2f ms over %d rounds (goal 4 ms); the 4,096 cells alone: mean %.2f ms%n"
                        + "bit change in guest memory to changed pixels at 20 Hz: mean %.1f ms, worst %.1f ms over %d changes (goal 100 ms)%n"
                        + "  of which until the snapshot with the change was decoded and judged: mean %.1f ms (one read-decode-judge step: %.1f ms)%n",
                        area.width, area.height, grid.cellSize(), total / 1e6 / rounds, best / 1e6, rounds, cellsTotal / 1e6 / rounds,
                        sum / 1e6 / samples, worst / 1e6, samples, sumToSnapshot / 1e6 / samples, stepTotal / 1e6 / samples);
                System.out.print(report);
                Path output = Path.of(System.getProperty("xenguest.output", "target"), "benchmark.txt");
                Files.writeString(output, report);
            } finally {
                CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
                Ui.waitUntil("disconnect", LiveViewsTest.WAIT, done::isDone);
                LiveSessions.show(null);
                page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
            }
        }
    }
}
