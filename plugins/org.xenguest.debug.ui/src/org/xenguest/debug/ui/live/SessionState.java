package org.xenguest.debug.ui.live;

/** Where a live session is; the views show it in their status line. */
public enum SessionState {
    /** No snapshot yet: the stub has not answered (the guest may still be booting); retrying. */
    CONNECTING("Connecting"),
    /** Snapshots arrive. */
    LIVE("Live"),
    /** Snapshots arrived before, but the last reads failed or timed out; retrying. */
    STALLED("Stalled"),
    /** Polling paused by the user; the last snapshot stays shown. */
    PAUSED("Paused"),
    /** A recording is being played back. */
    REPLAYING("Replaying"),
    /** The recording has been played to its end. */
    REPLAY_ENDED("Replay ended"),
    /** Disconnected by the user; the last snapshot stays shown. */
    DISCONNECTED("Disconnected");

    private final String label;

    SessionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True while the session can still produce snapshots. */
    public boolean isActive() {
        return this != REPLAY_ENDED && this != DISCONNECTED;
    }
}
