package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's Help > Install New Software does, done by Eclipse's own p2 director: install the
 * feature from the built update site into a stock Eclipse platform that does not have it, then
 * start that Eclipse and check in its OSGi console that every Studio bundle resolves and starts.
 */
class InstallFromUpdateSiteTest {

    private static final List<String> FEATURES = List.of("org.xenguest.feature.feature.group",
            "org.xenguest.debug.feature.feature.group");
    private static final Duration DIRECTOR_LIMIT = Duration.ofMinutes(5);
    /** The prompt of Equinox's console (Felix Gogo). */
    private static final String CONSOLE_PROMPT = "g! ";

    @Test
    void featureInstallsWithTheP2DirectorAndItsBundlesStart(@TempDir Path temp) throws IOException {
        Path eclipse = temp.resolve("eclipse");
        Installation.copyTree(Installation.product("org.xenguest.platform.product", "eclipse-platform"), eclipse);
        Path site = Installation.property("xenguest.updatesite");
        assertTrue(Files.isRegularFile(site.resolve("content.jar")) || Files.isRegularFile(site.resolve("content.xml.xz")),
                "no p2 repository at " + site + ": build updatesite/ first");
        assertFalse(bundlesInfo(eclipse).contains("org.xenguest."), "the stock Eclipse must not have Studio yet");

        Processes.Result install = director(eclipse, temp, "-repository", site.toUri().toString(), "-installIU", String.join(",", FEATURES));
        assertEquals(0, install.exitCode(), "p2 director install failed:\n" + install.output());
        assertTrue(install.output().contains("Operation completed"), install.output());

        Processes.Result roots = director(eclipse, temp, "-listInstalledRoots");
        for (String feature : FEATURES) {
            assertTrue(roots.output().contains(feature), "installed roots do not list " + feature + ":\n" + roots.output());
        }

        List<String> ours = bundlesInfo(eclipse).lines()
                .filter(line -> line.startsWith("org.xenguest."))
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
        assertEquals(List.of("org.xenguest.abi", "org.xenguest.debug.core", "org.xenguest.debug.ui", "org.xenguest.dsl",
                "org.xenguest.dsl.ide", "org.xenguest.dsl.ui", "org.xenguest.testbed"),
                ours.stream().sorted().toList(), "Studio bundles in bundles.info (the test bed: the probe launch reaches xenguest host)");

        // Start the installed Eclipse with its OSGi console (no application: nothing else runs).
        List<String> command = Installation.eclipseCommand(eclipse,
                List.of("-Declipse.ignoreApp=true", "-Dosgi.noShutdown=true"),
                "-nosplash", "-console", "-consoleLog", "-data", temp.resolve("workspace").toString());
        try (Processes.Running running = Processes.start(eclipse, Map.of(), command)) {
            running.awaitOutput(CONSOLE_PROMPT, Duration.ofMinutes(2));
            for (String bundle : ours) {
                String[] idAndState = state(running, bundle);
                // RESOLVED, or STARTING for a bundle waiting for lazy activation: not INSTALLED (unresolved).
                assertTrue(List.of("RESOLVED", "STARTING").contains(idAndState[1]),
                        "bundle " + bundle + " did not resolve: " + idAndState[1]);
                running.send("start " + idAndState[0]);
                assertEquals("ACTIVE", state(running, bundle)[1], "bundle " + bundle + " did not start:\n" + running.output());
            }
            running.send("close");
        }
    }

    /** Asks the console for one bundle's id and state ({@code ss NAME} prints "ID STATE NAME_VERSION"). */
    private static String[] state(Processes.Running running, String bundle) {
        String marker = "state-of-" + bundle + "-" + System.nanoTime();
        running.send("echo begin-" + marker);
        running.send("ss " + bundle);
        running.send("echo end-" + marker);
        String output = running.awaitOutput("end-" + marker + "\n", Duration.ofSeconds(60));
        String answer = output.substring(output.lastIndexOf("begin-" + marker + "\n"));
        Matcher matcher = Pattern.compile("(?m)^(\\d+)\\s+(\\w+)\\s+" + Pattern.quote(bundle) + "_").matcher(answer);
        assertTrue(matcher.find(), "the console does not list " + bundle + ":\n" + answer);
        return new String[] { matcher.group(1), matcher.group(2) };
    }

    private static Processes.Result director(Path eclipse, Path temp, String... arguments) {
        List<String> programArgs = new java.util.ArrayList<>(List.of("-nosplash", "-consoleLog",
                "-application", "org.eclipse.equinox.p2.director", "-data", temp.resolve("director-workspace").toString()));
        programArgs.addAll(List.of(arguments));
        return Processes.run(eclipse, Map.of(), DIRECTOR_LIMIT,
                Installation.eclipseCommand(eclipse, List.of(), programArgs.toArray(String[]::new)));
    }

    private static String bundlesInfo(Path eclipse) throws IOException {
        return Files.readString(eclipse.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"));
    }
}
