package org.xenguest.debug.ui.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xenguest.debug.core.analysis.ChangeExtractor;
import org.xenguest.debug.core.analysis.EventLog;
import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.session.ReplaySource;
import org.xenguest.debug.core.session.Session;

/**
 * A session's whole event list and its whole-session statistics, for the Event List and
 * Statistics views: a live session's rows are taken from each update as it runs (on the
 * session's thread); a replay's are read from the whole recording at once on a thread of their
 * own, as fast as the file reads, so the list holds all of it while the views still play it.
 * The rows live in an {@link EventLog} (a temporary file), so memory stays bounded. No SWT.
 */
public final class SessionEvents {

    private final EventLog log;
    private final ChangeExtractor extractor = new ChangeExtractor();
    private final RangeStatistics statistics = new RangeStatistics();
    private final Path recording;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean complete;
    private volatile String problem;

    private SessionEvents(EventLog log, Path recording) {
        this.log = log;
        this.recording = recording;
    }

    /** Rows of a live session, added by {@link #add} as it steps; {@code recording} is where it records, or null. */
    static SessionEvents live(Path recording) {
        return new SessionEvents(newLog(), recording);
    }

    /** Rows of a recording, read at once on their own thread through the one session step. */
    static SessionEvents ofRecording(Path recording, RuleThresholds thresholds) {
        SessionEvents events = new SessionEvents(newLog(), recording);
        Thread reader = new Thread(() -> events.readAll(thresholds), "xenguest-event-list-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static EventLog newLog() {
        try {
            return EventLog.create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the event list's temporary file: " + e.getMessage(), e);
        }
    }

    private void readAll(RuleThresholds thresholds) {
        try (Session session = new Session(ReplaySource.open(recording), thresholds)) {
            session.run(Duration.ofNanos(1), Long.MAX_VALUE, new Session.Listener() {
                long played;

                @Override
                public void onUpdate(Session.Update update) {
                    add(update);
                    if (++played % 2_000 == 0) {
                        notifyListeners();
                    }
                }

                @Override
                public void onFailure(IOException failure, int consecutiveFailures) {
                    problem = "the recording stops at a damaged line after " + played + " snapshots: " + failure.getMessage();
                    session.stop(Duration.ZERO);
                }
            });
        } catch (IOException | RuntimeException e) {
            problem = "cannot read " + recording + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        complete = true;
        notifyListeners();
    }

    /** Takes one step's changes (the session's thread, or the reader's). */
    void add(Session.Update update) {
        log.addAll(extractor.next(update.snapshot(), update.findings()));
        synchronized (statistics) {
            statistics.add(update.snapshot());
        }
    }

    /** Every row so far. */
    public EventLog log() {
        return log;
    }

    /** The statistics over every snapshot so far. */
    public RangeStatistics.Result wholeSession() {
        synchronized (statistics) {
            return statistics.result();
        }
    }

    /** The recording these rows come from or go to, or null (a live session that does not record). */
    public Path recording() {
        return recording;
    }

    /** True when a recording has been read to its end (always false for a live session). */
    public boolean isComplete() {
        return complete;
    }

    /** Why the recording could not be read to its end, or null. */
    public String problem() {
        return problem;
    }

    /** Told when a recording's rows arrive (on the reader's thread); live rows come with the session's updates. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void notifyListeners() {
        listeners.forEach(Runnable::run);
    }

    /** Deletes the rows' file. */
    void close() {
        log.close();
    }
}
