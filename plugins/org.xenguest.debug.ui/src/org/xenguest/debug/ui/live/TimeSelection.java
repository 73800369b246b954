package org.xenguest.debug.ui.live;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one time every live view shows (Trace Compass's "selected time"): live, that is the
 * session's newest snapshot, or a range the user picked on the timeline, in the event list or in
 * the statistics view. A point in time is a range whose ends are equal; views that show one
 * snapshot show the last one taken at or before the range's end. "Live" returns every view to
 * now. UI-free; listeners are called on the thread that changed the selection.
 */
public final class TimeSelection {

    /** A picked range, {@code from <= to}, both inclusive. */
    public record Range(Instant from, Instant to) {
        public Range {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
            }
        }

        /** One point in time. */
        public static Range at(Instant time) {
            return new Range(time, time);
        }

        public boolean isPoint() {
            return from.equals(to);
        }
    }

    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();
    /** Null while the views follow the live session. */
    private static volatile Range selected;

    private TimeSelection() {
    }

    /** Shows {@code range} in every view until {@link #followLive()}. */
    public static void select(Range range) {
        selected = Objects.requireNonNull(range, "range");
        notifyListeners();
    }

    /** Returns every view to the session's newest snapshot. */
    public static void followLive() {
        if (selected != null) {
            selected = null;
            notifyListeners();
        }
    }

    /** The picked range, or empty while live. */
    public static Optional<Range> selected() {
        return Optional.ofNullable(selected);
    }

    public static boolean isLive() {
        return selected == null;
    }

    public static void addListener(Runnable listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Runnable listener) {
        LISTENERS.remove(listener);
    }

    private static void notifyListeners() {
        for (Runnable listener : LISTENERS) {
            listener.run();
        }
    }
}
