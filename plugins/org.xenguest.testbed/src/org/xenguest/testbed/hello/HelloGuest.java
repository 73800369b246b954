package org.xenguest.testbed.hello;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The smallest PVH domU (hello.S, a dozen instructions): it writes "hello from a PVH domU" to
 * port 0xE9 and sleeps. What the host's own tests and benchmark create when they need a guest
 * and not the generated code.
 */
public final class HelloGuest {
    /** The line it writes (Xen's {@code xl dmesg} shows it as {@code (dN) ...}). */
    public static final String GREETING = "hello from a PVH domU";
    private static final List<String> FILES = List.of("hello.S", "hello.ld", "hello.cfg");

    private HelloGuest() {
    }

    /**
     * Assembles and links it into {@code dir} with binutils ({@code as}, {@code ld}).
     *
     * @return {@code dir/hello.cfg}, whose {@code kernel=} names {@code dir/hello}
     */
    public static Path build(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : FILES) {
            try (InputStream in = HelloGuest.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("org.xenguest.testbed lacks its resource hello/" + name);
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        run(dir, "as", "--32", "-o", "hello.o", "hello.S");
        run(dir, "ld", "-m", "elf_i386", "-T", "hello.ld", "-z", "noexecstack", "-o", "hello", "hello.o");
        return dir.resolve("hello.cfg");
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is not installed: run sudo apt-get install -y binutils", e);
        }
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }
}
