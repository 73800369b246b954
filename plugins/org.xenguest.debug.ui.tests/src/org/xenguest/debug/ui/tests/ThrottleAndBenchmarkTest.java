package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.view.PortFilter;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelGrid;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.core.view.PortColour;
import org.xenguest.debug.ui.views.RedrawThrottle;

/**
 * Redraws are coalesced (the rate under a flood is a figure in target/benchmark-throttle.txt); and
 * the benchmark of the issue (its numbers are written to target/benchmark.txt, the test asserts
 * what they measure): full-grid repaint time and
 * the delay from a bit changing in guest memory to the changed pixels at 20 Hz.
 */
class ThrottleAndBenchmarkTest {

    @Test
    void aFloodOfChangesIsCoalescedAndNoneIsLost() throws Exception {
        Display display = Display.getCurrent();
        AtomicInteger refreshes = new AtomicInteger();
        AtomicBoolean askAgain = new AtomicBoolean();
        RedrawThrottle[] holder = new RedrawThrottle[1];
        RedrawThrottle throttle = new RedrawThrottle(display, () -> {
            refreshes.incrementAndGet();
            if (askAgain.getAndSet(false)) {
                holder[0].request(); // a change arriving during a refresh
            }
        });
        holder[0] = throttle;
        // 10,000 requests from another thread while the UI thread does not run: one refresh for all
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10_000; i++) {
                throttle.request();
            }
        }).get();
        // waited for, not assumed to come within a fixed pump: a loaded machine runs the UI thread late
        Ui.waitUntil("the coalesced refresh", LiveViewsTest.WAIT, () -> refreshes.get() >= 1);
        Ui.pump(Duration.ofMillis(200));
        assertEquals(1, refreshes.get(), "the requests coalesce into one refresh");
        // a change during the refresh schedules the next one: it is not lost
        askAgain.set(true);
        throttle.request();
        Ui.waitUntil("the refresh asked for during a refresh", LiveViewsTest.WAIT, () -> refreshes.get() >= 3);
        Ui.pump(Duration.ofMillis(200));
        assertEquals(3, refreshes.get(), "the refresh asked for during a refresh runs too");

        // the rate under a flood is a benchmark figure (goal: at most 60 a second)
        refreshes.set(0);
        AtomicBoolean flooding = new AtomicBoolean(true);
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            while (flooding.get()) {
                throttle.request();
            }
        });
        long start = System.nanoTime();
        Ui.pump(Duration.ofSeconds(1));
        flooding.set(false);
        flood.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Ui.pump(Duration.ofMillis(100));
        assertTrue(refreshes.get() >= 1, "the flood is shown");
        Files.writeString(Path.of(System.getProperty("xenguest.output", "target"), "benchmark-throttle.txt"),
                String.format("redraw throttle under a flood of requests: %.0f refreshes a second (goal at most 60)%n",
                        refreshes.get() / seconds));
    }

    /** The mean time of {@code rounds} renders, each after {@code change} (after 5 unmeasured rounds). */
    private static String repaints(EventChannelGrid grid, GC gc, Rectangle area, int rounds,
            java.util.function.IntConsumer change) {
        long total = 0;
        long[] phases = new long[EventChannelGrid.PHASES.size()];
        for (int i = 0; i < rounds + 5; i++) {
            change.accept(i);
            long t0 = System.nanoTime();
            grid.render(gc, area);
            if (i >= 5) {
                total += System.nanoTime() - t0;
                long[] parts = grid.lastPhaseNanos();
                for (int p = 0; p < phases.length; p++) {
                    phases[p] += parts[p];
                }
            }
        }
        // the same on screen, as the view repaints: what changed is drawn into the frame and asked
        // for (redrawChanged), then the paint copies it to the window; the time of both, not the
        // wait for the paint (the toolkit's frame clock)
        long onScreen = 0;
        long paintsBefore = grid.paints();
        long directBefore = grid.directPaints();
        for (int i = 0; i < rounds + 5; i++) {
            change.accept(i + 1);
            long t0 = System.nanoTime();
            boolean changed = grid.redrawChanged();
            long took = System.nanoTime() - t0;
            if (changed) {
                long paints = grid.paints();
                Ui.waitUntil("the paint", LiveViewsTest.WAIT, () -> grid.paints() > paints);
                took += grid.lastPaintNanos();
            }
            if (i >= 5) {
                onScreen += took;
            }
        }
        StringBuilder text = new StringBuilder(String.format("on screen mean %.2f ms (%d paints, %d of them drawn straight without"
                + " copying the frame); into an image mean %.2f ms (", onScreen / 1e6 / rounds, grid.paints() - paintsBefore,
                grid.directPaints() - directBefore, total / 1e6 / rounds));
        for (int p = 0; p < phases.length; p++) {
            text.append(String.format("%s%s %.2f", p == 0 ? "" : "; ", EventChannelGrid.PHASES.get(p), phases[p] / 1e6 / rounds));
        }
        return text.append(')').toString();
    }

    private static Snapshot snapshot(long sequence, SharedInfoPage page) {
        return Snapshot.decode(sequence, java.time.Instant.now(), System.nanoTime(), "benchmark", LiveViewsTest.GUEST,
                List.of(new MemoryRegion(MemoryRegion.SHARED_INFO, LiveViewsTest.SHARED_INFO, page.bytes())));
    }

    @Test
    void benchmarkRepaintAndBitToPixelDelay() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        EventChannelsView view = (EventChannelsView) page.showView(EventChannelsView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
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
                long[] phases = new long[EventChannelGrid.PHASES.size()];
                String unchanged;
                String changedAll;
                String changedFew;
                try {
                    for (int i = 0; i < rounds + 5; i++) {
                        long t0 = System.nanoTime();
                        grid.render(gc, area);
                        long took = System.nanoTime() - t0;
                        if (i >= 5) { // the first rounds warm up the JIT
                            total += took;
                            cellsTotal += grid.lastCellsNanos();
                            best = Math.min(best, took);
                            long[] parts = grid.lastPhaseNanos();
                            for (int p = 0; p < phases.length; p++) {
                                phases[p] += parts[p];
                            }
                        }
                    }
                    unchanged = repaints(grid, gc, area, rounds, i -> { });
                    // every cell changed: the filter hides all but the pending ports, then shows them again
                    changedAll = repaints(grid, gc, area, rounds, i -> grid.setFilter(i % 2 == 0
                            ? PortFilter.ALL.withPendingOnly(true) : PortFilter.ALL));
                    grid.setFilter(PortFilter.ALL);
                    // a few cells changed, as at 20 Hz: port 10 flips between two snapshots (and fades)
                    Snapshot[] two = {snapshot(1_000_000, LiveViewsTest.bootPage()),
                        snapshot(1_000_001, LiveViewsTest.bootPage().masked(false, 10).pending(true, 10))};
                    Snapshot[] previous = {view.model().snapshot()};
                    changedFew = repaints(grid, gc, area, rounds, i -> {
                        Snapshot next = two[i % 2];
                        view.model().update(new Session.Update(next, SnapshotDiff.between(previous[0], next), List.of()));
                        previous[0] = next;
                    });
                    // back to the stub's page (port 10 masked), so that the next figure waits for the session's change
                    view.model().update(new Session.Update(two[0], SnapshotDiff.between(previous[0], two[0]), List.of()));
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
                    assertTrue(seenAt.get() != 0, "the session had the snapshot with the change before the view showed it");
                    assertTrue(seenAt.get() - t0 <= took, "the snapshot came before the pixels");
                    sumToSnapshot += seenAt.get() - t0;
                    stepTotal += session.lastStepNanos();
                }
                String report = String.format("grid %dx%d px, cell %d px%n"
                        + "full-grid repaint, nothing changed since the last: mean %.2f ms, best %.2f ms over %d rounds (goal 4 ms); the 4,096 cells alone: mean %.2f ms%n"
                        + "bit change in guest memory to changed pixels at 20 Hz: mean %.1f ms, worst %.1f ms over %d changes (goal 100 ms)%n"
                        + "  of which until the snapshot with the change was decoded and judged: mean %.1f ms (one read-decode-judge step: %.1f ms)%n",
                        area.width, area.height, grid.cellSize(), total / 1e6 / rounds, best / 1e6, rounds, cellsTotal / 1e6 / rounds,
                        sum / 1e6 / samples, worst / 1e6, samples, sumToSnapshot / 1e6 / samples, stepTotal / 1e6 / samples);
                StringBuilder breakdown = new StringBuilder("  where the time goes (mean per render):");
                for (int p = 0; p < phases.length; p++) {
                    breakdown.append(String.format(" %s %.2f ms;", EventChannelGrid.PHASES.get(p), phases[p] / 1e6 / rounds));
                }
                report += breakdown + System.lineSeparator();
                report += String.format("repaint when nothing changed: %s%nrepaint when every cell changed: %s%nrepaint when a few cells changed (one port"
                        + " flips, its frame fades; the summary's snapshot number changes): %s (%d rounds each)%n",
                        unchanged, changedAll, changedFew, rounds);
                assertTrue(best > 0 && best <= total / rounds && cellsTotal > 0, "measured: " + report);
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
