package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The C that {@code xenguest generate} makes, linked with the reference guest's boot code and
 * booted as the PVH dom0 of Debian's real Xen 4.17 in QEMU: the rules of correct event handling
 * hold on real Xen (an event pending at bind is delivered on unmask, a masked send is held and
 * delivered once, a timed block wakes on VIRQ_TIMER), the grant table fails fast when it runs
 * dry, and the generated GDB stub answers on COM2 while the guest blocks.
 */
class GeneratedGuestOnXenTest {

    private static final Path MODEL = Path.of("plugins/org.xenguest.dsl.tests/harness/xen/rg.xenguest");

    @ParameterizedTest(name = "built with {0}")
    @ValueSource(strings = { "gcc", "clang" })
    void generatedCodeRunsOnXen(String compiler, @TempDir Path temp) throws java.io.IOException {
        Path root = Installation.repositoryRoot();
        Path generated = temp.resolve("generated");
        Processes.Result generate = Processes.run(root, Map.of(), Duration.ofMinutes(2),
                List.of("bash", "xenguest", "generate", MODEL.toString(), "-o", generated.toString()));
        assertEquals(0, generate.exitCode(), generate.output());

        ensureXenImage(root, temp);
        Path build = Files.createDirectories(temp.resolve("build"));
        Processes.Result boot = Processes.run(root, Map.of("OUT", build.toString()),
                Duration.ofMinutes(6),
                List.of("bash", "plugins/org.xenguest.dsl.tests/harness/xen/run.sh", generated.toString(), compiler));
        String console = boot.output();
        assertEquals(0, boot.exitCode(), "the generated guest did not finish on Xen:\n" + console);
        for (String expected : List.of(
                "rule 5 + rule 1: b=3 pending at bind, delivered on unmask: yes",
                "masked send held, unmask delivered once",
                "block(20 ms) returned after",
                "granted 504 of 504 free entries before XG_ENOSPC",
                "unexpected 0",
                "qSupported -> b'+$PacketSize=",
                "m magic -> b'+$58474449",
                "refguest: done")) {
            assertTrue(console.contains(expected), "missing '" + expected + "' in:\n" + console);
        }
    }

    /** The Xen image comes from Debian's package; the reference guest's script fetches it once. */
    private static void ensureXenImage(Path root, Path temp) {
        String cache = System.getenv().getOrDefault("XENGUEST_CACHE",
                System.getProperty("user.home") + "/.cache/xenguest");
        if (Files.isRegularFile(Path.of(cache, "xen-4.17-amd64.elf"))) {
            return;
        }
        Processes.Result fetch = Processes.run(root, Map.of("XENGUEST_RUN_DIR", temp.resolve("fetch").toString()),
                Duration.ofMinutes(6), List.of("bash", "releng/refguest/boot-on-xen.sh", "--timeout", "180"));
        assertEquals(0, fetch.exitCode(), "fetching Xen 4.17 (apt-get download) failed:\n" + fetch.output());
    }
}
