package org.xenguest.debug.core.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Where sessions record when nobody named a file: one folder, a file per session named after
 * the guest and the time it started ({@code refguest-20261208-004512.jsonl}), so that a hang
 * caught once can be looked at again. Studio's preference and {@code xenguest watch --record}
 * (without a file) use it.
 */
public final class RecordingFolder {

    /** A system property that overrides the default folder (tests, a packaged product). */
    public static final String PROPERTY = "xenguest.recordings";
    /** The environment variable that overrides the default folder. */
    public static final String ENVIRONMENT = "XENGUEST_RECORDINGS";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RecordingFolder() {
    }

    /**
     * The default folder: the {@value #PROPERTY} property, else {@value #ENVIRONMENT}, else
     * {@code $XDG_DATA_HOME/xenguest/recordings} ({@code ~/.local/share/xenguest/recordings}).
     */
    public static Path defaultFolder() {
        return defaultFolder(System.getProperty(PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultFolder(String property, Map<String, String> environment, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String variable = environment.get(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        String data = environment.get("XDG_DATA_HOME");
        Path base = data != null && !data.isBlank() ? Path.of(data) : Path.of(home, ".local", "share");
        return base.resolve("xenguest").resolve("recordings");
    }

    /**
     * A new recording file in {@code folder} (created if missing) for a session named
     * {@code name} started at {@code start}; never an existing file.
     *
     * @throws IOException when the folder cannot be created, with the folder named
     */
    public static Path newFile(Path folder, String name, Instant start) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the recordings folder " + folder + ": " + e.getMessage(), e);
        }
        String base = safe(name) + "-" + STAMP.format(start);
        Path file = folder.resolve(base + ".jsonl");
        for (int n = 2; Files.exists(file); n++) {
            file = folder.resolve(base + "-" + n + ".jsonl");
        }
        return file;
    }

    /** The name with anything but letters, digits, dot, dash and underscore made a dash. */
    static String safe(String name) {
        String cleaned = (name == null ? "" : name).replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return cleaned.isEmpty() ? "session" : cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
    }
}
