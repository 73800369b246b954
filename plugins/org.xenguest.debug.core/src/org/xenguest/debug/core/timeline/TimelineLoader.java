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
 * A recording's whole time line: every snapshot read once, in order, judged by the same rules
 * over the same history as live ({@link Session#HISTORY}), its gap lines kept as gaps. Only the
 * model stays in memory, never the snapshots.
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
