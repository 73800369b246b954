package org.xenguest.debug.ui.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.session.ReplaySource;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.core.timeline.TimelineStatistics;

/**
 * The statistics the Statistics view shows for a session and the selected time: the whole
 * session when live or when a single time is selected, else the selected range. A recording's
 * figures come from the session's time line ({@link TimelineStatistics}: a replay's timeline
 * file, a recording live session's own model) once it is there, without decoding a snapshot;
 * until then from the recording decoded (a replay's file, or the file a live session records
 * to); a session that does not record has only the snapshots it still keeps. Slow (may read a
 * file): call it off the UI thread. No SWT.
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
        Path recording = events.recording();
        if (selected.isEmpty() || selected.get().isPoint()) {
            String hint = selected.isEmpty() ? "" : "; select a range on the timeline for statistics over it";
            if (session.isReplay()) {   // live, the events' figures grow with every step at no cost
                Optional<RangeStatistics.Result> fast = fromTimeline(session, Long.MIN_VALUE, Long.MAX_VALUE);
                if (fast.isPresent()) {
                    return new Outcome(fast.get(), "the whole session" + hint, null);
                }
            }
            String over = "the whole session" + (session.isReplay() && !events.isComplete() ? " (still reading)" : "")
                    + hint;
            return new Outcome(events.wholeSession(), over, events.problem());
        }
        Instant from = selected.get().from();
        Instant to = selected.get().to();
        String over = from + " to " + to;
        if (recording != null) {
            Optional<RangeStatistics.Result> fast = fromTimeline(session, TimelineModel.nanos(from), TimelineModel.nanos(to));
            if (fast.isPresent()) {
                return new Outcome(fast.get(), over, null);
            }
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

    /** The figures from the session's time line, or empty while it is not there (a replay's still loading). */
    private static Optional<RangeStatistics.Result> fromTimeline(LiveSession session, long from, long to) {
        TimelineModel timeline = session.timeline();
        List<Snapshot> kept = session.history();
        if (timeline == null || kept.isEmpty()) {
            return Optional.empty();
        }
        // a recording's snapshots all carry its header's descriptor; a live session's latest is its newest
        return Optional.of(TimelineStatistics.over(timeline, kept.get(kept.size() - 1).descriptor(), from, to));
    }
}
