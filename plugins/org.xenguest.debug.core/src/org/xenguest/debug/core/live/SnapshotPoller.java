package org.xenguest.debug.core.live;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.debug.core.snapshot.SnapshotStore;

/**
 * Takes snapshots one after another: read, keep in the store, diff against the previous one,
 * run the rules. {@link #pollOnce()} does one step in the caller's thread (the CLI); {@link #start()}
 * runs steps at a fixed period on one daemon thread of its own (the views), never on the
 * caller's. A failed read is reported to the listener and the next step tries again (the RSP
 * memory source reconnects by itself), so a stub that restarts is picked up again.
 */
public final class SnapshotPoller implements AutoCloseable {

    /** One step's result. {@code diff} is null for the first snapshot. */
    public record Update(Snapshot snapshot, SnapshotDiff diff, List<Finding> findings) {
    }

    /** Called on the poller's thread. */
    public interface Listener {
        void onUpdate(Update update);

        /** A step failed; {@code consecutiveFailures} counts failures since the last success. */
        default void onFailure(IOException failure, int consecutiveFailures) {
        }
    }

    private final SnapshotReader reader;
    private final SnapshotStore store;
    private final FindingsEngine engine;
    private final Object stepLock = new Object();
    private ScheduledExecutorService executor;
    private int consecutiveFailures;

    public SnapshotPoller(SnapshotReader reader, SnapshotStore store, FindingsEngine engine) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.store = Objects.requireNonNull(store, "store");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public SnapshotStore store() {
        return store;
    }

    /** Takes one snapshot now, in this thread. */
    public Update pollOnce() throws IOException {
        synchronized (stepLock) {
            Snapshot snapshot = reader.read();
            Snapshot previous = store.latest().orElse(null);
            store.add(snapshot);
            SnapshotDiff diff = previous == null ? null : SnapshotDiff.between(previous, snapshot);
            return new Update(snapshot, diff, engine.evaluate(store.history()));
        }
    }

    /** Polls every {@code period} on a thread of its own until {@link #stop}. */
    public synchronized void start(Duration period, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("poll period must be positive, was " + period);
        }
        if (executor != null) {
            throw new IllegalStateException("the poller is running already");
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "xenguest-snapshot-poller");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> step(listener), 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void step(Listener listener) {
        Update update;
        try {
            update = pollOnce();
            consecutiveFailures = 0;
        } catch (IOException e) {
            listener.onFailure(e, ++consecutiveFailures);
            return;
        } catch (RuntimeException e) {
            listener.onFailure(new IOException("decoding the snapshot failed: " + e, e), ++consecutiveFailures);
            return;
        }
        listener.onUpdate(update);
    }

    /**
     * Stops polling; waits at most {@code wait} for a running step to end.
     *
     * @return true if the poller thread ended in time
     */
    public synchronized boolean stop(Duration wait) {
        if (executor == null) {
            return true;
        }
        executor.shutdownNow();
        try {
            return executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            executor = null;
        }
    }

    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
