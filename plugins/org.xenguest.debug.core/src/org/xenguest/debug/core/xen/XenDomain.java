package org.xenguest.debug.core.xen;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A domain as Xen lists it (the probe's {@code qXenguest.Domains}).
 *
 * @param id             the domain id
 * @param name           its xenstore name ({@code /local/domain/D/name}); may be empty
 * @param type           PV, PVH or HVM
 * @param vcpus          max_vcpu_id + 1
 * @param onlineVcpus    vCPUs online now
 * @param state          what Xen's domain flags say
 * @param shutdownReason SHUTDOWN_* code when {@code state} is {@link State#SHUTDOWN}
 */
public record XenDomain(int id, String name, Type type, int vcpus, int onlineVcpus, State state,
        OptionalInt shutdownReason) {

    public enum Type {
        PV, PVH, HVM;

        /** True for the types whose guest-physical memory the probe reads (PVH and HVM). */
        public boolean hasGuestPhysicalMemory() {
            return this != PV;
        }
    }

    public enum State {
        RUNNING, BLOCKED, PAUSED, SHUTDOWN, DYING;

        /** The word the probe and the snapshot JSON use: {@code running}, {@code blocked}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public XenDomain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(shutdownReason, "shutdownReason");
    }


    @Override
    public String toString() {
        return id + " " + (name.isEmpty() ? "(no name)" : name) + " " + type.name().toLowerCase(Locale.ROOT) + " "
                + state.word();
    }
}
