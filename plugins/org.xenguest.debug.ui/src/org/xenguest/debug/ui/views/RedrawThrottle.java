package org.xenguest.debug.ui.views;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.swt.widgets.Display;

/**
 * Turns any number of "something changed" signals from background threads into at most one
 * refresh per frame (60 per second) on the UI thread. The signalling thread never waits.
 */
public final class RedrawThrottle {

    /** 60 frames per second. */
    public static final long MIN_INTERVAL_MILLIS = 1000 / 60;

    private final Display display;
    private final Runnable refresh;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long lastRunNanos;
    private long runs;

    public RedrawThrottle(Display display, Runnable refresh) {
        this.display = display;
        this.refresh = refresh;
    }

    /** Asks for a refresh; callable from any thread, returns at once. */
    public void request() {
        if (!scheduled.compareAndSet(false, true) || display.isDisposed()) {
            return;
        }
        try {
            display.asyncExec(this::runWhenDue);
        } catch (org.eclipse.swt.SWTException disposed) {
            // the workbench is closing
        }
    }

    private void runWhenDue() {
        long sinceLast = (System.nanoTime() - lastRunNanos) / 1_000_000;
        if (runs > 0 && sinceLast < MIN_INTERVAL_MILLIS) {
            display.timerExec((int) (MIN_INTERVAL_MILLIS - sinceLast), this::run);
        } else {
            run();
        }
    }

    private void run() {
        // cleared first: a change arriving during the refresh schedules the next one
        scheduled.set(false);
        lastRunNanos = System.nanoTime();
        runs++;
        refresh.run();
    }

    /** Refreshes done so far (UI thread). */
    public long runs() {
        return runs;
    }
}
