package org.xenguest.debug.ui.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.session.ReplaySource;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * The statistics the Statistics view shows for a session and the selected time: the whole
 * session when live or when a single time is selected, else the selected range, read from the
 * session's recording (a replay's file, or the file a live session records to), or from the
 * snapshots the session still keeps when it does not record. Slow (reads a file): call it off
 * the UI thread. No SWT.
 */
public final class RangeStatisticsJob {

    /** What was computed, over what, or why nothing could be. */
    public record Outcome(RangeStatistics.Result result, String over, String problem) {
    }

    private RangeStatisticsJob() {
    }

    public static Outcome compute(LiveSession session, Optional<TimeSelection.Range> selected) {
        if (session == null) {
            return new Outcome(null, "", "No session: launch a guest or replay a recording.");
        }
        SessionEvents events = session.events();
        if (selected.isEmpty() || selected.get().isPoint()) {
            String over = "the whole session" + (session.isReplay() && !events.isComplete() ? " (still reading)" : "")
                    + (selected.isEmpty() ? "" : "; select a range on the timeline for statistics over it");
            return new Outcome(events.wholeSession(), over, events.problem());
        }
        Instant from = selected.get().from();
        Instant to = selected.get().to();
        String over = from + " to " + to;
        Path recording = events.recording();
        if (recording != null) {
            RangeStatistics statistics = new RangeStatistics();
            try (ReplaySource source = ReplaySource.open(recording, from, to)) {
                for (Optional<Snapshot> next = source.next(); next.isPresent(); next = source.next()) {
                    statistics.add(next.get());
                }
            } catch (IOException | RuntimeException e) {
                return new Outcome(statistics.result(), over, "cannot read " + recording + " to the range's end: "
                        + e.getMessage());
            }
            return new Outcome(statistics.result(), over, null);
        }
        List<Snapshot> kept = session.history();
        if (kept.isEmpty() || kept.get(0).takenAt().isAfter(from)) {
            return new Outcome(null, over, "the range starts before the " + kept.size() + " snapshots this session"
                    + " keeps; record the session (Record to) for statistics over any range");
        }
        RangeStatistics statistics = new RangeStatistics();
        for (Snapshot snapshot : kept) {
            if (!snapshot.takenAt().isBefore(from) && !snapshot.takenAt().isAfter(to)) {
                statistics.add(snapshot);
            }
        }
        return new Outcome(statistics.result(), over, null);
    }
}
