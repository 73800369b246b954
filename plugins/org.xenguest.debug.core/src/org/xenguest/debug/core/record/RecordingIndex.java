package org.xenguest.debug.core.record;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keyframes of a version-2 recording, in {@code FILE.index} beside it: one line each,
 * {@code SEQUENCE TIME BYTE-OFFSET}, written as the keyframes are. A reader seeks to the last
 * keyframe at or before a time and decodes from there. The index is a help, never the truth: a
 * missing, torn or stale index only makes a seek read from the start.
 */
public final class RecordingIndex {

    /** One keyframe. */
    public record Entry(long sequence, Instant time, long offset) {
    }

    private final List<Entry> entries;

    private RecordingIndex(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Path fileFor(Path recording) {
        return recording.resolveSibling(recording.getFileName() + ".index");
    }

    /** The index of {@code recording}, or an empty one when there is none or it cannot be read. */
    public static RecordingIndex read(Path recording) {
        Path file = fileFor(recording);
        List<Entry> entries = new ArrayList<>();
        if (Files.isReadable(file)) {
            try {
                long size = Files.size(recording);
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] f = line.trim().split(" ");
                    if (f.length != 3) {
                        break;   // torn by a crash: what came before still holds
                    }
                    Entry entry = new Entry(Long.parseLong(f[0]), Instant.parse(f[1]), Long.parseLong(f[2]));
                    if (entry.offset() >= size || (!entries.isEmpty() && entry.offset() <= entries.get(entries.size() - 1).offset())) {
                        break;   // stale (the recording was replaced) or out of order
                    }
                    entries.add(entry);
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: seek from the start
            }
        }
        return new RecordingIndex(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The last keyframe taken at or before {@code time}. */
    public Optional<Entry> atOrBefore(Instant time) {
        Entry found = null;
        for (Entry entry : entries) {   // a few hundred an hour: no need for a binary search
            if (entry.time().isAfter(time)) {
                break;
            }
            found = entry;
        }
        return Optional.ofNullable(found);
    }

    /** Appends keyframes as they are written, each line flushed. */
    static final class Writer implements Closeable {
        private final BufferedWriter out;

        private Writer(BufferedWriter out) {
            this.out = out;
        }

        static Writer create(Path file) throws IOException {
            return new Writer(Files.newBufferedWriter(file, StandardCharsets.US_ASCII));
        }

        void add(long sequence, Instant time, long offset) throws IOException {
            out.write(sequence + " " + time + " " + offset + "\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
