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
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.live.SnapshotPoller;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.snapshot.GuestNotReadyException;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.debug.core.snapshot.SnapshotStore;

/**
 * One guest being watched: snapshots come from a {@link SnapshotPoller} on its own thread (live)
 * or from a recording played back on a thread of its own (replay); either way the views see the
 * same {@link SnapshotPoller.Update}s. No SWT here: listeners are called on the producing
 * thread and the views hop to the UI thread themselves, so the UI thread never waits on the
 * network.
 */
public final class LiveSession {

    /** Told of every new snapshot and every status change, on a background thread. */
    public interface Listener {
        void sessionChanged(LiveSession session);
    }

    /** Snapshots kept: the rules' longest threshold (5 s) at 100 Hz, and the hover's history. */
    public static final int HISTORY = 600;
    /** The longest a pause or disconnect waits for a running read to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);
    /** The longest a session waits for a guest's manifest to appear (the demo's first run fetches Xen and QEMU). */
    public static final Duration MANIFEST_WAIT = Duration.ofMinutes(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String name;
    private final SnapshotStore store = new SnapshotStore(HISTORY);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong updates = new AtomicLong();
    private final Duration period;
    // live only
    private final SessionSettings settings;
    private final GuestMemory memory;
    private final boolean live;
    /** Null until shared_info is known (a pointer symbol the guest has not set yet). */
    private volatile SnapshotPoller poller;
    private Thread resolver;
    private SnapshotRecorder recorder;
    /** Non-null for a generated guest read through its manifest and debug info block. */
    private final ManifestSource manifestSource;
    private final long startNanos = System.nanoTime();
    // replay only
    private final Path recording;
    private Thread replayThread;
    private volatile boolean replayPaused;

    private volatile SnapshotPoller.Update latest;
    private volatile SessionStatus status;
    private volatile boolean stopped;
    private volatile long lastStepNanos;
    /** Set before the poller is stopped, so that a read finishing meanwhile does not undo the pause. */
    private volatile boolean pollingPaused;

    private LiveSession(String name, SessionSettings settings, GuestMemory memory, Path recording, Duration period) {
        this.name = name;
        this.settings = settings;
        this.memory = memory;
        this.recording = recording;
        this.period = period;
        this.live = memory != null;
        if (memory != null && settings.manifestFile() != null) {
            if (!(memory instanceof RspGuestMemory rsp)) {
                throw new IllegalArgumentException("a guest manifest needs a debug stub to ask for the debug info block,"
                        + " not " + memory.describe());
            }
            this.manifestSource = new ManifestSource(settings.manifestFile(), rsp.client());
            this.poller = new SnapshotPoller(new SnapshotReader(memory, manifestSource, Clock.systemUTC()), store,
                    new FindingsEngine(settings.thresholds()));
        } else {
            this.manifestSource = null;
            this.poller = memory == null || settings.sharedInfoPointer() != null ? null
                    : newPoller(settings.sharedInfoAddress());
        }
    }

    private SnapshotPoller newPoller(long sharedInfoAddress) {
        return new SnapshotPoller(new SnapshotReader(memory, sharedInfoAddress, settings.descriptor()), store,
                new FindingsEngine(settings.thresholds()));
    }

    /**
     * Starts watching a guest through its GDB remote stub. Returns at once: the first connect
     * happens on the poller's thread, and is retried at the poll period until the stub answers
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
        LiveSession session = new LiveSession(name, settings, Objects.requireNonNull(memory, "memory"), null,
                settings.pollPeriod());
        session.status = new SessionStatus(SessionState.CONNECTING, "waiting for " + name + " to answer",
                Instant.now());
        if (settings.sharedInfoPointer() == null && settings.manifestFile() == null) {
            session.startRecording(settings.sharedInfoAddress(), settings.descriptor());
        }
        session.startPolling();
        return session;
    }

    private void startRecording(long sharedInfoAddress, org.xenguest.debug.core.guest.GuestDescriptor descriptor) {
        try {
            if (settings.recordFile() != null) {
                recorder = SnapshotRecorder.create(settings.recordFile(), memory.describe(), sharedInfoAddress,
                        descriptor);
            }
        } catch (IOException e) {
            status = new SessionStatus(SessionState.CONNECTING, "waiting for " + name + " to answer; not recording: "
                    + e.getMessage(), Instant.now());
        }
    }

    /**
     * Reads the guest's pointer to shared_info at the poll period until the guest has set it
     * (every read bounded by the reply timeout), then starts polling there.
     */
    private void resolveSharedInfo() {
        long pointer = settings.sharedInfoPointer();
        int attempt = 0;
        while (!stopped && !pollingPaused) {
            attempt++;
            String reason;
            try {
                byte[] bytes = memory.read(pointer, 8);
                long address = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                if (address != 0) {
                    synchronized (this) {
                        if (stopped || pollingPaused) {
                            return;
                        }
                        startRecording(address, settings.descriptor());
                        poller = newPoller(address);
                        startPolling();
                    }
                    return;
                }
                reason = "the shared_info pointer at " + org.xenguest.debug.core.memory.Addresses.format(pointer)
                        + " is still 0: the guest has not mapped shared_info yet";
            } catch (IOException e) {
                reason = e.getMessage();
            }
            if (!stopped && !pollingPaused) {
                setStatus(new SessionStatus(SessionState.CONNECTING, "waiting for " + name + " (attempt " + attempt
                        + "): " + reason, Instant.now()));
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Plays a recording back through the same views, one snapshot every {@code period} (the
     * recording's own pace is not kept: a recording is looked at, not waited for).
     */
    public static LiveSession replay(Path recording, Duration period, RuleThresholds thresholds) {
        LiveSession session = new LiveSession("replay of " + recording.getFileName(), null, null, recording, period);
        session.status = new SessionStatus(SessionState.REPLAYING, "reading " + recording, Instant.now());
        FindingsEngine engine = new FindingsEngine(thresholds == null ? RuleThresholds.defaults() : thresholds);
        session.replayThread = new Thread(() -> session.playBack(engine), "xenguest-replay");
        session.replayThread.setDaemon(true);
        session.replayThread.start();
        return session;
    }

    private void playBack(FindingsEngine engine) {
        int played = 0;
        try (SnapshotReplay replay = SnapshotReplay.open(recording)) {
            for (var next = replay.next(); next.isPresent() && !stopped; next = replay.next()) {
                while (replayPaused && !stopped) {
                    Thread.sleep(20);
                }
                Snapshot snapshot = next.get();
                Snapshot previous = store.latest().orElse(null);
                store.add(snapshot);
                SnapshotDiff diff = previous == null ? null : SnapshotDiff.between(previous, snapshot);
                played++;
                publish(new SnapshotPoller.Update(snapshot, diff, engine.evaluate(store.history())),
                        new SessionStatus(SessionState.REPLAYING, "snapshot " + played + " of " + recording.getFileName()
                                + " (#" + snapshot.sequence() + ", taken " + snapshot.takenAt() + ")", Instant.now()));
                Thread.sleep(period.toMillis());
            }
            if (!stopped) {
                setStatus(new SessionStatus(SessionState.REPLAY_ENDED,
                        played + " snapshots of " + recording.getFileName() + " played", Instant.now()));
            }
        } catch (IOException | RuntimeException e) {
            setStatus(new SessionStatus(SessionState.REPLAY_ENDED,
                    "cannot read " + recording + " after " + played + " snapshots: " + e.getMessage(), Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void startPolling() {
        if (poller == null) {
            if (resolver == null || !resolver.isAlive()) {
                resolver = new Thread(this::resolveSharedInfo, "xenguest-shared-info-pointer");
                resolver.setDaemon(true);
                resolver.start();
            }
            return;
        }
        poller.start(period, new SnapshotPoller.Listener() {
            @Override
            public void onUpdate(SnapshotPoller.Update update) {
                if (pollingPaused) {
                    return;
                }
                lastStepNanos = System.nanoTime() - update.snapshot().monotonicNanos();
                if (manifestSource != null && recorder == null && latest == null) {
                    // the block tells shared_info only now; the recording's header needs it
                    startRecording(update.snapshot().sharedInfoAddress(), update.snapshot().descriptor());
                }
                record(update);
                publish(update, new SessionStatus(SessionState.LIVE, name + ", snapshot #" + update.snapshot().sequence()
                        + " at " + hertz() + " Hz" + (recorder == null ? "" : ", recording"), Instant.now()));
            }

            @Override
            public void onFailure(IOException failure, int consecutiveFailures) {
                if (stopped || pollingPaused) {
                    return;
                }
                String reason = failure.getMessage();
                if (failure instanceof GuestNotReadyException) {
                    // the stub answers and the guest is early in its boot: a state, not an error
                    setStatus(new SessionStatus(SessionState.CONNECTING, "booting: shared_info not mapped yet ("
                            + name + blockText() + ")", Instant.now()));
                    return;
                }
                if (failure instanceof ManifestSource.ManifestMissingException
                        && System.nanoTime() - startNanos > MANIFEST_WAIT.toNanos()) {
                    CompletableFuture.runAsync(() -> disconnect("gave up after " + MANIFEST_WAIT.toMinutes()
                            + " min: " + reason)); // not on the poller's thread: disconnect waits for it
                    return;
                }
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
        });
    }

    private String blockText() {
        Long block = manifestSource == null ? null : manifestSource.blockAddress();
        return block == null ? "" : ", debug info at " + Addresses.format(block);
    }

    private void record(SnapshotPoller.Update update) {
        SnapshotRecorder target = recorder;
        if (target == null) {
            return;
        }
        try {
            target.record(update.snapshot(), update.findings(), update.diff());
        } catch (IOException e) {
            recorder = null; // keep watching; the status says why the recording stopped
        }
    }

    private long hertz() {
        return Math.round(1000.0 / Math.max(1, period.toMillis()));
    }

    private void publish(SnapshotPoller.Update update, SessionStatus newStatus) {
        if (stopped) {
            return;
        }
        latest = update;
        updates.incrementAndGet();
        setStatus(newStatus);
    }

    private void setStatus(SessionStatus newStatus) {
        if (stopped && newStatus.state() != SessionState.DISCONNECTED) {
            return;
        }
        status = newStatus;
        for (Listener listener : listeners) {
            listener.sessionChanged(this);
        }
    }

    // ---- what the views read ----------------------------------------------------------------

    /** e.g. {@code 127.0.0.1:1234} or {@code replay of boot.jsonl} */
    public String name() {
        return name;
    }

    /** The newest snapshot with its diff and findings, or null before the first. */
    public SnapshotPoller.Update latest() {
        return latest;
    }

    public SessionStatus status() {
        return status;
    }

    /** Snapshots so far (for the views' tests and the status line). */
    public long updateCount() {
        return updates.get();
    }

    /** The recent snapshots, oldest first (for the hover's history). */
    public List<Snapshot> history() {
        return store.history();
    }

    /** The findings of the newest snapshot (empty before the first). */
    public List<Finding> findings() {
        SnapshotPoller.Update update = latest;
        return update == null ? List.of() : update.findings();
    }

    /** How long the last live step took from the start of its read to the findings (for the benchmark). */
    public long lastStepNanos() {
        return lastStepNanos;
    }

    public Duration pollPeriod() {
        return period;
    }

    /** The live settings, or null for a replay. */
    public SessionSettings settings() {
        return settings;
    }

    public boolean isReplay() {
        return recording != null;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- control (any thread but the UI thread may wait up to STOP_WAIT) ----------------------

    /** Stops polling and keeps the last snapshot shown; {@link #resume()} continues. */
    public synchronized void pause() {
        if (!status.state().isActive() || status.state() == SessionState.PAUSED) {
            return;
        }
        if (live) {
            pollingPaused = true;
            if (poller != null) {
                poller.stop(STOP_WAIT);
            }
        } else {
            replayPaused = true;
        }
        setStatus(new SessionStatus(SessionState.PAUSED, name + ", polling paused"
                + (latest == null ? "" : " at snapshot #" + latest.snapshot().sequence()), Instant.now()));
    }

    public synchronized void resume() {
        if (status.state() != SessionState.PAUSED) {
            return;
        }
        if (live) {
            setStatus(new SessionStatus(latest == null ? SessionState.CONNECTING : SessionState.LIVE,
                    name + ", polling resumed", Instant.now()));
            pollingPaused = false;
            startPolling();
        } else {
            replayPaused = false;
            setStatus(new SessionStatus(SessionState.REPLAYING, name + ", resumed", Instant.now()));
        }
    }

    public boolean isPaused() {
        return status.state() == SessionState.PAUSED;
    }

    /** Stops for good: polling ends, the connection closes, the recording is completed. */
    public void disconnect() {
        disconnect(null);
    }

    /** The same, with the reason shown in the status (e.g. the demo ended). */
    public synchronized void disconnect(String reason) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (poller != null) {
            poller.stop(STOP_WAIT);
        }
        if (resolver != null) {
            resolver.interrupt();
        }
        if (replayThread != null) {
            replayThread.interrupt();
        }
        if (memory != null) {
            try {
                memory.close();
            } catch (Exception e) {
                // closing a socket that is already broken: nothing left to do
            }
        }
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                // the lines written so far are flushed already
            }
            recorder = null;
        }
        setStatus(new SessionStatus(SessionState.DISCONNECTED, name + ", "
                + (latest == null ? "no snapshot was read" : "showing snapshot #" + latest.snapshot().sequence())
                + (reason == null ? "" : ": " + reason), Instant.now()));
    }

    public boolean isDisconnected() {
        return stopped;
    }
}
