package org.xenguest.debug.core.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * The snapshots of a recording, in their order, decoded again from their raw bytes; optionally
 * only those taken in a window ({@code from} and {@code to} inclusive, either may be null).
 */
public final class ReplaySource implements SnapshotSource {

    private final SnapshotReplay replay;
    private final String name;
    private final Instant from;
    private final Instant to;
    private boolean ended;

    private ReplaySource(SnapshotReplay replay, String name, Instant from, Instant to) {
        this.replay = replay;
        this.name = name;
        this.from = from;
        this.to = to;
    }

    public static ReplaySource open(Path recording) throws IOException {
        return open(recording, null, null);
    }

    public static ReplaySource open(Path recording, Instant from, Instant to) throws IOException {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        }
        return new ReplaySource(SnapshotReplay.open(recording, from), String.valueOf(recording.getFileName()), from, to);
    }

    public SnapshotReplay.Header header() {
        return replay.header();
    }

    @Override
    public Optional<Snapshot> next() throws IOException {
        while (!ended) {
            Optional<Snapshot> next = replay.next();
            if (next.isEmpty() || (to != null && next.get().takenAt().isAfter(to))) {
                ended = true;
                break;
            }
            if (from == null || !next.get().takenAt().isBefore(from)) {
                return next;
            }
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "recording " + name;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() throws IOException {
        replay.close();
    }
}
