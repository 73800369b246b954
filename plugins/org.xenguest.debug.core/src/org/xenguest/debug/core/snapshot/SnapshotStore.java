package org.xenguest.debug.core.snapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recent snapshots of one guest, oldest dropped first when the capacity is reached. The
 * rules judge persistence over this history, so its capacity times the poll period bounds the
 * longest threshold that can fire. Thread-safe: one poller adds while views read.
 */
public final class SnapshotStore {

    private final int capacity;
    private final ArrayDeque<Snapshot> snapshots;

    public SnapshotStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a snapshot store holds at least one snapshot, capacity was " + capacity);
        }
        this.capacity = capacity;
        this.snapshots = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public int capacity() {
        return capacity;
    }

    /** Adds the newest snapshot; returns the one it pushed out, if any. */
    public synchronized Optional<Snapshot> add(Snapshot snapshot) {
        Snapshot dropped = null;
        if (snapshots.size() == capacity) {
            dropped = snapshots.removeFirst();
        }
        snapshots.addLast(snapshot);
        return Optional.ofNullable(dropped);
    }

    public synchronized Optional<Snapshot> latest() {
        return Optional.ofNullable(snapshots.peekLast());
    }

    /** The one before the latest, for diffs. */
    public synchronized Optional<Snapshot> previous() {
        if (snapshots.size() < 2) {
            return Optional.empty();
        }
        var iterator = snapshots.descendingIterator();
        iterator.next();
        return Optional.of(iterator.next());
    }

    /** A copy of the history, oldest first. */
    public synchronized List<Snapshot> history() {
        return new ArrayList<>(snapshots);
    }

    public synchronized int size() {
        return snapshots.size();
    }

    public synchronized void clear() {
        snapshots.clear();
    }
}
