package org.xenguest.debug.ui.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session the views show: the last one started (by a launch, the Connect dialog, a replay
 * or a test). Views listen here once and follow whichever session is current.
 */
public final class LiveSessions {

    private static final List<LiveSession.Listener> LISTENERS = new CopyOnWriteArrayList<>();
    private static final LiveSession.Listener FORWARD = session -> {
        if (session == current()) {
            notifyListeners(session);
        }
    };
    private static volatile LiveSession current;

    private LiveSessions() {
    }

    /** The session the views show, or null. */
    public static LiveSession current() {
        return current;
    }

    /** Makes {@code session} the one the views show (null: none). The previous one keeps running. */
    public static void show(LiveSession session) {
        LiveSession previous;
        synchronized (LiveSessions.class) {
            previous = current;
            current = session;
        }
        if (previous != null) {
            previous.removeListener(FORWARD);
            if (previous.isDisconnected() && previous != session) {
                previous.events().close();   // no view shows it any more: its rows' file goes
            }
        }
        if (session != null) {
            session.addListener(FORWARD);
        }
        notifyListeners(session);
    }

    /** Listens to the current session, whichever it is; called on background threads. */
    public static void addListener(LiveSession.Listener listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(LiveSession.Listener listener) {
        LISTENERS.remove(listener);
    }

    private static void notifyListeners(LiveSession session) {
        for (LiveSession.Listener listener : LISTENERS) {
            listener.sessionChanged(session);
        }
    }
}
