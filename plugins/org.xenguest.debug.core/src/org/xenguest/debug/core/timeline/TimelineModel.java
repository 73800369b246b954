package org.xenguest.debug.core.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.xenguest.abi.EventChannels;
import org.xenguest.debug.core.analysis.GapDetector;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.snapshot.DeviceState;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * A whole session on one time line, built as the snapshots come (live) or read from a recording
 * ({@link TimelineLoader}): a {@link Lane} per named or changed port, per vCPU, ring and device,
 * each holding only the times its state changed; the snapshots' times, monotonic times and
 * sequences (24 bytes each); the gaps (a failed read, a pause, a silence far longer than the rhythm), never filled
 * with a state; the findings with their span; the user's bookmarks. Memory grows with the
 * changes, not with the pages read: an hour at 20 Hz of the reference guest is a few MB, where
 * the session's history keeps {@code Session.HISTORY} whole snapshots.
 *
 * <p>Times are epoch nanoseconds (a snapshot's {@code takenAt}). {@link #add} is called by the
 * session's thread; readers (the view, on the UI thread) hold {@link #lock()} while they read
 * several things that must agree; each method locks on its own too.
 */
public final class TimelineModel {

    /** A time the guest was not read: {@code from} (the last snapshot before) to {@code to} (the next). */
    public record Gap(long from, long to, String reason) {
    }

    /** A finding while it held: from when it began (its hold time before it was raised) to when it cleared. */
    public record FindingSpan(FindingCode code, String key, String message, long from, long to, boolean open) {
    }

    /** A time the user marked, with a note. */
    public record Bookmark(long time, String note) {
    }

    private final Object lock = new Object();
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final GapDetector rhythm = new GapDetector();
    private long[] times = new long[1024];
    private long[] sequences = new long[1024];
    /** The snapshots' monotonic times: the statistics measure intervals on these, as on the snapshots. */
    private long[] monotonic = new long[1024];
    private int count;
    private final List<Gap> gaps = new ArrayList<>();
    private final List<FindingSpan> closedFindings = new ArrayList<>();
    private final Map<String, FindingSpan> openFindings = new LinkedHashMap<>();
    private final List<Bookmark> bookmarks = new ArrayList<>();
    private Snapshot previous;
    private String pendingGapReason;
    private long[] previousPending = new long[EventChannels.WORDS_2L];
    private long[] previousMask = new long[EventChannels.WORDS_2L];
    private GuestDescriptor descriptor = GuestDescriptor.empty();
    /** Where every change goes as it is made (the recording's timeline file), or null. */
    private TimelineJournal journal;

    /** The object readers lock on to see one consistent model. */
    public Object lock() {
        return lock;
    }

    /**
     * Takes the session's next snapshot and the findings judged on it; its ports, vCPUs, rings
     * and devices that changed extend their lanes.
     */
    public void add(Snapshot snapshot, List<Finding> findings) {
        synchronized (lock) {
            long now = nanos(snapshot.takenAt());
            if (previous != null) {
                long before = times[count - 1];
                boolean silent = rhythm.isGap(snapshot.monotonicNanos() - previous.monotonicNanos());
                if (pendingGapReason != null || silent) {
                    addGap(new Gap(before, now, pendingGapReason != null ? pendingGapReason
                            : String.format(java.util.Locale.ROOT, "no snapshot for %.3f s", (now - before) / 1e9)));
                }
            }
            pendingGapReason = null;
            appendTime(now, snapshot.sequence(), snapshot.monotonicNanos());
            if (journal != null) {
                journal.snapshot(now, snapshot.sequence(), snapshot.monotonicNanos());
            }
            descriptor = snapshot.descriptor();
            ports(snapshot, now);
            vcpus(snapshot, now);
            for (RingState ring : snapshot.rings()) {
                set(lane(Lane.Kind.RING, "ring " + ring.name(), ring.name()), now, LaneStates.ring(ring));
            }
            for (DeviceState device : snapshot.devices()) {
                set(lane(Lane.Kind.DEVICE, "device " + device.name(), device.name()), now, LaneStates.device(device));
            }
            findings(findings, now);
            previous = snapshot;
            if (journal != null) {
                journal.endSnapshot();
            }
        }
    }

    /**
     * The guest was not read from the last snapshot until the next one (a failed read, a pause,
     * a gap line of a recording); that time is drawn as unknown.
     */
    public void markGap(String reason) {
        synchronized (lock) {
            if (previous != null && pendingGapReason == null) {
                pendingGapReason = reason == null || reason.isBlank() ? "not read" : reason;
            }
        }
    }

    private void appendTime(long now, long sequence, long monotonicNanos) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            sequences = Arrays.copyOf(sequences, count * 2);
            monotonic = Arrays.copyOf(monotonic, count * 2);
        }
        times[count] = now;
        sequences[count] = sequence;
        monotonic[count] = monotonicNanos;
        count++;
    }

    private void ports(Snapshot snapshot, long now) {
        List<Long> pending = snapshot.sharedInfo().pendingWords();
        List<Long> mask = snapshot.sharedInfo().maskWords();
        if (previous == null) {
            for (GuestDescriptor.Port port : snapshot.descriptor().ports()) {
                portLane(snapshot, port.port(), now);
            }
            for (int word = 0; word < EventChannels.WORDS_2L; word++) {
                for (long bits = pending.get(word); bits != 0; bits &= bits - 1) {
                    // pending from the start: active, though it may never change (the statistics count it)
                    portLane(snapshot, word * EventChannels.BITS_PER_WORD + Long.numberOfTrailingZeros(bits), now);
                }
            }
            for (int word = 0; word < EventChannels.WORDS_2L; word++) {
                previousPending[word] = pending.get(word);
                previousMask[word] = mask.get(word);
            }
            return;
        }
        for (GuestDescriptor.Port port : snapshot.descriptor().ports()) {
            if (!lanes.containsKey("port " + port.port())) {
                portLane(snapshot, port.port(), now);   // named later (a manifest read once the guest ran)
            }
        }
        for (int word = 0; word < EventChannels.WORDS_2L; word++) {
            long p = pending.get(word);
            long m = mask.get(word);
            long changed = (p ^ previousPending[word]) | (m ^ previousMask[word]);
            while (changed != 0) {
                int port = word * EventChannels.BITS_PER_WORD + Long.numberOfTrailingZeros(changed);
                changed &= changed - 1;
                if (!lanes.containsKey("port " + port)) {
                    // unchanged since the session began: it held the previous snapshot's state all along
                    Lane lane = portLane(previous, port, times[0]);
                    set(lane, now, LaneStates.port(snapshot.port(port)));
                }
            }
            previousPending[word] = p;
            previousMask[word] = m;
        }
        for (Lane lane : lanes.values()) {
            if (lane.kind() == Lane.Kind.PORT) {
                set(lane, now, LaneStates.port(snapshot.port(Integer.parseInt(lane.key().substring(5)))));
            }
        }
    }

    private Lane portLane(Snapshot snapshot, int port, long since) {
        String name = snapshot.port(port).name();
        Lane lane = lane(Lane.Kind.PORT, "port " + port, port + (name == null ? "" : " " + name));
        if (lane.changes() == 0) {
            set(lane, since, LaneStates.port(snapshot.port(port)));
        }
        return lane;
    }

    private void vcpus(Snapshot snapshot, long now) {
        Map<Integer, VcpuState> xen = new HashMap<>();
        snapshot.xen().ifPresent(view -> view.vcpus().forEach(v -> xen.put(v.vcpu(), v)));
        for (int id = 0; id < snapshot.vcpuCount(); id++) {
            set(lane(Lane.Kind.VCPU, "vcpu " + id, "vCPU " + id), now, LaneStates.vcpu(snapshot.vcpu(id), xen.get(id)));
        }
    }

    private Lane lane(Lane.Kind kind, String key, String label) {
        Lane lane = lanes.get(key);
        if (lane == null) {
            lane = new Lane(lanes.size(), kind, key, label);
            lanes.put(key, lane);
            if (journal != null) {
                journal.lane(lane);
            }
        }
        return lane;
    }

    private void set(Lane lane, long nanos, int state) {
        if (lane.set(nanos, state) && journal != null) {
            journal.change(lane, nanos, state);
        }
    }

    private void addGap(Gap gap) {
        gaps.add(gap);
        if (journal != null) {
            journal.gap(gap);
        }
    }

    private void findings(List<Finding> findings, long now) {
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding finding : findings) {
            current.put(key(finding), finding);
        }
        for (var it = openFindings.entrySet().iterator(); it.hasNext();) {
            var open = it.next();
            if (!current.containsKey(open.getKey())) {
                FindingSpan span = open.getValue();
                closedFindings.add(new FindingSpan(span.code(), span.key(), span.message(), span.from(), now, false));
                it.remove();
                if (journal != null) {
                    journal.findingClosed(span.key(), now);
                }
            }
        }
        for (var entry : current.entrySet()) {
            FindingSpan open = openFindings.get(entry.getKey());
            Finding finding = entry.getValue();
            long from = open != null ? open.from() : Math.max(times[0], now - finding.heldNanos());
            FindingSpan span = new FindingSpan(finding.code(), entry.getKey(), finding.message(), from, now, true);
            openFindings.put(entry.getKey(), span);
            if (open == null && journal != null) {
                journal.findingOpened(span);
            }
        }
    }

    /** A finding by what it is about (its code, ports and structures), not by its changing message. */
    static String key(Finding finding) {
        StringBuilder key = new StringBuilder(finding.code().name());
        finding.ports().forEach(p -> key.append(" port ").append(p));
        finding.structures().forEach(s -> key.append(' ').append(s));
        return key.toString();
    }

    // ---- the timeline file beside a recording ----------------------------------------------------

    /**
     * Writes the model so far, then every change as it is made, to {@code file} (the recording's
     * {@link TimelineJournal#fileFor timeline file}), so that opening the recording later reads the
     * changes instead of decoding every snapshot. Replaces an older journal; null stops journalling.
     */
    public void journalTo(java.nio.file.Path file) throws java.io.IOException {
        synchronized (lock) {
            if (journal != null) {
                journal.close();
                journal = null;
            }
            if (file == null) {
                return;
            }
            TimelineJournal opened = TimelineJournal.create(file);
            opened.dump(this, lanes.values(), Arrays.copyOf(times, count), Arrays.copyOf(sequences, count),
                    Arrays.copyOf(monotonic, count), gaps,
                    closedFindings, openFindings.values(), bookmarks);
            journal = opened;
        }
    }

    /** Appends what changes from now on (bookmarks on a recording looked at) to an existing timeline file. */
    void appendJournal(java.nio.file.Path file) throws java.io.IOException {
        synchronized (lock) {
            if (journal != null) {
                journal.close();
            }
            journal = TimelineJournal.append(file);
        }
    }

    /** Ends journalling (the recording is complete). */
    public void closeJournal() {
        synchronized (lock) {
            if (journal != null) {
                journal.close();
                journal = null;
            }
        }
    }

    // restoring from a timeline file (TimelineJournal.read), in the order the file gives

    Lane restoreLane(int id, Lane.Kind kind, String key, String label) {
        if (id != lanes.size()) {
            throw new IllegalArgumentException("lane " + id + " out of order (expected " + lanes.size() + ")");
        }
        Lane lane = new Lane(id, kind, key, label);
        lanes.put(key, lane);
        return lane;
    }

    Lane laneById(int id) {
        for (Lane lane : lanes.values()) {   // ids are insertion order: the values' order
            if (lane.id() == id) {
                return lane;
            }
        }
        throw new IllegalArgumentException("no lane " + id);
    }

    void restoreSnapshot(long nanos, long sequence, long monotonicNanos) {
        appendTime(nanos, sequence, monotonicNanos);
    }

    void restoreGap(Gap gap) {
        gaps.add(gap);
    }

    void restoreFindingOpened(FindingSpan span) {
        openFindings.put(span.key(), span);
    }

    void restoreFindingClosed(String key, long to) {
        FindingSpan span = openFindings.remove(key);
        if (span != null) {
            closedFindings.add(new FindingSpan(span.code(), span.key(), span.message(), span.from(), to, false));
        }
    }

    void restoreBookmark(Bookmark bookmark, boolean added) {
        if (added) {
            bookmarks.add(bookmark);
            bookmarks.sort(Comparator.comparingLong(Bookmark::time));
        } else {
            bookmarks.remove(bookmark);
        }
    }

    /** After a restore: the findings still open end at the last snapshot. */
    void restoreDone() {
        if (count > 0) {
            openFindings.replaceAll((key, span) -> new FindingSpan(span.code(), span.key(), span.message(), span.from(),
                    times[count - 1], true));
        }
    }

    // ---- what the view reads -------------------------------------------------------------------

    public static long nanos(Instant time) {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Snapshots taken so far. */
    public int snapshots() {
        synchronized (lock) {
            return count;
        }
    }

    /** The first snapshot's time; only when there is one. */
    public long start() {
        synchronized (lock) {
            return count == 0 ? 0 : times[0];
        }
    }

    /** The last snapshot's time; only when there is one. */
    public long end() {
        synchronized (lock) {
            return count == 0 ? 0 : times[count - 1];
        }
    }

    public long timeOf(int index) {
        synchronized (lock) {
            return times[index];
        }
    }

    /** The monotonic time of snapshot {@code index}. */
    public long monotonicOf(int index) {
        synchronized (lock) {
            return monotonic[index];
        }
    }

    public long sequenceOf(int index) {
        synchronized (lock) {
            return sequences[index];
        }
    }

    /** The index of the last snapshot taken at or before {@code nanos}, or -1 when none was. */
    public int snapshotAtOrBefore(long nanos) {
        synchronized (lock) {
            int found = Arrays.binarySearch(times, 0, count, nanos);
            if (found >= 0) {
                while (found + 1 < count && times[found + 1] == nanos) {
                    found++;
                }
                return found;
            }
            return -(found + 1) - 1;
        }
    }

    /** The number of snapshots taken in [from, to]. */
    public int snapshotsIn(long from, long to) {
        synchronized (lock) {
            return Math.max(0, snapshotAtOrBefore(to) - snapshotAtOrBefore(from - 1));
        }
    }

    /** The lanes: ports (named first, then by number), vCPUs, rings, devices. */
    public List<Lane> lanes() {
        synchronized (lock) {
            List<Lane> sorted = new ArrayList<>(lanes.values());
            sorted.sort(Comparator.comparing(Lane::kind).thenComparing(lane -> lane.kind() == Lane.Kind.PORT
                    && !isNamed(lane) ? 1 : 0).thenComparingInt(TimelineModel::number).thenComparing(Lane::key));
            return sorted;
        }
    }

    private boolean isNamed(Lane lane) {
        int port = number(lane);
        return descriptor.ports().stream().anyMatch(p -> p.port() == port);
    }

    /** The number in a lane's key: a port's or a vCPU's. */
    static int number(Lane lane) {
        String key = lane.key();
        int space = key.lastIndexOf(' ');
        try {
            return Integer.parseInt(key.substring(space + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public Optional<Lane> lane(String key) {
        synchronized (lock) {
            return Optional.ofNullable(lanes.get(key));
        }
    }

    public List<Gap> gaps() {
        synchronized (lock) {
            return List.copyOf(gaps);
        }
    }

    /** Every finding's span, the ones still holding last (their end is the newest snapshot). */
    public List<FindingSpan> findings() {
        synchronized (lock) {
            List<FindingSpan> all = new ArrayList<>(closedFindings);
            all.addAll(openFindings.values());
            return all;
        }
    }

    public List<Bookmark> bookmarks() {
        synchronized (lock) {
            return List.copyOf(bookmarks);
        }
    }

    public void addBookmark(long time, String note) {
        synchronized (lock) {
            Bookmark bookmark = new Bookmark(time, note == null ? "" : note);
            bookmarks.add(bookmark);
            bookmarks.sort(Comparator.comparingLong(Bookmark::time));
            if (journal != null) {
                journal.bookmark(bookmark, true);
            }
        }
    }

    public void removeBookmark(Bookmark bookmark) {
        synchronized (lock) {
            if (bookmarks.remove(bookmark) && journal != null) {
                journal.bookmark(bookmark, false);
            }
        }
    }

    /** An estimate of the bytes the model holds (lanes, times, spans), for the benchmark. */
    public long bytes() {
        synchronized (lock) {
            long bytes = times.length * 24L;
            for (Lane lane : lanes.values()) {
                bytes += lane.bytes();
            }
            return bytes + (gaps.size() + closedFindings.size()) * 96L;
        }
    }
}
