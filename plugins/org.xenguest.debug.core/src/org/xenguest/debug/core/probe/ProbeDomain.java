package org.xenguest.debug.core.probe;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A domain as the probe lists it ({@code qXenguest.Domains}).
 *
 * @param id             the domain id
 * @param name           its xenstore name ({@code /local/domain/D/name}); may be empty
 * @param type           PV, PVH or HVM
 * @param vcpus          max_vcpu_id + 1
 * @param onlineVcpus    vCPUs online now
 * @param state          what Xen's domain flags say
 * @param shutdownReason SHUTDOWN_* code when {@code state} is {@link State#SHUTDOWN}
 */
public record ProbeDomain(int id, String name, Type type, int vcpus, int onlineVcpus, State state,
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

    public ProbeDomain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(shutdownReason, "shutdownReason");
    }

    static ProbeDomain from(ProbeReplies.Fields f) {
        return new ProbeDomain(f.hexInt("id"), f.hexText("name"), parse(Type.class, f.text("type"), f),
                f.hexInt("vcpus"), f.hexInt("online"), parse(State.class, f.text("state"), f),
                f.has("reason") ? OptionalInt.of(f.hexInt("reason")) : OptionalInt.empty());
    }

    static <E extends Enum<E>> E parse(Class<E> type, String word, ProbeReplies.Fields f) {
        try {
            return Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProbeReplies.malformed("unknown " + type.getSimpleName() + " '" + word + "'", f.reply());
        }
    }

    @Override
    public String toString() {
        return id + " " + (name.isEmpty() ? "(no name)" : name) + " " + type.name().toLowerCase(Locale.ROOT) + " "
                + state.word();
    }
}
