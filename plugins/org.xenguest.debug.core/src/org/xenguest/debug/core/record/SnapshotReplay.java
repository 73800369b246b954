package org.xenguest.debug.core.record;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 * Reads a recording written by {@link SnapshotRecorder} back into snapshots, decoded from the
 * raw regions by the same code as live snapshots, with their original times and sequence.
 */
public final class SnapshotReplay implements Closeable {

    /** The recording's header line. */
    public record Header(int version, String created, String source, long sharedInfoAddress,
            GuestDescriptor descriptor) {
    }

    private final BufferedReader reader;
    private final String name;
    private final Header header;
    private int lineNumber;

    public static SnapshotReplay open(Path file) throws IOException {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot open recording " + file + ": " + e.getMessage(), e);
        }
        try {
            return new SnapshotReplay(reader, file.toString());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
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

    public SnapshotReplay(Reader reader, String name) throws IOException {
        this.reader = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        this.name = name;
        String first = this.reader.readLine();
        lineNumber = 1;
        if (first == null) {
            throw new IOException(name + " is empty: not a snapshot recording");
        }
        JsonObject object = parseLine(first);
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

    public Header header() {
        return header;
    }

    /** The next snapshot, or empty at the end of the file. Blank lines are skipped. */
    public Optional<Snapshot> next() throws IOException {
        String line;
        do {
            line = reader.readLine();
            lineNumber++;
            if (line == null) {
                return Optional.empty();
            }
        } while (line.isBlank());
        JsonObject object = parseLine(line);
        try {
            List<MemoryRegion> regions = new ArrayList<>();
            Base64.Decoder base64 = Base64.getDecoder();
            for (JsonElement element : object.getAsJsonArray("regions")) {
                JsonObject region = element.getAsJsonObject();
                regions.add(new MemoryRegion(text(region, "role"), address(region, "address"),
                        base64.decode(text(region, "base64"))));
            }
            return Optional.of(Snapshot.decode(object.get("sequence").getAsLong(), Instant.parse(text(object, "time")),
                    object.get("monotonic_nanos").getAsLong(), text(object, "source"), header.descriptor(), regions));
        } catch (RuntimeException e) {
            throw new IOException(name + ":" + lineNumber + ": not a snapshot line of a recording: " + e.getMessage(), e);
        }
    }

    private JsonObject parseLine(String line) throws IOException {
        try {
            JsonElement element = JsonParser.parseString(line);
            if (!element.isJsonObject()) {
                throw new IOException(name + ":" + lineNumber + ": expected a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(name + ":" + lineNumber + ": not JSON: " + e.getMessage(), e);
        }
    }

    private String text(JsonObject object, String key) throws IOException {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            throw new IOException(name + ":" + lineNumber + ": missing \"" + key + "\"");
        }
        return value.getAsString();
    }

    private long address(JsonObject object, String key) throws IOException {
        try {
            return Addresses.parse(text(object, key));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(name + ":" + lineNumber + ": \"" + key + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
