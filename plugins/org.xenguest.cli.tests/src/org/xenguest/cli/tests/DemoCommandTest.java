package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.cli.Main;
import org.xenguest.testbed.refguest.RefguestSources;

/** What of `xenguest demo` runs without Xen (the boots are in releng's DemoOnXenTest). */
class DemoCommandTest {

    private static Path refguestFolder() {
        String examples = System.getProperty("xenguest.examples");
        assertTrue(examples != null, "system property xenguest.examples is not set: run through Maven");
        return Path.of(examples).resolveSibling("releng/refguest");
    }

    @Test
    void theBundlePacksEveryFileOfTheReferenceGuest() throws Exception {
        Set<String> inFolder;
        try (var files = Files.list(refguestFolder())) {
            inFolder = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("README.md") && !n.equals("FILES") && !n.startsWith("."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(inFolder, new TreeSet<>(RefguestSources.files()),
                "releng/refguest/FILES must list the reference guest's sources (xenguest demo builds from them)");
    }

    @Test
    void extractedSourcesAreTheFolderAndTheModelIsTheExample(@TempDir Path dir) throws Exception {
        Path model = RefguestSources.extract(dir);
        for (String name : RefguestSources.files()) {
            assertEquals(Files.readString(refguestFolder().resolve(name)), Files.readString(dir.resolve(name)), name);
        }
        assertEquals(Files.readString(refguestFolder().resolveSibling("../examples/refguest.xenguest").normalize()),
                Files.readString(model));
        assertTrue(Files.isExecutable(dir.resolve("fetch.sh")));
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhat() {
        for (List<String> args : List.of(List.of("--variant", "fast"), List.of("--for", "0"), List.of("--hz", "500"),
                List.of("--cc", "tcc"), List.of("--guest-arg", "rm -rf"), List.of("--serve", "80"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] argv = java.util.stream.Stream.concat(java.util.stream.Stream.of("demo"), args.stream())
                    .toArray(String[]::new);
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), argv);
            assertEquals(Main.EXIT_USAGE, code, args + ": " + err);
            assertTrue(err.toString().startsWith("xenguest demo: " + args.get(0)), args + ": " + err);
        }
    }
}
