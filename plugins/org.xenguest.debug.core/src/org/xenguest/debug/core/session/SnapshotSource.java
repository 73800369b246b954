package org.xenguest.debug.core.session;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * Where a {@link Session}'s snapshots come from: a live guest read over RSP ({@link LiveSource}),
 * a recording ({@link ReplaySource}); the dom0 probe and core files are further sources of the
 * same shape. Called by one thread at a time (the session's stepping thread).
 */
public interface SnapshotSource extends Closeable {

    /**
     * The next snapshot, or empty when the source has no more (the end of a recording; a live
     * source never ends).
     *
     * @throws IOException when this read failed; a live source may succeed at the next call
     */
    Optional<Snapshot> next() throws IOException;

    /** e.g. {@code rsp 127.0.0.1:1234} or {@code recording boot.jsonl}, for messages. */
    String describe();

    /** True when the source reads a running guest (a failed read may succeed later). */
    boolean isLive();
}
