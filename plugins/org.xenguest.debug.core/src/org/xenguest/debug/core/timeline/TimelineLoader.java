package org.xenguest.debug.core.timeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotStore;

/**
 * A recording's whole time line: from its timeline file ({@link TimelineJournal}) when it has
 * one that is whole, else every snapshot read once, in order, judged by the same rules over the
 * same history as live ({@link Session#HISTORY}), its gap lines kept as gaps (and the timeline
 * file written for the next time). Only the model stays in memory, never the snapshots.
 */
public final class TimelineLoader {

    private TimelineLoader() {
    }

    /** Reads {@code recording} to its end (or a line cut by a crash). */
    public static TimelineModel load(Path recording, RuleThresholds thresholds) throws IOException {
        return load(recording, thresholds, () -> false);
    }

    /**
     * The same, giving up (with what was read so far) when {@code cancelled} says so; asked every
     * 1,000 snapshots.
     */
    public static TimelineModel load(Path recording, RuleThresholds thresholds, BooleanSupplier cancelled)
            throws IOException {
        Optional<Long> last = java.nio.file.Files.isReadable(recording) ? TimelineJournal.lastSequence(recording)
                : Optional.empty();
        if (last.isPresent()) {
            Optional<TimelineModel> journalled = TimelineJournal.read(recording, last.get());
            if (journalled.isPresent()) {
                keepBookmarks(journalled.get(), recording);
                return journalled.get();
            }
        }
        TimelineModel model = decode(recording, thresholds, cancelled);
        if (!cancelled.getAsBoolean()) {
            try {
                model.journalTo(TimelineJournal.fileFor(recording));   // the next open reads this instead
                model.closeJournal();
                keepBookmarks(model, recording);
            } catch (IOException e) {
                // a read-only folder: every open decodes the recording
            }
        }
        return model;
    }

    /** Bookmarks made on a recording go to its timeline file. */
    private static void keepBookmarks(TimelineModel model, Path recording) {
        try {
            model.appendJournal(TimelineJournal.fileFor(recording));
        } catch (IOException e) {
            // a read-only folder: bookmarks last as long as the view
        }
    }

    /** Every snapshot of the recording decoded and judged: the slow way, when there is no timeline file. */
    public static TimelineModel decode(Path recording, RuleThresholds thresholds, BooleanSupplier cancelled)
            throws IOException {
        TimelineModel model = new TimelineModel();
        FindingsEngine engine = new FindingsEngine(thresholds == null ? RuleThresholds.defaults() : thresholds);
        SnapshotStore history = new SnapshotStore(Session.HISTORY);
        try (SnapshotReplay replay = SnapshotReplay.open(recording)) {
            int gapsSeen = 0;
            long read = 0;
            for (Optional<Snapshot> next = replay.next(); next.isPresent(); next = replay.next()) {
                List<SnapshotReplay.Gap> gaps = replay.gaps();
                if (gaps.size() > gapsSeen) {
                    model.markGap(gaps.get(gaps.size() - 1).reason());
                    gapsSeen = gaps.size();
                }
                history.add(next.get());
                model.add(next.get(), engine.evaluate(history));
                if (++read % 1000 == 0 && cancelled.getAsBoolean()) {
                    break;
                }
            }
        }
        return model;
    }
}
