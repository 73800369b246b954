package org.xenguest.tests.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the external programs the real-peer tests need, and runs them with a bound. */
public final class ExternalTools {

    private ExternalTools() {
    }

    /**
     * The program on the PATH; fails the test (never skips) naming the Debian package to install.
     */
    public static Path require(String program, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail(program + " is not on the PATH: install the Debian package " + debianPackage
                + " (apt-get update && apt-get install -y " + debianPackage + ")");
    }

    /** What a finished program printed. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code command}, waiting at most {@code timeoutSeconds}; a program still running then is killed. */
    public static Result run(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(command.get(0) + " did not finish within " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            stop(process);
        }
    }

    /** Ends a process: politely, then by force, each step bounded. */
    public static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
