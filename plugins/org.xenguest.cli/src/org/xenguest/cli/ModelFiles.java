package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.dsl.check.ModelChecker;

/** Reads and checks the model files a command was given; unreadable ones are reported, not thrown. */
final class ModelFiles {

    /** The checked files in command-line order; {@code unreadable} when any could not be read (a usage error). */
    record Checked(List<ModelChecker.Result> results, boolean unreadable) {}

    private ModelFiles() {}

    static Checked check(List<Path> files, PrintWriter err) {
        ModelChecker checker = new ModelChecker();
        List<ModelChecker.Result> results = new ArrayList<>();
        boolean unreadable = false;
        for (Path file : files) {
            try {
                if (Files.isDirectory(file)) {
                    throw new IOException("is a directory; name the .xenguest files in it");
                }
                results.add(checker.check(file));
            } catch (NoSuchFileException e) {
                err.println("xenguest: cannot read " + file + ": no such file (check the path)");
                unreadable = true;
            } catch (IOException | SecurityException e) {
                err.println("xenguest: cannot read " + file + ": " + e.getMessage());
                unreadable = true;
            }
        }
        return new Checked(List.copyOf(results), unreadable);
    }
}
