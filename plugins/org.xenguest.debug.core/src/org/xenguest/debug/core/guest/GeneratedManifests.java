package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonParser;

/**
 * Finds the manifest the editor's builder generated for a {@code .xenguest} model, by its
 * {@code "model_file"} member, without depending on the language's bundles (design.md: the
 * debugger does not touch org.xenguest.dsl*).
 */
public final class GeneratedManifests {

    private GeneratedManifests() {
    }

    /** True when {@code json} is a generated manifest (it has a {@code "xenguest"} object). */
    /**
     * {@code OUTPUT/manifest/*.json} of the model's project whose {@code model_file} is the
     * model's file name.
     *
     * @throws IllegalArgumentException saying to save the model when there is none
     */
    public static Path forModel(Path model, String outputFolder) {
        Path project = projectOf(model.toAbsolutePath());
        Path folder = project.resolve(outputFolder).resolve("manifest");
        String fileName = model.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                        .filter(f -> generatedFrom(f, fileName)).forEach(found::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("Guest model " + model + ": cannot list " + folder + ": "
                        + e.getMessage());
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("Guest model " + fileName + ": no generated manifest in " + folder
                    + ": save the model so the builder generates its manifest");
        }
        return found.get(0);
    }

    private static boolean generatedFrom(Path manifest, String modelFileName) {
        try {
            return modelFileName.equals(GuestManifest.modelFile(JsonParser.parseString(Files.readString(manifest))));
        } catch (IOException | RuntimeException e) {
            return false; // not ours: the builder writes only valid JSON
        }
    }

    /** The nearest folder up from the model that holds a {@code .project}, else the model's folder. */
    private static Path projectOf(Path model) {
        for (Path dir = model.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".project"))) {
                return dir;
            }
        }
        return model.getParent();
    }
}
