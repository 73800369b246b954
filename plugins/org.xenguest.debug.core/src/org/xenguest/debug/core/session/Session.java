package org.xenguest.debug.core.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.snapshot.SnapshotStore;
import org.xenguest.debug.core.timeline.TimelineJournal;
import org.xenguest.debug.core.timeline.TimelineModel;

/**
 * One guest being looked at, whatever the snapshots come from: owns the poll step (read, store,
 * diff, rules, record, in that order: the rules judge over the history the snapshot has just
 * joined), the history, the recorder and the latest findings. The views (through
 * {@code LiveSession}), {@code xenguest snapshot|watch|replay|demo} and the benchmarks all step
 * through here.
 *
 * <p><b>Threading rule.</b> One thread steps at a time: either the caller of {@link #step()} or
 * {@link #run} (the CLI, the benchmarks), or the session's own daemon thread started by
 * {@link #start} (the views), never both. The source is read and the listener called on that
 * stepping thread only. {@link #latest()}, {@link #history()} and {@link #findings()} may be read
 * from any thread (the UI thread too): they never wait on the source. {@link #stop} may be called
 * from any thread; from the listener it only asks the loop to end.
 */
public final class Session implements AutoCloseable {

    /**
     * Snapshots kept: the rules' longest default threshold (5 s) at 100 Hz, the views' fastest
     * rate, and the hover's history; a minute at the CLI's default 10 Hz.
     */
    public static final int HISTORY = 600;

    /** One step's result. {@code diff} is null for the first snapshot. */
    public record Update(Snapshot snapshot, SnapshotDiff diff, List<Finding> findings) {
    }

    /** What a running session tells, on its stepping thread. */
    public interface Listener {
        void onUpdate(Update update);

        /** A step failed; {@code consecutiveFailures} counts failures since the last success. */
        default void onFailure(IOException failure, int consecutiveFailures) {
        }

        /** The source has no more snapshots (the end of a recording); the loop ends. */
        default void onEnd() {
        }

        /** Asked before every step; false ends the loop (e.g. the guest's emulator exited). */
        default boolean keepGoing() {
            return true;
        }
    }

    private final SnapshotSource source;
    private final SnapshotStore store = new SnapshotStore(HISTORY);
    private final FindingsEngine engine;
    private final Object stepLock = new Object();
    /** The whole session at a glance (the history keeps only the last {@link #HISTORY} snapshots). */
    private final TimelineModel timeline = new TimelineModel();
    private volatile SnapshotRecorder recorder;
    private volatile Path recordingFile;
    private volatile IOException recordingFailure;
    private volatile Update latest;
    private volatile boolean ended;
    private volatile boolean looping;
    private Thread loopThread;

    public Session(SnapshotSource source, RuleThresholds thresholds) {
        this.source = Objects.requireNonNull(source, "source");
        this.engine = new FindingsEngine(thresholds == null ? RuleThresholds.defaults() : thresholds);
    }

    /**
     * Records every snapshot from now on to {@code file}, created at once (so a bad path is
     * told before the first snapshot); its header is written with the first snapshot.
     */
    public Session recordTo(Path file) throws IOException {
        SnapshotRecorder opened = SnapshotRecorder.open(file);
        synchronized (stepLock) {
            closeRecorder();
            recorder = opened;
            recordingFile = file;
            try {
                timeline.journalTo(TimelineJournal.fileFor(file));   // opening the recording later reads this
            } catch (IOException e) {
                // only a help: the recording itself is written
            }
        }
        return this;
    }

    /** The file this session records to (or did, until it was closed), if any. */
    public Optional<Path> recordingFile() {
        return Optional.ofNullable(recordingFile);
    }

    /**
     * The poll step, in this thread: reads the next snapshot, adds it to the history, diffs it
     * against the previous one, runs the rules over the history, records it.
     *
     * @return the update, or empty when the source has ended
     * @throws IOException when the read failed (the history is unchanged)
     */
    public Optional<Update> step() throws IOException {
        synchronized (stepLock) {
            Optional<Snapshot> next;
            try {
                next = source.next();
            } catch (IOException e) {
                recordGap(e);
                throw e;
            }
            if (next.isEmpty()) {
                ended = true;
                return Optional.empty();
            }
            Snapshot snapshot = next.get();
            Snapshot previous = store.latest().orElse(null);
            store.add(snapshot);
            SnapshotDiff diff = previous == null ? null : SnapshotDiff.between(previous, snapshot);
            Update update = new Update(snapshot, diff, engine.evaluate(store.history()));
            timeline.add(snapshot, update.findings());
            record(update);
            latest = update;
            return Optional.of(update);
        }
    }

    /** A failed read is a gap in the recording: a replay shows it as unknown, not as "no change". */
    private void recordGap(IOException failure) {
        timeline.markGap(failure.getMessage());
        writeGap(failure.getMessage());
    }

    /**
     * Notes in the recording that the guest is not being read from now until the next snapshot
     * (polling paused, a disconnect): a replay shows that time as unknown. Any thread.
     */
    public void markGap(String reason) {
        timeline.markGap(reason);
        synchronized (stepLock) {
            writeGap(reason);
        }
    }

