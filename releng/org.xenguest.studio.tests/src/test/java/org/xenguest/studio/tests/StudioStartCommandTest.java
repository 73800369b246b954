package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's start command, {@code ./studio.sh start}, starts the built Studio. */
class StudioStartCommandTest {

    @Test
    void startCommandStartsTheStudio(@TempDir Path workspace) {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isBlank(),
                "no DISPLAY: run the README's test command (it uses xvfb-run)");
        List<String> command = List.of("bash", "studio.sh", "start", "-console", "-consoleLog");
        try (Processes.Running studio = Processes.start(Installation.repositoryRoot(),
                Map.of("XENGUEST_WORKSPACE", workspace.toString()), command)) {
            studio.awaitOutput("g! ", Duration.ofMinutes(3));
            studio.send("getprop eclipse.product");
            studio.send("getprop osgi.instance.area");
            studio.send("echo end-of-props");
            String output = studio.awaitOutput("end-of-props\n", Duration.ofSeconds(60));
            assertTrue(output.contains("eclipse.product=org.xenguest.studio.product"), output);
            assertTrue(output.contains("osgi.instance.area=file:" + workspace), "the workspace is XENGUEST_WORKSPACE:\n" + output);
            studio.send("close");
        }
    }
}
