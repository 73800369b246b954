package org.xenguest.testbed.refguest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Xen 4.17 booted by QEMU (TCG, no KVM needed) with a kernel as its PVH dom0, as
 * notes/xen-facts.md describes: COM1 (Xen's and the guest's console) to a file, COM2 (the
 * guest's debug stub) as a TCP server on a loopback port. Closing it stops QEMU, and so does the
 * JVM's exit (Ctrl-C included).
 */
public final class XenInQemu implements AutoCloseable {
    private final Process process;
    private final Thread stopOnExit;
    private final long startNanos;

    private XenInQemu(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
        this.stopOnExit = new Thread(this::stop, "xenguest-demo-stop-qemu");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** A TCP port free on the loopback interface now. */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts QEMU.
     *
     * @param guestArgs the guest's command line (Xen hands dom0 the module string minus its first word)
     */
    public static XenInQemu start(Path qemu, Path xenImage, Path kernel, String guestArgs, Path consoleLog,
            int stubPort, Path qemuErrors) throws IOException {
        List<String> command = List.of(qemu.toString(), "-accel", "tcg", "-machine", "q35", "-cpu", "qemu64,+svm,+npt",
                "-m", "256M", "-smp", "1", "-display", "none", "-no-reboot", "-monitor", "none", "-nodefaults",
                "-device", "intel-iommu,intremap=on",
                "-serial", "file:" + consoleLog,
                "-serial", "tcp:127.0.0.1:" + stubPort + ",server=on,wait=off,nodelay=on",
                "-kernel", xenImage.toString(),
                "-append", "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all dom0=pvh dom0_mem=64M",
                "-initrd", kernel + (guestArgs.isBlank() ? "" : " " + guestArgs.strip()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(qemuErrors.toFile());
        long start = System.nanoTime();
        return new XenInQemu(builder.start(), start);
    }

    /** When QEMU was started (System.nanoTime). */
    public long startNanos() {
        return startNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** QEMU's exit status, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops QEMU (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }
}
