package org.xenguest.testbed.refguest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes the reference guest: fetches Xen, its headers and QEMU when missing (fetch.sh), then
 * builds the kernel with make from the code that {@code xenguest generate} wrote for the model.
 */
public final class RefguestBuild {

    /** Something the demo needs is missing and cannot be had here; the message says how to get it. */
    public static final class Missing extends Exception {
        private static final long serialVersionUID = 1L;

        public Missing(String message) {
            super(message);
        }
    }

    /** What fetch.sh found. */
    public record Tools(Path xenImage, Path xenInclude, Path qemu) {
    }

    private RefguestBuild() {
    }

    /** Runs fetch.sh from {@code sources}; its progress lines go to {@code log}. */
    public static Tools fetch(Path sources, java.io.PrintWriter log) throws IOException, Missing {
        Result r = run(sources, List.of("bash", sources.resolve("fetch.sh").toString()), 900);
        for (String line : r.stderr.lines().toList()) {
            log.println("xenguest demo: " + line);
        }
        log.flush();
        if (r.exit == 3) {
            throw new Missing(r.stderr.strip());
        }
        if (r.exit != 0) {
            throw new IOException("fetch.sh failed (exit " + r.exit + "): " + r.stderr.strip());
        }
        Map<String, String> found = new HashMap<>();
        for (String line : r.stdout.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                found.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Tools(Path.of(found.get("XEN_IMAGE")), Path.of(found.get("XEN_INCLUDE")), Path.of(found.get("QEMU")));
    }

    /**
     * Builds build/refguest.elf under {@code sources} from the generated code in {@code generated}.
     *
     * @throws IOException with make's last lines when it fails
     */
    public static Path make(Path sources, Path generated, String variant, String cc, Tools tools)
            throws IOException {
        Path build = sources.resolve("build").resolve(cc + "-" + variant);
        Result r = run(sources, List.of("make", "-s", "-C", sources.toString(), "GEN=" + generated, "VARIANT=" + variant,
                "CC=" + cc, "BUILD=" + build, "XEN_INCLUDE=" + tools.xenInclude()), 300);
        if (r.exit != 0) {
            List<String> lines = (r.stdout + r.stderr).lines().toList();
            throw new IOException("building the reference guest failed (make exit " + r.exit + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        return build.resolve("refguest.elf");
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(Path dir, List<String> command, int timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("xenguest-demo", ".out");
        Path err = Files.createTempFile("xenguest-demo", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
