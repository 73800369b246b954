package org.xenguest.debug.core.snapshot;

import java.util.Optional;

import org.xenguest.abi.XenbusState;

/**
 * A PV device's handshake state at one moment, as the guest keeps it.
 *
 * @param name          device name
 * @param frontendState the raw u32 of the frontend state, or null if not described
 * @param backendState  the raw u32 of the backend state as the guest last read it, or null
 */
public record DeviceState(String name, Long frontendState, Long backendState) {

    public Optional<XenbusState> frontend() {
        return frontendState == null ? Optional.empty() : XenbusState.byNumber(frontendState);
    }

    public Optional<XenbusState> backend() {
        return backendState == null ? Optional.empty() : XenbusState.byNumber(backendState);
    }

    /** "Connected" or the raw number if it is no XenbusState, or "?" if unknown. */
    public static String label(Long raw) {
        if (raw == null) {
            return "?";
        }
        return XenbusState.byNumber(raw).map(XenbusState::label).orElse("invalid(" + raw + ")");
    }
}
