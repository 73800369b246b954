package org.xenguest.debug.core.record;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Records snapshots to a JSON-lines file (format version 2): a header line (format, version,
 * source, shared_info address, guest descriptor, how often a keyframe comes), then one line per
 * snapshot with its sequence, times and the raw bytes read, each region whole, unchanged, or as
 * the chunks that changed ({@link RegionDelta}); every {@link #KEYFRAME_EVERY}th line holds every
 * region whole, so that a reader can start there. A failed read is a {@code gap} line: a replay
 * then shows "unknown", never "no change". Findings are not stored: a replay judges again.
 *
 * <p>Each line is flushed as written, so a crash loses at most the line being written; a
 * {@code FILE.index} beside it lists each keyframe's sequence, time and byte offset for seeking
 * ({@link RecordingIndex}). Version 1 (a whole-page line per snapshot) is still read.
 */
public final class SnapshotRecorder implements Closeable {

    public static final String FORMAT = "xenguest-snapshot-recording";
    public static final int VERSION = 2;
    /** 10 s at the views' 20 Hz: a seek decodes at most this many lines. */
    public static final int KEYFRAME_EVERY = 200;

    private final Writer writer;
    private final CountingStream bytes;
    private final RecordingIndex.Writer index;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private Map<String, MemoryRegion> previous = Map.of();
    private int lines;
    private long snapshots;
    private boolean inGap;

    /** Starts a recording file (replacing one of the same name) and writes its header. */
    public static SnapshotRecorder create(Path file, String source, long sharedInfoAddress, GuestDescriptor descriptor)
            throws IOException {
        SnapshotRecorder recorder = open(file);
        recorder.writeHeader(source, sharedInfoAddress, descriptor);
        return recorder;
    }

    /**
     * Opens a recording file (replacing one of the same name) whose header is written with the
     * first snapshot, from what that snapshot tells (its source, shared_info, descriptor): for a
     * live session, which learns where shared_info is only once the guest has mapped it.
     */
    public static SnapshotRecorder open(Path file) throws IOException {
        try {
            CountingStream out = new CountingStream(Files.newOutputStream(file));
            return new SnapshotRecorder(out, RecordingIndex.Writer.create(RecordingIndex.fileFor(file)));
        } catch (IOException e) {
            throw new IOException("cannot create recording " + file + ": " + e.getMessage(), e);
        }
    }

    /** A recording written to a stream, with no index (tests, pipes). */
    public SnapshotRecorder(OutputStream out, String source, long sharedInfoAddress, GuestDescriptor descriptor)
            throws IOException {
        this(new CountingStream(out), null);
        writeHeader(source, sharedInfoAddress, descriptor);
    }

    private SnapshotRecorder(CountingStream out, RecordingIndex.Writer index) {
        this.bytes = out;
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.index = index;
    }

    private void writeHeader(String source, long sharedInfoAddress, GuestDescriptor descriptor) throws IOException {
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("version", VERSION);
        header.addProperty("created", Instant.now().toString());
        header.addProperty("source", source);
        header.addProperty("shared_info", Addresses.format(sharedInfoAddress));
        header.addProperty("keyframe_every", KEYFRAME_EVERY);
        header.add("descriptor", GuestDescriptorJson.toJson(descriptor == null ? GuestDescriptor.empty() : descriptor));
        writeLine(header);
    }

    /** Appends one snapshot (its findings and diff are the replay's to compute again). */
    public void record(Snapshot snapshot, List<Finding> findings, SnapshotDiff diff) throws IOException {
        if (lines == 0) {
            writeHeader(snapshot.source(), snapshot.sharedInfoAddress(), snapshot.descriptor());
        }
        boolean keyframe = snapshots % KEYFRAME_EVERY == 0 || inGap;
        JsonObject line = new JsonObject();
        line.addProperty("sequence", snapshot.sequence());
        line.addProperty("time", snapshot.takenAt().toString());
        line.addProperty("monotonic_nanos", snapshot.monotonicNanos());
        line.addProperty("source", snapshot.source());
        if (keyframe) {
            line.addProperty("keyframe", true);
        }
        JsonArray regions = new JsonArray();
        for (MemoryRegion region : snapshot.regions()) {
            regions.add(RegionDelta.encode(region, keyframe ? null : previous.get(region.role())));
        }
        line.add("regions", regions);
        if (keyframe && index != null) {
            index.add(snapshot.sequence(), snapshot.takenAt(), bytes.count());   // every line is flushed: the count is exact
        }
        writeLine(line);
        previous = RegionDelta.byRole(snapshot.regions());
        snapshots++;
        inGap = false;
    }

    /**
     * Notes that a read failed: the time until the next snapshot is unknown. One line per run
     * of failures; the snapshot after it is a keyframe.
     */
    public void gap(Instant when, String reason) throws IOException {
        if (inGap || lines == 0) {
            inGap = lines > 0;
            return;
        }
        JsonObject gap = new JsonObject();
        gap.addProperty("time", when.toString());
        gap.addProperty("reason", reason == null ? "read failed" : reason);
        JsonObject line = new JsonObject();
        line.add("gap", gap);
        writeLine(line);
        inGap = true;
    }

    /** Snapshot lines written so far. */
    public int snapshotsWritten() {
        return (int) snapshots;
    }

    private void writeLine(JsonObject object) throws IOException {
        writer.write(gson.toJson(object));
        writer.write('\n');
        writer.flush();
        lines++;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            if (index != null) {
                index.close();
            }
        }
    }

    /** Counts the bytes written, for the index's offsets. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
