package org.xenguest.debug.core.timeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Optional;

import org.xenguest.debug.core.findings.FindingCode;

/**
 * A recording's time line as its changes, in {@code FILE.timeline} beside it, written as the
 * session steps (every line flushed with its snapshot, like the recording): opening a recording
 * then reads a few hundred thousand short lines instead of decoding every snapshot and judging
 * it again. Tab-separated lines after the header {@code xenguest-timeline 2}:
 * <pre>
 * L id KIND key label        a lane (ids in order from 0)
 * S nanos sequence monotonic a snapshot (its monotonic time: the statistics' intervals)
 * C id nanos state           a lane's new state (LaneStates)
 * G from to reason           a gap
 * O key CODE from message    a finding raised (held since from)
 * F key to                   that finding cleared
 * B nanos note / R nanos note  a bookmark added / removed
 * </pre>
 * Like the index it is a help, never the truth: one that is missing, torn, or does not end with
 * the recording's last snapshot, or is of version 1 (no monotonic times), is ignored, and the recording is read whole (and the file made
 * again).
 */
public final class TimelineJournal {

    static final String HEADER = "xenguest-timeline\t2";

    private final BufferedWriter out;
    private boolean failed;

    private TimelineJournal(BufferedWriter out) {
        this.out = out;
    }

    public static Path fileFor(Path recording) {
        return recording.resolveSibling(recording.getFileName() + ".timeline");
    }

    static TimelineJournal create(Path file) throws IOException {
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        TimelineJournal journal = new TimelineJournal(writer);
        journal.line(HEADER);
        return journal;
    }

    /** Appends to an existing file (bookmarks made while a recording is looked at). */
    static TimelineJournal append(Path file) throws IOException {
        return new TimelineJournal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    void dump(TimelineModel model, Collection<Lane> lanes, long[] times, long[] sequences, long[] monotonic,
            Collection<TimelineModel.Gap> gaps, Collection<TimelineModel.FindingSpan> closed,
            Collection<TimelineModel.FindingSpan> open, Collection<TimelineModel.Bookmark> bookmarks) {
        for (Lane lane : lanes) {
            lane(lane);
        }
        for (int i = 0; i < times.length; i++) {
            snapshot(times[i], sequences[i], monotonic[i]);
        }
        for (Lane lane : lanes) {
            for (int i = 0; i < lane.changes(); i++) {
                write("C\t" + lane.id() + "\t" + lane.timeOf(i) + "\t" + lane.stateOf(i));
            }
        }
        gaps.forEach(this::gap);
        for (TimelineModel.FindingSpan span : closed) {
            findingOpened(span);
            findingClosed(span.key(), span.to());
        }
        open.forEach(this::findingOpened);
        bookmarks.forEach(b -> bookmark(b, true));
        flush();
    }

    void lane(Lane lane) {
        write("L\t" + lane.id() + "\t" + lane.kind() + "\t" + clean(lane.key()) + "\t" + clean(lane.label()));
    }

    void snapshot(long nanos, long sequence, long monotonicNanos) {
        write("S\t" + nanos + "\t" + sequence + "\t" + monotonicNanos);
    }

    /** The snapshot's lines are all written: flushed, as its recording line is. */
    void endSnapshot() {
        flush();
    }

    void change(Lane lane, long nanos, int state) {
        write("C\t" + lane.id() + "\t" + nanos + "\t" + state);
    }

    void gap(TimelineModel.Gap gap) {
        write("G\t" + gap.from() + "\t" + gap.to() + "\t" + clean(gap.reason()));
    }

    void findingOpened(TimelineModel.FindingSpan span) {
        write("O\t" + clean(span.key()) + "\t" + span.code().name() + "\t" + span.from() + "\t" + clean(span.message()));
    }

    void findingClosed(String key, long to) {
        write("F\t" + clean(key) + "\t" + to);
    }

    void bookmark(TimelineModel.Bookmark bookmark, boolean added) {
        write((added ? "B\t" : "R\t") + bookmark.time() + "\t" + clean(bookmark.note()));
        flush();
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private void line(String text) throws IOException {
        out.write(text);
        out.write('\n');
    }

    /** A journal that cannot be written stops quietly: the recording is the truth, this only a help. */
    private void write(String text) {
        if (failed) {
            return;
        }
        try {
            line(text);
        } catch (IOException e) {
            failed = true;
        }
    }

    private void flush() {
        if (failed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failed = true;
        }
    }

    void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the lines written so far are flushed
        }
    }

    /**
     * The model in {@code recording}'s timeline file, if there is one that ends with the recording's
     * last snapshot (sequence {@code lastSequence}); empty otherwise.
     */
    static Optional<TimelineModel> read(Path recording, long lastSequence) {
        Path file = fileFor(recording);
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        TimelineModel model = new TimelineModel();
        long lastRead = Long.MIN_VALUE;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!HEADER.equals(in.readLine())) {
                return Optional.empty();
            }
            Lane[] byId = new Lane[64];
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "S" -> {
                        lastRead = Long.parseLong(f[2]);
                        model.restoreSnapshot(Long.parseLong(f[1]), lastRead, Long.parseLong(f[3]));
                    }
                    case "C" -> byId[Integer.parseInt(f[1])].set(Long.parseLong(f[2]), Integer.parseInt(f[3]));
                    case "L" -> {
                        int id = Integer.parseInt(f[1]);
                        if (id >= byId.length) {
                            byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
                        }
                        byId[id] = model.restoreLane(id, Lane.Kind.valueOf(f[2]), f[3], f[4]);
                    }
                    case "G" -> model.restoreGap(new TimelineModel.Gap(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
                    case "O" -> model.restoreFindingOpened(new TimelineModel.FindingSpan(FindingCode.valueOf(f[2]), f[1],
                            f[4], Long.parseLong(f[3]), Long.parseLong(f[3]), true));
                    case "F" -> model.restoreFindingClosed(f[1], Long.parseLong(f[2]));
                    case "B", "R" -> model.restoreBookmark(new TimelineModel.Bookmark(Long.parseLong(f[1]), f[2]),
                            f[0].equals("B"));
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // torn by a crash, or not ours: read the recording itself
        }
        if (lastRead != lastSequence) {
            return Optional.empty();   // stale or behind the recording
        }
        model.restoreDone();
        return Optional.of(model);
    }

    /**
     * The sequence of the recording's last complete snapshot line, read from its end; empty when
     * it has none.
     */
    static Optional<Long> lastSequence(Path recording) throws IOException {
        String marker = "\n{\"sequence\":";
        try (RandomAccessFile file = new RandomAccessFile(recording.toFile(), "r")) {
            long length = file.length();
            for (long window = 1 << 16; ; window *= 4) {
                long start = Math.max(0, length - window);
                byte[] tail = new byte[(int) (length - start)];
                file.seek(start);
                file.readFully(tail);
                String text = new String(tail, StandardCharsets.ISO_8859_1);   // the marker and digits are ASCII
                int end = text.lastIndexOf('\n');   // a last line without its newline was cut by a crash
                int at = end <= 0 ? -1 : text.lastIndexOf(marker, end - 1);
                if (at >= 0) {
                    int digits = at + marker.length();
                    int stop = digits;
                    while (stop < end && Character.isDigit(text.charAt(stop))) {
                        stop++;
                    }
                    return stop > digits ? Optional.of(Long.parseLong(text.substring(digits, stop))) : Optional.empty();
                }
                if (start == 0) {
                    return Optional.empty();
                }
            }
        }
    }
}
