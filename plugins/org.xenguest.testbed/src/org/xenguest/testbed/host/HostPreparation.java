package org.xenguest.testbed.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fetches the host's Debian packages and builds dom0's initramfs into the cache, once: runs
 * {@code prepare.sh} (a shell script, because its job is apt-get, dpkg-deb and cpio) from this
 * bundle's resources and reads back where Xen, the dom0 kernel and the initramfs are.
 */
public final class HostPreparation {
    /** The files that go into dom0, beside prepare.sh in this bundle. */
    static final List<String> RESOURCES = List.of("prepare.sh", "init", "vif-bridge", "hostd.c");
    private static final long TIMEOUT_MINUTES = 20;   // a 180 MB download on a slow line

    record Prepared(Path xen, Path kernel, Path initramfs, Path busybox) {
    }

    private HostPreparation() {
    }

    /** The probe's sources (probe/FILES), built into dom0 by prepare.sh. */
    public static List<String> probeFiles() throws IOException {
        try (InputStream in = HostPreparation.class.getResourceAsStream("probe/FILES")) {
            if (in == null) {
                throw new IllegalStateException("org.xenguest.testbed lacks its resource probe/FILES");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = HostPreparation.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("org.xenguest.testbed lacks its resource " + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Prepared prepare(HostFiles files, Consumer<String> progress) throws HostException, IOException {
        Path resources = files.cache().resolve("resources");
        Files.createDirectories(resources);
        for (String name : RESOURCES) {
            copyResource(name, resources.resolve(name));
        }
        for (String name : probeFiles()) {
            Path target = resources.resolve("probe").resolve(name);
            Files.createDirectories(target.getParent());
            copyResource("probe/" + name, target);
        }
        Process process = new ProcessBuilder("bash", resources.resolve("prepare.sh").toString(), files.cache().toString(),
                resources.toString()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Map<String, String> values = new HashMap<>();
        StringBuilder lastError = new StringBuilder();
        Thread errors = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    progress.accept(line);
                    lastError.setLength(0);
                    lastError.append(line);
                }
            } catch (IOException e) {
                // the script ended
            }
        }, "xenguest-host-prepare");
        errors.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw HostException.failed("fetching the host's packages took over " + TIMEOUT_MINUTES + " minutes; see "
                        + files.cache().resolve("apt.log"));
            }
            errors.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw HostException.failed("interrupted while fetching the host's packages");
        }
        if (process.exitValue() == 3) {
            throw HostException.missing(lastError.toString().replaceFirst("^host: ", ""));
        }
        if (process.exitValue() != 0 || !values.containsKey("INITRAMFS")) {
            throw HostException.failed("preparing the host failed (exit " + process.exitValue() + "): " + lastError);
        }
        return new Prepared(Path.of(values.get("XEN")), Path.of(values.get("KERNEL")), Path.of(values.get("INITRAMFS")),
                files.cache().resolve("dom0-root/bin/busybox"));
    }
}
