package org.xenguest.debug.core.tests.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.tests.support.ExternalTools;

/** Finds the probe's sources (the top-level probe/ folder) and runs make there; never skips. */
final class ProbeBuild {

    private ProbeBuild() {
    }

    /** probe/ of this checkout: the tests run in plugins/<bundle>, or set -Dxenguest.probe=DIR. */
    static Path probeDir() {
        String configured = System.getProperty("xenguest.probe");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("../../probe"));
        candidates.add(Path.of("../probe"));
        candidates.add(Path.of("probe"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("Makefile")) && Files.isDirectory(candidate.resolve("src"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("the probe's sources (probe/Makefile) are not found from "
                + Path.of("").toAbsolutePath() + "; tried " + candidates + " (set -Dxenguest.probe=DIR)");
    }

    /** Runs make with the arguments in probe/, asserting it succeeded; returns its output. */
    static String make(long timeoutSeconds, String... arguments) throws IOException, InterruptedException {
        Path make = ExternalTools.require("make", "make");
        Path dir = probeDir();
        List<String> command = new ArrayList<>(List.of(make.toString(), "-C", dir.toString()));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile("xenguest-probe-make-", ".log");
        try {
            ExternalTools.Result result = ExternalTools.run(command, log, timeoutSeconds);
            assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed (exit " + result.exitCode()
                    + "):\n" + tail(result.output()));
            return result.output();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Builds build/xenguest-probe-fake with gcc and returns it. */
    static Path fakeProbe() throws IOException, InterruptedException {
        ExternalTools.require("gcc", "gcc");
        make(180, "CC=gcc", "probe-fake");
        Path binary = probeDir().resolve("build/xenguest-probe-fake");
        assertTrue(Files.isExecutable(binary), binary + " was not built");
        return binary;
    }

    static String tail(String output) {
        return output.length() > 6000 ? "...\n" + output.substring(output.length() - 6000) : output;
    }
}
