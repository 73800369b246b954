package org.xenguest.testbed.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * dom0's initramfs for one start: the cached one followed by a small archive with this host's
 * secret ({@code /etc/xenguest/secret}); Linux unpacks concatenated newc archives in turn. The
 * secret so never appears on a command line. Written with dom0's own busybox {@code cpio}.
 */
final class Initramfs {
    private Initramfs() {
    }

    static void withSecret(Path cached, Path busybox, String secret, Path target) throws IOException, HostException {
        Path work = Files.createTempDirectory(target.getParent(), "secret");
        try {
            Path etc = Files.createDirectories(work.resolve("etc/xenguest"));
            Files.writeString(Files.createFile(etc.resolve("secret"), OwnerOnly.FILE), secret + "\n", StandardCharsets.US_ASCII);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try (OutputStream out = Files.newOutputStream(Files.createFile(tmp, OwnerOnly.FILE))) {
                Files.copy(cached, out);
                Process cpio = new ProcessBuilder(busybox.toString(), "cpio", "-o", "-H", "newc").directory(work.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try (OutputStream names = cpio.getOutputStream()) {
                    names.write("etc\netc/xenguest\netc/xenguest/secret\n".getBytes(StandardCharsets.US_ASCII));
                }
                try (InputStream archive = cpio.getInputStream()) {
                    archive.transferTo(out);
                }
                if (!cpio.waitFor(30, TimeUnit.SECONDS) || cpio.exitValue() != 0) {
                    throw HostException.failed("busybox cpio could not write dom0's secret archive");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw HostException.failed("interrupted while writing dom0's initramfs");
            }
            XenHost.replace(tmp, target);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
