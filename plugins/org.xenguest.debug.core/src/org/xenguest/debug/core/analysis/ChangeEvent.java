package org.xenguest.debug.core.analysis;

import java.time.Instant;
import java.util.Locale;

/**
 * One change between two consecutive snapshots of a session: a row of the event list.
 *
 * @param sequence    the snapshot that shows the new value
 * @param time        when that snapshot was taken
 * @param offsetNanos its time since the session's first snapshot (monotonic)
 * @param kind        what changed
 * @param object      which one: {@code port 5 net0}, {@code vcpu 0}, {@code ring net0-tx}, ...
 * @param port        the port, for port events (filters), else null
 * @param vcpu        the vCPU, for vCPU events, else null
 * @param field       the field: {@code pending}, {@code masked}, {@code upcall_pending}, {@code req_prod}, ...
 * @param from        the old value as text
 * @param to          the new value as text
 */
public record ChangeEvent(long sequence, Instant time, long offsetNanos, Kind kind, String object, Integer port,
        Integer vcpu, String field, String from, String to) {

    /** What a change is of. */
    public enum Kind {
        PORT, VCPU, RING, GRANTS, XENSTORE, DEVICE, FINDING,
        /** No snapshot for longer than the session's rate allows: what happened then is unknown. */
        GAP;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One line that diffs cleanly between two runs: the offset from the first snapshot (not the
     * wall clock), the snapshot's sequence, then what changed.
     * {@code     12.345678 #123 port 5 net0: pending 0 -> 1}; a gap:
     * {@code      2.950000 #2950 session: no snapshot for 2.000 s}.
     */
    public String text() {
        StringBuilder line = new StringBuilder(64);
        seconds(line, offsetNanos);
        line.append(" #").append(sequence).append(' ').append(object).append(": ").append(field).append(' ');
        if (kind != Kind.GAP) {
            line.append(from).append(" -> ");
        }
        return line.append(to).toString();
    }

    /**
     * {@code nanos} as seconds with six decimals (microseconds, rounded half up), right-aligned in
     * 13 characters: {@code String.format("%13.6f")} without its cost, which searching a long
     * event list pays a row at a time.
     */
    static void seconds(StringBuilder line, long nanos) {
        long micros = Math.floorDiv(nanos + 500, 1000);
        String whole = (micros < 0 && micros > -1_000_000 ? "-" : "") + micros / 1_000_000;
        String fraction = Long.toString(Math.abs(micros % 1_000_000));
        for (int pad = 13 - whole.length() - 7; pad > 0; pad--) {
            line.append(' ');
        }
        line.append(whole).append('.');
        for (int zeros = 6 - fraction.length(); zeros > 0; zeros--) {
            line.append('0');
        }
        line.append(fraction);
    }
}
