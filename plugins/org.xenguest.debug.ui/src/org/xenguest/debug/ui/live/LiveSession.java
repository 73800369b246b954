package org.xenguest.debug.ui.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.ManifestSource;
import org.xenguest.debug.core.guest.SharedInfoPointer;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.CoreSource;
import org.xenguest.debug.core.session.ReplaySource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.core.session.SnapshotSource;
import org.xenguest.debug.core.snapshot.GuestNotReadyException;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * The views' side of a {@link Session}: turns what the session tells into a status line
 * ({@link SessionStatus}) and lets the views pause, resume and disconnect. The session steps on
 * its own thread (live: at the poll period; replay: one snapshot every period, the recording's
 * own pace is not kept); listeners are called on that thread and the views hop to the UI thread
 * themselves, so the UI thread never waits on the network. No SWT here.
 */
public final class LiveSession {

    /** Told of every new snapshot and every status change, on a background thread. */
    public interface Listener {
        void sessionChanged(LiveSession session);
    }

    /** The longest a pause or disconnect waits for a running read to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);
    /** The longest a session waits for a guest's manifest to appear (the demo's first run fetches Xen and QEMU). */
    public static final Duration MANIFEST_WAIT = Duration.ofMinutes(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String name;
    private final Session session;
    private final Duration period;
    /** The live settings, or null for a replay. */
    private final SessionSettings settings;
    /** Non-null for a generated guest read through its manifest and debug info block. */
    private final ManifestSource manifestSource;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong updates = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile SessionStatus status;
    private volatile Session.Update pinned;
    private volatile java.util.concurrent.CompletableFuture<org.xenguest.debug.core.timeline.TimelineModel> replayTimeline;
    private volatile boolean stopped;
    private volatile boolean paused;
    private volatile long lastStepNanos;
    private int played;
    /** The recording's file name, for a replay. */
    private String recordingName;
    /** The recording played, for a replay. */
    private Path replayFile;
    /** The whole session's event list and statistics. */
    private final SessionEvents events;

    private LiveSession(String name, Session session, Duration period, SessionSettings settings,
            ManifestSource manifestSource, SessionStatus status, SessionEvents events) {
        this.events = events;
        this.name = name;
        this.session = session;
        this.period = period;
        this.settings = settings;
        this.manifestSource = manifestSource;
        this.status = status;
    }

    /**
     * Starts watching a guest through its GDB remote stub. Returns at once: the first connect
     * happens on the session's thread, and is retried at the poll period until the stub answers
     * (so a session can be started before the guest boots).
     */
    public static LiveSession connect(SessionSettings settings) {
        RspOptions options = RspOptions.defaults().withConnectTimeout(settings.replyTimeout())
                .withReplyTimeout(settings.replyTimeout()).withMaxRetries(1);
        GuestMemory memory = new RspGuestMemory(new RspClient(settings.channel(), options));
        return watch(settings.channel().toString(), settings, memory);
    }

    /** Starts watching any memory source (a dump, a test's memory) as if it were live. */
    public static LiveSession watch(String name, SessionSettings settings, GuestMemory memory) {
        Objects.requireNonNull(memory, "memory");
        ManifestSource manifestSource = null;
        LiveSource source;
        if (settings.manifestFile() != null) {
            if (!(memory instanceof RspGuestMemory rsp)) {
                throw new IllegalArgumentException("a guest manifest needs a debug stub to ask for the debug info block,"
                        + " not " + memory.describe());
            }
            manifestSource = new ManifestSource(settings.manifestFile(), rsp.client());
            source = LiveSource.describedBy(memory, manifestSource);
        } else if (settings.sharedInfoPointer() != null) {
            source = LiveSource.describedBy(memory, new SharedInfoPointer(settings.sharedInfoPointer(),
                    settings.descriptor()));
        } else {
            source = LiveSource.at(memory, settings.sharedInfoAddress(), settings.descriptor());
        }
        return start(name, settings, source, manifestSource);
    }

    /**
     * Starts watching any live snapshot source (e.g. a domain through the dom0 probe) at the
     * settings' poll period, recording when they say so. The source is asked for its first
     * snapshot on the session's thread: a source that connects lazily retries at the poll period
     * until it answers, as {@link #connect(SessionSettings)} does. The settings' channel and
     * shared_info address are not used; their descriptor is what the views fall back on.
     */
    public static LiveSession watch(String name, SessionSettings settings, SnapshotSource source) {
        Objects.requireNonNull(source, "source");
        return start(name, settings, source, null);
    }

    private static LiveSession start(String name, SessionSettings settings, SnapshotSource source,
            ManifestSource manifestSource) {
        Session session = new Session(source, settings.thresholds());
        String note = "";
        if (settings.recordFile() != null) {
            try {
                session.recordTo(settings.recordFile());
            } catch (IOException e) {
                note = "; not recording: " + e.getMessage();
            }
        }
        LiveSession live = new LiveSession(name, session, settings.pollPeriod(), settings, manifestSource,
                new SessionStatus(SessionState.CONNECTING, "waiting for " + name + " to answer" + note, Instant.now()),
                SessionEvents.live(session.isRecording() ? settings.recordFile() : null));
        live.startStepping();
        return live;
    }

    /**
     * Plays a recording back through the same views, one snapshot every {@code period} (the
     * recording's own pace is not kept: a recording is looked at, not waited for).
     */
    public static LiveSession replay(Path recording, Duration period, RuleThresholds thresholds) {
        String name = "replay of " + recording.getFileName();
        SessionStatus reading = new SessionStatus(SessionState.REPLAYING, "reading " + recording, Instant.now());
        SnapshotSource source;
        try {
            source = ReplaySource.open(recording);
        } catch (IOException | RuntimeException e) {
            LiveSession failed = new LiveSession(name, null, period, null, null, reading, SessionEvents.live(null));
            failed.stopped = true;
            failed.status = new SessionStatus(SessionState.REPLAY_ENDED, "cannot read " + recording
                    + " after 0 snapshots: " + e.getMessage(), Instant.now());
            return failed;
        }
        LiveSession live = new LiveSession(name, new Session(source, thresholds), period, null, null, reading,
                SessionEvents.ofRecording(recording, thresholds));
        live.recordingName = String.valueOf(recording.getFileName());
        live.replayFile = recording;
        live.startStepping();
        return live;
    }

    /**
     * Shows a Xen core file ({@code xl dump-core}, {@code xenguest host dump-core}) in the same
     * views: its one snapshot, decoded as a live guest's, then ended as a replay ends. The core is
     * read on the session's thread.
     */
    public static LiveSession openCore(Path core, Duration period, RuleThresholds thresholds) {
        String name = "core " + core.getFileName();
        // one snapshot: every pattern present in it is reported, as `xenguest snapshot --core` does
        RuleThresholds rules = thresholds == null ? RuleThresholds.instant() : thresholds;
        LiveSession live = new LiveSession(name, new Session(CoreSource.opening(core, null), rules), period, null,
                null, new SessionStatus(SessionState.REPLAYING, "reading " + core, Instant.now()), SessionEvents.live(null));
        live.recordingName = String.valueOf(core.getFileName());
        live.startStepping();
        return live;
    }

    private void startStepping() {
        session.start(period, new Session.Listener() {
            @Override
            public void onUpdate(Session.Update update) {
                lastStepNanos = System.nanoTime() - update.snapshot().monotonicNanos();
                if (!isReplay()) {
                    events.add(update);   // a replay's rows are read from the whole recording at once
                }
                updates.incrementAndGet();
                setStatus(isReplay() ? replayStatus(update.snapshot()) : liveStatus(update.snapshot()));
            }

            @Override
            public void onFailure(IOException failure, int consecutiveFailures) {
                if (isReplay()) {
                    setStatus(new SessionStatus(SessionState.REPLAY_ENDED, "cannot read " + recordingName
                            + " after " + played + " snapshots: " + failure.getMessage(), Instant.now()));
                    session.stop(STOP_WAIT); // a broken line stays broken
                } else {
                    liveFailure(failure, consecutiveFailures);
                }
            }

            @Override
            public void onEnd() {
                setStatus(new SessionStatus(SessionState.REPLAY_ENDED, played + " snapshots of " + recordingName
                        + " played", Instant.now()));
            }
        });
    }

    private SessionStatus liveStatus(Snapshot snapshot) {
        return new SessionStatus(SessionState.LIVE, name + ", snapshot #" + snapshot.sequence() + " at " + hertz()
                + " Hz" + (session.isRecording() ? ", recording" : ""), Instant.now());
    }

    private SessionStatus replayStatus(Snapshot snapshot) {
        played++;
        return new SessionStatus(SessionState.REPLAYING, "snapshot " + played + " of " + recordingName + " (#"
                + snapshot.sequence() + ", taken " + snapshot.takenAt() + ")", Instant.now());
    }

    private void liveFailure(IOException failure, int consecutiveFailures) {
        String reason = failure.getMessage();
        if (failure instanceof GuestNotReadyException) {
            // the stub answers and the guest is early in its boot: a state, not an error
            setStatus(new SessionStatus(SessionState.CONNECTING, "booting: shared_info not mapped yet (" + name
                    + blockText() + "): " + reason, Instant.now()));
            return;
        }
        if (failure instanceof ManifestSource.ManifestMissingException
                && System.nanoTime() - startNanos > MANIFEST_WAIT.toNanos()) {
            CompletableFuture.runAsync(() -> disconnect("gave up after " + MANIFEST_WAIT.toMinutes()
                    + " min: " + reason)); // not on the session's thread: disconnect waits for it
            return;
        }
        Session.Update latest = session.latest();
        if (latest == null) {
            setStatus(new SessionStatus(SessionState.CONNECTING, "waiting for " + name + " to answer (attempt "
                    + consecutiveFailures + "): " + reason, Instant.now()));
        } else {
            Instant lastGood = latest.snapshot().takenAt();
            setStatus(new SessionStatus(SessionState.STALLED, "no answer from " + name + " since "
                    + LocalTime.ofInstant(lastGood, ZoneId.systemDefault()).format(CLOCK) + " ("
                    + consecutiveFailures + " failed reads, retrying): " + reason, Instant.now()));
        }
    }

    private String blockText() {
        Long block = manifestSource == null ? null : manifestSource.blockAddress();
        return block == null ? "" : ", debug info at " + Addresses.format(block);
    }

    private long hertz() {
        return Math.round(1000.0 / Math.max(1, period.toMillis()));
    }

    private void setStatus(SessionStatus newStatus) {
        synchronized (this) {
            // a step finishing while a pause or disconnect waits for it must not undo them
            boolean keep = newStatus.state() == SessionState.DISCONNECTED
                    || (!stopped && (!paused || newStatus.state() == SessionState.PAUSED));
            if (!keep) {
                return;
            }
            status = newStatus;
        }
        for (Listener listener : listeners) {
            listener.sessionChanged(this);
        }
    }

    // ---- what the views read ----------------------------------------------------------------

    /** e.g. {@code 127.0.0.1:1234} or {@code replay of boot.jsonl} */
    public String name() {
        return name;
    }

    /**
     * The snapshot the views show, with its diff and findings: the one picked on the timeline
     * ({@link TimeSelection}) while there is one, else the newest; null before the first.
     */
    public Session.Update latest() {
        Session.Update shown = pinned;
        return shown != null ? shown : session == null ? null : session.latest();
    }

    /** The newest snapshot, whatever time is picked. */
    public Session.Update newest() {
        return session == null ? null : session.latest();
    }

    /** Shows {@code update} (a snapshot of the past) instead of the newest; null: the newest again. */
    void pin(Session.Update update) {
        pinned = update;
        for (Listener listener : listeners) {
            listener.sessionChanged(this);
        }
    }

    /**
     * The last snapshot taken at or before {@code at}, with its diff and the findings the rules
     * give over the snapshots before it: from the history when it still holds that time, else read
     * back from the recording (a seek to the keyframe before it). Null when none was taken by then.
     * Reads a file: never on the UI thread.
     */
    public Session.Update updateAt(Instant at) throws IOException {
        if (session == null) {
            return null;
        }
        org.xenguest.debug.core.findings.FindingsEngine engine =
                new org.xenguest.debug.core.findings.FindingsEngine(session.thresholds());
        List<Snapshot> history = session.history();
        if (!history.isEmpty() && !history.get(0).takenAt().isAfter(at)) {
            int index = history.size() - 1;
            while (index > 0 && history.get(index).takenAt().isAfter(at)) {
                index--;
            }
            if (!isReplay() || index < history.size() - 1 || session.hasEnded()) {
                return update(history.subList(0, index + 1), engine);
            }
        }
        java.util.Optional<Path> file = recordingFile();
        if (file.isEmpty()) {
            return null;
        }
        org.xenguest.debug.core.snapshot.SnapshotStore read =
                new org.xenguest.debug.core.snapshot.SnapshotStore(Session.HISTORY);
        try (org.xenguest.debug.core.record.SnapshotReplay replay =
                org.xenguest.debug.core.record.SnapshotReplay.open(file.get(), at)) {
            for (var next = replay.next(); next.isPresent() && !next.get().takenAt().isAfter(at); next = replay.next()) {
                read.add(next.get());
            }
        }
        return read.size() == 0 ? null : update(read.history(), engine);
    }

    private static Session.Update update(List<Snapshot> upTo, org.xenguest.debug.core.findings.FindingsEngine engine) {
        Snapshot snapshot = upTo.get(upTo.size() - 1);
        Snapshot previous = upTo.size() > 1 ? upTo.get(upTo.size() - 2) : null;
        return new Session.Update(snapshot, previous == null ? null
                : org.xenguest.debug.core.snapshot.SnapshotDiff.between(previous, snapshot), engine.evaluate(upTo));
    }

    /** The picked snapshot shown instead of the newest, or null while live. */
    public Session.Update pinned() {
        return pinned;
    }

    /**
     * The whole session's time line: a live session's own, built as it steps; for a replay,
     * the recording read once on a thread of its own (null until it is read).
     */
    public org.xenguest.debug.core.timeline.TimelineModel timeline() {
        if (session == null) {
            return null;
        }
        if (!isReplay()) {
            return session.timeline();
        }
        synchronized (this) {
            if (replayTimeline == null) {
                replayTimeline = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return org.xenguest.debug.core.timeline.TimelineLoader.load(replayFile, session.thresholds());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                replayTimeline.whenComplete((model, failure) -> listeners.forEach(l -> l.sessionChanged(this)));
            }
        }
        return replayTimeline.isDone() && !replayTimeline.isCompletedExceptionally() ? replayTimeline.join() : null;
    }

    /** Why the recording's time line could not be read, or null. */
    public String timelineFailure() {
        var future = replayTimeline;
        if (future == null || !future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        }
    }

    public SessionStatus status() {
        return status;
    }

    /** Snapshots so far (for the views' tests and the status line). */
    public long updateCount() {
        return updates.get();
    }

    /** The recent snapshots, oldest first (for the hover's history). */
    public List<org.xenguest.debug.core.snapshot.Snapshot> history() {
        return session == null ? List.of() : session.history();
    }

    /** The whole session's event list and statistics (the Event List and Statistics views). */
    public SessionEvents events() {
        return events;
    }

    /** The findings of the snapshot shown (empty before the first). */
    public List<Finding> findings() {
        Session.Update shown = latest();
        return shown == null ? List.of() : shown.findings();
    }

    /** How long the last step took from the start of its read to the findings (for the benchmark). */
    public long lastStepNanos() {
        return lastStepNanos;
    }

    public Duration pollPeriod() {
        return period;
    }

    /** The recording this session writes (live) or plays (replay), if any. */
    public java.util.Optional<Path> recordingFile() {
        return session == null ? java.util.Optional.empty()
                : isReplay() ? java.util.Optional.ofNullable(replayFile) : session.recordingFile();
    }

    /** The live settings, or null for a replay. */
    public SessionSettings settings() {
        return settings;
    }

    public boolean isReplay() {
        return settings == null;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- control (any thread but the UI thread may wait up to STOP_WAIT) ----------------------

    /** Stops stepping and keeps the last snapshot shown; {@link #resume()} continues. */
    public synchronized void pause() {
        if (!status.state().isActive() || status.state() == SessionState.PAUSED) {
            return;
        }
        paused = true;
        session.stop(STOP_WAIT);
        session.markGap("polling paused");   // the time until resume is unknown, not "no change"
        Session.Update latest = session.latest();
        setStatus(new SessionStatus(SessionState.PAUSED, name + ", polling paused"
                + (latest == null ? "" : " at snapshot #" + latest.snapshot().sequence()), Instant.now()));
    }

    public synchronized void resume() {
        if (status.state() != SessionState.PAUSED) {
            return;
        }
        paused = false;
        if (isReplay()) {
            setStatus(new SessionStatus(SessionState.REPLAYING, name + ", resumed", Instant.now()));
        } else {
            setStatus(new SessionStatus(session.latest() == null ? SessionState.CONNECTING : SessionState.LIVE,
                    name + ", polling resumed", Instant.now()));
        }
        startStepping();
    }

    public boolean isPaused() {
        return status.state() == SessionState.PAUSED;
    }

    /** Stops for good: stepping ends, the connection closes, the recording is completed. */
    public void disconnect() {
        disconnect(null);
    }

    /** The same, with the reason shown in the status (e.g. the demo ended). */
    public synchronized void disconnect(String reason) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (session != null) {
            session.close();
        }
        Session.Update latest = newest();
        setStatus(new SessionStatus(SessionState.DISCONNECTED, name + ", "
                + (latest == null ? "no snapshot was read" : "showing snapshot #" + latest.snapshot().sequence())
                + (reason == null ? "" : ": " + reason), Instant.now()));
        if (LiveSessions.current() != this) {
            events.close();   // no view shows it: its rows' file goes (else when another session is shown)
        }
    }

    public boolean isDisconnected() {
        return stopped;
    }
}
