package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put what these tests exercise, and how to start an Eclipse installation. */
final class Installation {

    private Installation() {}

    static Path property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null, "system property " + name + " is not set: run these tests through Maven");
        return Path.of(value);
    }

    static Path repositoryRoot() {
        return property("xenguest.root");
    }

    static Path output() {
        return property("xenguest.output");
    }

    /** A materialized product folder (target/products/ID/linux/gtk/x86_64/ROOT). */
    static Path product(String id, String rootFolder) {
        Path dir = property("xenguest.products").resolve(id).resolve("linux/gtk/x86_64").resolve(rootFolder);
        assertTrue(Files.isDirectory(dir.resolve("plugins")),
                "product " + id + " is not materialized at " + dir + ": build releng/org.xenguest.studio.product first");
        return dir;
    }

    static Path launcherJar(Path installation) {
        try (Stream<Path> plugins = Files.list(installation.resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no equinox launcher jar in " + installation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that starts an installation as its users do: the launcher jar, no native launcher. */
    static List<String> eclipseCommand(Path installation, List<String> vmArgs, String... programArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(vmArgs);
        command.add("-jar");
        command.add(launcherJar(installation).toString());
        command.addAll(List.of(programArgs));
        return command;
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            fail("copying " + from + " to " + to + ": " + e);
        }
    }
}
