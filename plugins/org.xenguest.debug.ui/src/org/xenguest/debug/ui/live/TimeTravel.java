package org.xenguest.debug.ui.live;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes the shown session follow {@link TimeSelection}: a picked time pins the session's
 * snapshot at or before the range's end ({@link LiveSession#updateAt}, read on a thread of its
 * own: it may read the recording), "live" unpins it. Every view reads {@link LiveSession#latest()},
 * so they all show the same snapshot. UI-free.
 */
public final class TimeTravel {

    private static final ExecutorService READER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "xenguest-time-selection");
        thread.setDaemon(true);
        return thread;
    });
    private static boolean installed;
    private static volatile LiveSession lastShown;
    /** Why the last picked time could not be shown, or null. */
    private static volatile String failure;

    private TimeTravel() {
    }

    /** Starts following the selection (once; the views call it as they open). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        TimeSelection.addListener(TimeTravel::apply);
        LiveSessions.addListener(session -> {
            if (session != lastShown) {   // told of every snapshot too: act only when another session is shown
                lastShown = session;
                if (session != null && !TimeSelection.isLive()) {
                    apply();   // a time is picked: show the new session at that time too
                }
            }
        });
    }

    private static void apply() {
        LiveSession session = LiveSessions.current();
        if (session == null) {
            return;
        }
        var range = TimeSelection.selected();
        if (range.isEmpty()) {
            failure = null;
            session.pin(null);
            return;
        }
        Instant at = range.get().to();
        READER.execute(() -> {
            if (!TimeSelection.selected().map(r -> r.to().equals(at)).orElse(false)) {
                return;   // picked again meanwhile
            }
            try {
                var update = session.updateAt(at);
                failure = update == null ? "no snapshot was taken by " + at : null;
                if (update != null) {
                    session.pin(update);
                } else {
                    session.pin(null);
                }
            } catch (IOException | RuntimeException e) {
                failure = "cannot read the snapshot at " + at + ": " + e.getMessage();
                session.pin(null);
            }
        });
    }

    /** Why the picked time is not shown, or null. */
    public static String failure() {
        return failure;
    }
}
