package org.xenguest.debug.core.record;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.format.SnapshotJson;
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
 * Records snapshots to a JSON-lines file: a header line (format, version, source, shared_info
 * address, guest descriptor), then one line per snapshot: the snapshot's JSON (as
 * {@code watch --json} prints it) plus {@code regions}, the raw bytes read (base64), from which
 * {@link SnapshotReplay} decodes the snapshot again exactly. Each line is flushed as written,
 * so a recording cut short by a crash is readable up to its last line.
 */
public final class SnapshotRecorder implements Closeable {

    public static final String FORMAT = "xenguest-snapshot-recording";
    public static final int VERSION = 1;

    private final Writer writer;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private int lines;

    /** Starts a recording file (replacing one of the same name) and writes its header. */
    public static SnapshotRecorder create(Path file, String source, long sharedInfoAddress, GuestDescriptor descriptor)
            throws IOException {
        SnapshotRecorder recorder = open(file);
        recorder.writeHeader(source, sharedInfoAddress, descriptor);
        return recorder;
    }

    public SnapshotRecorder(Writer writer, String source, long sharedInfoAddress, GuestDescriptor descriptor)
            throws IOException {
        this(writer);
        writeHeader(source, sharedInfoAddress, descriptor);
    }

    /**
     * Opens a recording file (replacing one of the same name) whose header is written with the
     * first snapshot, from what that snapshot tells (its source, shared_info, descriptor): for a
     * live session, which learns where shared_info is only once the guest has mapped it.
     */
    public static SnapshotRecorder open(Path file) throws IOException {
        try {
            return new SnapshotRecorder(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("cannot create recording " + file + ": " + e.getMessage(), e);
        }
    }

    private SnapshotRecorder(Writer writer) {
        this.writer = writer instanceof BufferedWriter ? writer : new BufferedWriter(writer);
    }

    private void writeHeader(String source, long sharedInfoAddress, GuestDescriptor descriptor) throws IOException {
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("version", VERSION);
        header.addProperty("created", Instant.now().toString());
        header.addProperty("source", source);
        header.addProperty("shared_info", Addresses.format(sharedInfoAddress));
        header.add("descriptor", GuestDescriptorJson.toJson(descriptor == null ? GuestDescriptor.empty() : descriptor));
        writeLine(header);
    }

    /** Appends one snapshot with its findings and (optional) diff. */
    public void record(Snapshot snapshot, List<Finding> findings, SnapshotDiff diff) throws IOException {
        if (lines == 0) {
            writeHeader(snapshot.source(), snapshot.sharedInfoAddress(), snapshot.descriptor());
        }
        JsonObject line = SnapshotJson.toJson(snapshot, findings, diff);
        JsonArray regions = new JsonArray();
        Base64.Encoder base64 = Base64.getEncoder();
        for (MemoryRegion region : snapshot.regions()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("role", region.role());
            entry.addProperty("address", Addresses.format(region.address()));
            entry.addProperty("base64", base64.encodeToString(region.bytes()));
            regions.add(entry);
        }
        line.add("regions", regions);
        writeLine(line);
    }

    /** Snapshot lines written so far. */
    public int snapshotsWritten() {
        return Math.max(0, lines - 1);
    }

    private void writeLine(JsonObject object) throws IOException {
        writer.write(gson.toJson(object));
        writer.write('\n');
        writer.flush();
        lines++;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
