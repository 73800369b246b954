package org.xenguest.testbed.refguest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The reference guest's sources (releng/refguest) and model (examples/refguest.xenguest), packed
 * into this bundle by its build, so that {@code xenguest demo} works from the plain jar as from
 * the Studio. {@code refguest/FILES} lists them (a test keeps it equal to the folder).
 */
public final class RefguestSources {
    static final String ROOT = "/org/xenguest/testbed/refguest/";

    private RefguestSources() {
    }

    /** The names in refguest/FILES. */
    public static List<String> files() throws IOException {
        return read("refguest/FILES").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    /** The model of the reference guest as a PVH domU with a netfront (examples/refguest-domu.xenguest). */
    public static final String DOMU_MODEL = "refguest-domu.xenguest";

    /**
     * Writes the sources into {@code dir} and the domU model to {@code dir/refguest-domu.xenguest}
     * (the guest of {@code xenguest demo --host}); returns the model.
     */
    public static Path extractDomu(Path dir) throws IOException {
        extract(dir);
        Path model = dir.resolve(DOMU_MODEL);
        copy(DOMU_MODEL, model);
        return model;
    }

    /** Writes the sources into {@code dir} and the model to {@code dir/refguest.xenguest}; returns the model. */
    public static Path extract(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : files()) {
            copy("refguest/" + name, dir.resolve(name));
        }
        dir.resolve("fetch.sh").toFile().setExecutable(true);
        Path model = dir.resolve("refguest.xenguest");
        copy("refguest.xenguest", model);
        return model;
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = open(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = RefguestSources.class.getResourceAsStream(ROOT + resource);
        if (in == null) {
            throw new IOException("the reference guest's " + resource + " is not packed into this xenguest build"
                    + " (rebuild: ./mvnw -B -DskipTests -pl plugins/org.xenguest.testbed verify)");
        }
        return in;
    }
}
