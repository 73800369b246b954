package org.xenguest.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.xenguest.cli.Main;
import org.xenguest.testbed.host.HostFiles;

/**
 * What the host benchmarks share: the reference guest generated and built as a domU, and the
 * files of a Xen host of the benchmark's own (its state under the work folder, the user's cache).
 * Run from the repository's root.
 */
final class BenchmarkHost {

    private BenchmarkHost() {
    }

    /** The reference domU's xl.cfg and kernel, built in {@code work} (gen/, build/). */
    record ReferenceGuest(Path cfg, Path kernel) {
    }

    /** Generates examples/refguest-domu.xenguest and builds {@code variant} of releng/refguest. */
    static ReferenceGuest buildReferenceGuest(Path work, String variant) throws IOException, InterruptedException {
        Path gen = work.resolve("gen");
        Path build = work.resolve("build");
        if (Main.run(new PrintWriter(new StringWriter()), new PrintWriter(System.err, true), "generate",
                "examples/refguest-domu.xenguest", "-o", gen.toString()) != 0
                || new ProcessBuilder("make", "-s", "-C", "releng/refguest", "GEN=" + gen.toAbsolutePath(),
                        "VARIANT=" + variant, "BUILD=" + build.toAbsolutePath()).inheritIO().start().waitFor() != 0) {
            throw new IOException("could not build the reference guest (run from the repository's root)");
        }
        return new ReferenceGuest(gen.resolve("xl/refguest.cfg"), build.resolve("refguest.elf"));
    }

    /** A host's files with its state folder {@code state}, packages from the user's cache ($XENGUEST_CACHE). */
    static HostFiles files(Path state) {
        return HostFiles.fromEnvironment(Map.of("XENGUEST_HOST_STATE", state.toString(),
                "XENGUEST_CACHE", System.getenv().getOrDefault("XENGUEST_CACHE",
                        Path.of(System.getProperty("user.home"), ".cache", "xenguest").toString())));
    }
}
