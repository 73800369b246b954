package org.xenguest.testbed.host;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** QEMU for the Xen host: where it is, and the machine of notes/xen-host.md started detached. */
final class Qemu {
    private static final String BINARY = "qemu-system-x86_64";

    private Qemu() {
    }

    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, BINARY);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A TCP port free on the loopback interface now. */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts the host's QEMU in the background ({@code -daemonize}: it outlives this JVM and is in
     * a session of its own) and returns its pid. Only loopback ports are forwarded into dom0.
     */
    static long startDetached(Path qemu, HostPreparation.Prepared prepared, HostFiles files, int memoryMiB, int agentPort)
            throws IOException, HostException {
        // One loopback port into dom0, the agent's: every other channel (the probe) is relayed by it.
        String forwards = "hostfwd=tcp:127.0.0.1:" + agentPort + "-:" + HostAgent.PORT_IN_DOM0;
        List<String> command = List.of(qemu.toString(), "-nodefaults", "-accel", "tcg", "-machine", "q35",
                "-cpu", "qemu64,+svm,+npt", "-m", Integer.toString(memoryMiB), "-smp", "2", "-display", "none",
                "-no-reboot", "-monitor", "none", "-device", "intel-iommu,intremap=on",
                "-chardev", "socket,id=s0,path=" + files.consoleSocket() + ",server=on,wait=off,logfile="
                        + files.consoleLog(),
                "-serial", "chardev:s0",
                "-netdev", "user,id=n0,restrict=off," + forwards, "-device", "e1000,netdev=n0,romfile=",
                "-kernel", prepared.xen().toString(),
                "-append", "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all conring_size=1M"
                        + " console_timestamps=boot dom0_mem=384M,max:384M dom0_max_vcpus=1 noreboot",
                "-initrd", prepared.kernel() + " console=hvc0 loglevel=4," + files.initramfs(),
                "-daemonize", "-pidfile", files.qemuPidFile().toString());
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(files.qemuLog().toFile()).redirectErrorStream(true).start();
        try {
            // With -daemonize the first process returns once the machine is set up.
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw HostException.failed("QEMU did not start within 60 s (see " + files.qemuLog() + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw HostException.failed("interrupted while QEMU started");
        }
        String log = Files.exists(files.qemuLog()) ? Files.readString(files.qemuLog(), StandardCharsets.UTF_8).strip() : "";
        if (process.exitValue() != 0 || !Files.exists(files.qemuPidFile())) {
            throw HostException.failed("QEMU did not start (exit " + process.exitValue() + "): " + log);
        }
        return Long.parseLong(Files.readString(files.qemuPidFile(), StandardCharsets.US_ASCII).strip());
    }
}
