package org.xenguest.debug.core.timeline;

import java.util.Arrays;

/**
 * One object's state over a whole session (a port, a vCPU, a ring, a device): the times at which
 * it changed and the state it took, in two growing arrays, 12 bytes a change whatever the number
 * of snapshots. A state is an int whose meaning the lane's {@link Kind} gives ({@link LaneStates}).
 * Written by one thread, read under the model's lock.
 */
public final class Lane {

    /** What a lane shows. */
    public enum Kind {
        PORT, VCPU, RING, DEVICE
    }

    /** A pixel column in which the state changed more than once (zoomed out). */
    public static final int MIXED = Integer.MIN_VALUE;
    /** A pixel column before the lane's first state. */
    public static final int NONE = Integer.MIN_VALUE + 1;

    private final int id;
    private final Kind kind;
    private final String key;
    private final String label;
    private long[] times = new long[16];
    private int[] states = new int[16];
    private int size;

    Lane(int id, Kind kind, String key, String label) {
        this.id = id;
        this.kind = kind;
        this.key = key;
        this.label = label;
    }

    /** The lane's number in its model (the order lanes appeared in), as its timeline file names it. */
    int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Unique within the model, e.g. {@code port 3}, {@code vcpu 0}. */
    public String key() {
        return key;
    }

    /** What the view writes beside the lane, e.g. {@code 3 netfront}. */
    public String label() {
        return label;
    }

    /**
     * Takes the state at {@code nanos} (epoch nanoseconds, not before the last); kept only when it
     * changed.
     *
     * @return true when it changed
     */
    boolean set(long nanos, int state) {
        if (size > 0 && states[size - 1] == state) {
            return false;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            states = Arrays.copyOf(states, size * 2);
        }
        times[size] = nanos;
        states[size] = state;
        size++;
        return true;
    }

    /** How many times the state was set (the first included). */
    public int changes() {
        return size;
    }

    /** The state at {@code nanos}, or {@link #NONE} before the first. */
    public int stateAt(long nanos) {
        int index = indexAt(nanos);
        return index < 0 ? NONE : states[index];
    }

    /** When the state of change {@code index} began. */
    public long timeOf(int index) {
        return times[index];
    }

    public int stateOf(int index) {
        return states[index];
    }

    /** The index of the change in force at {@code nanos}, or -1 before the first. */
    public int indexAt(long nanos) {
        int found = Arrays.binarySearch(times, 0, size, nanos);
        if (found >= 0) {
            while (found + 1 < size && times[found + 1] == nanos) {
                found++;
            }
            return found;
        }
        return -(found + 1) - 1;
    }

    /**
     * The level of detail for drawing: the state in each of {@code columns} equal slices of
     * [{@code from}, {@code to}), {@link #MIXED} where it changed inside a slice, {@link #NONE}
     * before the first state. Walks the changes from column to column, galloping over the many
     * a column holds when zoomed out: a frame costs about a column's log of its changes, whatever
     * the session's length.
     */
    public int[] columns(long from, long to, int columns) {
        int[] out = new int[Math.max(0, columns)];
        double width = (double) (to - from) / Math.max(1, columns);
        int index = indexAt(from);
        for (int c = 0; c < out.length; c++) {
            long start = from + (long) (c * width);
            long end = Math.max(start, from + (long) ((c + 1) * width) - 1);
            index = advance(index, start);
            int last = advance(index, end);
            out[c] = index == last ? (index < 0 ? NONE : states[index]) : MIXED;
            index = last;
        }
        return out;
    }

    /** The last change at or before {@code nanos}, searching forward from {@code index} (exponentially, then halving). */
    private int advance(int index, long nanos) {
        if (index + 1 >= size || times[index + 1] > nanos) {
            return index;
        }
        int low = index + 1;   // times[low] <= nanos
        int step = 1;
        while (low + step < size && times[low + step] <= nanos) {
            low += step;
            step <<= 1;
        }
        int high = Math.min(size - 1, low + step);   // times[high] > nanos, or the last
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (times[middle] <= nanos) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** Bytes this lane holds (for the memory figure). */
    long bytes() {
        return 64L + times.length * 8L + states.length * 4L;
    }
}
