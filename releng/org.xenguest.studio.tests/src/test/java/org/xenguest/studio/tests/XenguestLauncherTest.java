package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code xenguest} script at the repository root, run as a user runs it. */
class XenguestLauncherTest {

    private static final Duration LIMIT = Duration.ofMinutes(1);

    private static Processes.Result xenguest(Path script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return Processes.run(script.getParent(), Map.of(), LIMIT, command);
    }

    private static Path script() {
        return Installation.repositoryRoot().resolve("xenguest");
    }

    @Test
    void versionRunsTheBuiltTool() {
        Processes.Result result = xenguest(script(), "--version");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("xenguest 0.1.0"), result.output());
    }

    @Test
    void abiPrintsTheLayoutTable() {
        Processes.Result result = xenguest(script(), "abi");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("shared_info.evtchn_pending"), result.output());
    }

    @Test
    void unknownArgumentsPrintUsageAndExit2() {
        Processes.Result result = xenguest(script(), "--no-such-option");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("Usage: xenguest"), result.output());
    }

    @Test
    void aMissingBuildPrintsTheCommandThatBuildsIt(@TempDir Path clone) throws IOException {
        Path copy = Files.copy(script(), clone.resolve("xenguest"));
        Processes.Result result = xenguest(copy, "--version");
        assertEquals(3, result.exitCode(), result.output());
        assertTrue(result.output().contains("./mvnw -B -DskipTests -pl releng/org.xenguest.cli.app -am package"),
                result.output());
    }
}
