package org.xenguest.debug.core.analysis;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The rows of an {@link EventLog} a filter keeps, as the event list shows them: caught up with
 * the log by {@link #catchUp} (off the UI thread), read by any thread. Holds one int a kept row.
 * Find, go to time and the export work on the kept rows.
 */
public final class FilteredEvents {

    private final EventLog log;
    private final EventFilter filter;
    private volatile int[] kept = new int[1024];
    private volatile int size;
    private volatile int scanned;

    public FilteredEvents(EventLog log, EventFilter filter) {
        this.log = Objects.requireNonNull(log, "log");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    public EventFilter filter() {
        return filter;
    }

    /**
     * Takes the rows the log gained since the last call (one thread at a time), until
     * {@code cancelled} says stop. Returns the number of kept rows.
     */
    public synchronized int catchUp(BooleanSupplier cancelled) {
        int available = log.size();
        int[] rows = kept;
        int count = size;
        for (int i = scanned; i < available; i++) {
            if ((i & 1023) == 0 && cancelled.getAsBoolean()) {
                break;
            }
            if (filter.test(log.get(i))) {
                if (count == rows.length) {
                    rows = Arrays.copyOf(rows, rows.length * 2);
                    kept = rows;
                }
                rows[count++] = i;
                size = count;   // published after the row it counts
            }
            scanned = i + 1;
        }
        return count;
    }

    /** True once every row the log has was looked at (never waits for a running {@link #catchUp}). */
    public boolean caughtUp() {
        return scanned >= log.size();
    }

    /** Kept rows so far. */
    public int size() {
        return size;
    }

    /** The {@code index}th kept row. */
    public ChangeEvent get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of " + size);
        }
        return log.get(kept[index]);
    }

    /**
     * The next kept row after {@code from} (before it, when not {@code forward}) whose text
     * {@code pattern} finds, or -1. {@code from} may be -1 or {@link #size()} to search from an end.
     */
    public int find(Pattern pattern, int from, boolean forward, BooleanSupplier cancelled) {
        int count = size;
        for (int i = forward ? from + 1 : from - 1; forward ? i < count : i >= 0; i += forward ? 1 : -1) {
            if ((i & 1023) == 0 && cancelled.getAsBoolean()) {
                return -1;
            }
            if (pattern.matcher(get(i).text()).find()) {
                return i;
            }
        }
        return -1;
    }

    /** The first kept row at or after {@code offsetNanos} from the session's start (the last row if none). */
    public int atOffset(long offsetNanos) {
        return search(row -> row.offsetNanos() >= offsetNanos);
    }

    /** The first kept row taken at or after {@code time} (the last row if none). */
    public int atTime(Instant time) {
        return search(row -> !row.time().isBefore(time));
    }

    private int search(java.util.function.Predicate<ChangeEvent> atOrAfter) {
        int low = 0;
        int high = size;
        if (high == 0) {
            return -1;
        }
        while (low < high) {   // rows are in time order: the first that is at or after
            int middle = (low + high) >>> 1;
            if (atOrAfter.test(get(middle))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return Math.min(low, size - 1);
    }

    /**
     * The kept rows as plain text, a line each: the same lines as {@code xenguest events} prints
     * ({@link ChangeEvent#text()}), so that two runs' exports diff cleanly.
     */
    public void export(Writer out) throws IOException {
        int count = size;
        for (int i = 0; i < count; i++) {
            out.write(get(i).text());
            out.write('\n');
        }
        out.flush();
    }
}
