package org.xenguest.debug.core.memory;

import java.io.IOException;

/** A range of guest memory that a source does not hold or cannot read. */
public class GuestMemoryException extends IOException {

    private static final long serialVersionUID = 1L;

    public GuestMemoryException(String message) {
        super(message);
    }

    public GuestMemoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "0x100000..0x100fff" for messages. */
    static String range(long address, int length) {
        return "0x" + Long.toHexString(address) + "..0x" + Long.toHexString(address + Math.max(0, length - 1));
    }
}
