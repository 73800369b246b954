package org.xenguest.debug.core.record;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads a recording written by {@link SnapshotRecorder} (version 1 or 2) back into snapshots,
 * decoded from the raw regions by the same code as live snapshots, with their original times
 * and sequence. Gap lines are collected ({@link #gaps()}); a last line cut by a crash ends the
 * recording ({@link #cutShort()}) instead of failing it. With {@link #open(Path, Instant)} the
 * reading starts at the last keyframe before a time ({@link RecordingIndex}).
 */
public final class SnapshotReplay implements Closeable {

    /** The recording's header line. */
    public record Header(int version, String created, String source, long sharedInfoAddress,
            GuestDescriptor descriptor) {
    }

    /** A time the recorder could not read the guest. */
    public record Gap(Instant time, String reason) {
    }

    private final LineReader reader;
    private final String name;
    private final Header header;
    private final List<Gap> gaps = new ArrayList<>();
    private Map<String, MemoryRegion> previous = new HashMap<>();
    private int lineNumber;
    private boolean lineNumbersKnown = true;
    private boolean cutShort;

    public static SnapshotReplay open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a recording; with {@code from}, reading starts at the last keyframe at or before it
     * (snapshots before {@code from} may still come: the caller skips them).
     */
    public static SnapshotReplay open(Path file, Instant from) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new IOException("cannot open recording " + file + ": " + e.getMessage(), e);
        }
        try {
            SnapshotReplay replay = new SnapshotReplay(reader(channel), file.toString());
            if (from != null && replay.header.version() >= 2) {
                Optional<RecordingIndex.Entry> keyframe = RecordingIndex.read(file).atOrBefore(from);
                if (keyframe.isPresent()) {
                    channel.position(keyframe.get().offset());
                    return replay.restartAt(reader(channel));
                }
            }
            return replay;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Reader reader(FileChannel channel) {
        return new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8);
    }

    /** Every snapshot of a recording file. */
    public static List<Snapshot> readAll(Path file) throws IOException {
        try (SnapshotReplay replay = open(file)) {
            List<Snapshot> snapshots = new ArrayList<>();
            for (Optional<Snapshot> next = replay.next(); next.isPresent(); next = replay.next()) {
                snapshots.add(next.get());
            }
            return snapshots;
        }
    }

    public SnapshotReplay(Reader in, String name) throws IOException {
        this(new LineReader(in), name);
    }

    private SnapshotReplay(LineReader reader, String name) throws IOException {
        this.reader = reader;
        this.name = name;
        LineReader.Line first = reader.next();
        lineNumber = 1;
        if (first == null) {
            throw new IOException(name + " is empty: not a snapshot recording");
        }
        JsonObject object = parseLine(first.text());
        JsonElement format = object.get("format");
        if (format == null || !format.isJsonPrimitive() || !SnapshotRecorder.FORMAT.equals(format.getAsString())) {
            throw new IOException(name + ":1: not a snapshot recording (its first line has no \"format\": \""
                    + SnapshotRecorder.FORMAT + "\")");
        }
        int version = object.get("version").getAsInt();
        if (version > SnapshotRecorder.VERSION) {
            throw new IOException(name + ":1: recording format version " + version + " is newer than this reader ("
                    + SnapshotRecorder.VERSION + "): update xenguest");
        }
        GuestDescriptor descriptor;
        try {
            descriptor = object.has("descriptor") && object.get("descriptor").isJsonObject()
                    ? GuestDescriptorJson.parse(object.get("descriptor").toString())
                    : GuestDescriptor.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ":1: the guest descriptor in the header is invalid: " + e.getMessage(), e);
        }
        this.header = new Header(version, text(object, "created"), text(object, "source"),
                address(object, "shared_info"), descriptor);
    }

    /**
     * The same replay reading from another position (a keyframe); line numbers are then unknown.
     * The old reader is dropped, not closed: closing it would close the shared channel.
     */
    private SnapshotReplay restartAt(Reader in) {
        SnapshotReplay moved = new SnapshotReplay(new LineReader(in), name, header);
        moved.lineNumbersKnown = false;
        return moved;
    }

    private SnapshotReplay(LineReader reader, String name, Header header) {
        this.reader = reader;
        this.name = name;
        this.header = header;
    }

    public Header header() {
        return header;
    }

    /** The gap lines read so far. */
    public List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    /** True when the last line was cut short (a crash while it was written) and left out. */
    public boolean cutShort() {
        return cutShort;
    }

    /** The next snapshot, or empty at the end of the file. Blank lines are skipped. */
    public Optional<Snapshot> next() throws IOException {
        while (true) {
            LineReader.Line line = reader.next();
            lineNumber++;
            if (line == null) {
                return Optional.empty();
            }
            if (line.text().isBlank()) {
                continue;
            }
            JsonObject object;
            try {
                object = parseLine(line.text());
            } catch (IOException e) {
                if (!line.complete()) {
                    cutShort = true;   // the writer always ends a line: this one was cut by a crash
                    return Optional.empty();
                }
                throw e;
            }
            if (object.has("gap")) {
                JsonObject gap = object.getAsJsonObject("gap");
                gaps.add(new Gap(Instant.parse(text(gap, "time")), gap.has("reason") ? gap.get("reason").getAsString() : ""));
                previous = new HashMap<>();
                continue;
            }
            return Optional.of(snapshot(object));
        }
    }

    private Snapshot snapshot(JsonObject object) throws IOException {
        try {
            List<MemoryRegion> regions = new ArrayList<>();
            Base64.Decoder base64 = Base64.getDecoder();
            for (JsonElement element : object.getAsJsonArray("regions")) {
                JsonObject region = element.getAsJsonObject();
                String role = text(region, "role");
                byte[] bytes = header.version() >= 2 ? RegionDelta.decode(region, previous.get(role))
                        : base64.decode(text(region, "base64"));
                regions.add(new MemoryRegion(role, address(region, "address"), bytes));
            }
            previous = RegionDelta.byRole(regions);
            return Snapshot.decode(object.get("sequence").getAsLong(), Instant.parse(text(object, "time")),
                    object.get("monotonic_nanos").getAsLong(), text(object, "source"), header.descriptor(), regions);
        } catch (RuntimeException e) {
            throw new IOException(where() + ": not a snapshot line of a recording: " + e.getMessage(), e);
        }
    }

    private String where() {
        return lineNumbersKnown ? name + ":" + lineNumber : name + " (after a seek)";
    }

    private JsonObject parseLine(String line) throws IOException {
        try {
            JsonElement element = JsonParser.parseString(line);
            if (!element.isJsonObject()) {
                throw new IOException(where() + ": expected a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(where() + ": not JSON: " + e.getMessage(), e);
        }
    }

    private String text(JsonObject object, String key) throws IOException {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            throw new IOException(where() + ": missing \"" + key + "\"");
        }
        return value.getAsString();
    }

    private long address(JsonObject object, String key) throws IOException {
        try {
            return Addresses.parse(text(object, key));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(where() + ": \"" + key + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
