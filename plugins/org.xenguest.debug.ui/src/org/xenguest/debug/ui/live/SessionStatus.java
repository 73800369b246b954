package org.xenguest.debug.ui.live;

import java.time.Instant;
import java.util.Objects;

/**
 * A session's state with the sentence that explains it, e.g. {@code Stalled: no answer from
 * 127.0.0.1:1234 since 17:02:11 (3 failed reads): reply timed out after 2000 ms}.
 */
public record SessionStatus(SessionState state, String message, Instant since) {

    public SessionStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(since, "since");
    }

    /** The line the views show. */
    public String text() {
        return state.label() + ": " + message;
    }
}
