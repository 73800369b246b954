package org.xenguest.debug.core.view;

/** What a port is, as a colour: the views' palettes give each a colour of their theme. */
public enum PortColour {
    /** [0/0/x]: nothing going on. */
    IDLE,
    /** [0/1/x]: masked, nothing pending. */
    MASKED,
    /** [1/0/0]: pending, unmasked, the selector bit of its word clear. */
    PENDING,
    /** [1/0/1]: pending, unmasked, selector set: the upcall is due. */
    PENDING_SELECTED,
    /** [1/1/x]: pending while masked. */
    PENDING_MASKED;
}