    private void writeGap(String reason) {
        if (recorder == null) {
            return;
        }
        try {
            recorder.gap(java.time.Instant.now(), reason);
        } catch (IOException e) {
            recordingFailure = e;
            closeRecorder();
        }
    }

    private void record(Update update) {
        if (recorder == null) {
            return;
        }
        try {
            recorder.record(update.snapshot(), update.findings(), update.diff());
        } catch (IOException e) {
            recordingFailure = e; // keep watching; the caller tells the user the recording stopped
            closeRecorder();
        }
    }

    /**
     * Steps every {@code period} in the caller's thread until {@code deadlineNanos} (of
     * {@link System#nanoTime()}), the end of the source, {@link #stop}, the listener's
     * {@link Listener#keepGoing()} saying no, or an interrupt. The steps keep the period's rhythm;
     * a step that falls behind it (a slow target) is caught up by one step at most
     * ({@link #nextStepAt}), never by a burst.
     */
    public void run(Duration period, long deadlineNanos, Listener listener) throws InterruptedException {
        requirePositive(period);
        Objects.requireNonNull(listener, "listener");
        looping = true;
        int failures = 0;
        long next = System.nanoTime();
        try {
            while (looping && listener.keepGoing()) {
                Optional<Update> update;
                try {
                    update = step();
                    failures = 0;
                } catch (IOException e) {
                    listener.onFailure(e, ++failures);
                    update = null;
                } catch (RuntimeException e) {
                    listener.onFailure(new IOException("decoding the snapshot failed: " + e, e), ++failures);
                    update = null;
                }
                if (update != null) {
                    if (update.isEmpty()) {
                        listener.onEnd();
                        return;
                    }
                    listener.onUpdate(update.get());
                }
                long now = System.nanoTime();
                next = nextStepAt(next, now, period.toNanos());
                if (now >= deadlineNanos || !looping) {
                    return;
                }
                long sleep = Math.min(next, deadlineNanos) - now;
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                if (System.nanoTime() >= deadlineNanos) {
                    return;
                }
            }
        } finally {
            looping = false;
        }
    }

    /** {@link #run} on a daemon thread of the session's own until {@link #stop}; returns at once. */
    /**
     * When the step after the one scheduled at {@code scheduled} runs, it having ended at {@code now}:
     * one period later. A step that ended up to one period late keeps the rhythm (the next follows
     * at once, so a rate is kept when reads only sometimes take longer than a period, as when
     * several domains share one probe); later than that the rhythm starts again from now: one
     * step of catching up at most, never a burst.
     */
    public static long nextStepAt(long scheduled, long now, long period) {
        long next = scheduled + period;
        return next < now - period ? now : next;
    }

    public synchronized void start(Duration period, Listener listener) {
        requirePositive(period);
        Objects.requireNonNull(listener, "listener");
        if (loopThread != null && loopThread.isAlive()) {
            throw new IllegalStateException("the session is running already");
        }
        looping = true; // set here, so that a stop() right after start() is not lost
        Thread thread = new Thread(() -> {
            try {
                run(period, Long.MAX_VALUE, listener);
            } catch (InterruptedException e) {
                // stopped
            }
        }, "xenguest-snapshot-poller");
        thread.setDaemon(true);
        loopThread = thread;
        thread.start();
    }

    /**
     * Ends the loop; waits at most {@code wait} for a running step to end (not when called on
     * the stepping thread itself, e.g. from the listener).
     *
     * @return true if the loop had ended in time
     */
    public boolean stop(Duration wait) {
        Thread thread;
        synchronized (this) {
            looping = false;
            thread = loopThread;
            loopThread = null;
        }
        if (thread == null || thread == Thread.currentThread()) {
            return true;
        }
        thread.interrupt();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !thread.isAlive();
    }

    /** True while {@link #start}'s thread runs. */
    public synchronized boolean isRunning() {
        return loopThread != null && loopThread.isAlive();
    }

    // ---- what the views and commands read, from any thread ------------------------------------

    public SnapshotSource source() {
        return source;
    }

    /** Every snapshot's changes since the session began, its gaps and findings; readable from any thread. */
    public TimelineModel timeline() {
        return timeline;
    }

    /** The newest update, or null before the first. */
    public Update latest() {
        return latest;
    }

    /** The findings of the newest snapshot (empty before the first). */
    public List<Finding> findings() {
        Update update = latest;
        return update == null ? List.of() : update.findings();
    }

    /** The recent snapshots, oldest first, at most {@link #HISTORY}. */
    public List<Snapshot> history() {
        return store.history();
    }

    public RuleThresholds thresholds() {
        return engine.thresholds();
    }

    /** True once the source has no more snapshots. */
    public boolean hasEnded() {
        return ended;
    }

    /** Why the recording stopped, or null while it goes on (or there is none). */
    public IOException recordingFailure() {
        return recordingFailure;
    }

    /** True while a recording is being written. */
    public boolean isRecording() {
        return recorder != null;
    }

    /** Stops the loop, completes the recording and closes the source. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(3));
        synchronized (stepLock) {
            closeRecorder();
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                // a socket already broken: nothing left to do
            }
        }
    }

    private void closeRecorder() {
        timeline.closeJournal();
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                // the lines written so far are flushed already
            }
            recorder = null;
        }
    }

    private static void requirePositive(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("poll period must be positive, was " + period);
        }
    }
}
