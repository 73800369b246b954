package org.xenguest.debug.core.snapshot;

import java.io.IOException;

/** The guest answers but has not got far enough in its boot for a snapshot (no shared_info yet). */
public final class GuestNotReadyException extends IOException {
    private static final long serialVersionUID = 1L;

    public GuestNotReadyException(String message) {
        super(message);
    }
}
