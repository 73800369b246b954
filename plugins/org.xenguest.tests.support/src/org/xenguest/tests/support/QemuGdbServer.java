package org.xenguest.tests.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.xenguest.debug.core.rsp.HostPort;

/**
 * QEMU (TCG, stopped at reset with -S) with a crafted page loaded at a known physical address
 * and its gdbstub on a free loopback port: a real RSP peer no one here wrote. With paging off
 * at reset, the addresses of {@code m} packets are physical addresses.
 */
public final class QemuGdbServer implements AutoCloseable {

    /** Where the page is loaded (1 MiB, above the real-mode BIOS area). */
    public static final long PAGE_ADDRESS = 0x100000;

    private final Process process;
    private final HostPort address;
    private final Path log;

    private QemuGdbServer(Process process, HostPort address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts QEMU with {@code page} at {@link #PAGE_ADDRESS}; waits (bounded) until its gdbstub listens. */
    public static QemuGdbServer start(byte[] page, Path dir) throws IOException, InterruptedException {
        Path qemu = ExternalTools.require("qemu-system-x86_64", "qemu-system-x86");
        Path pageFile = dir.resolve("shared-info-page.bin");
        Files.write(pageFile, page);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("qemu.log");
        List<String> command = List.of(qemu.toString(), "-accel", "tcg", "-S", "-display", "none", "-nodefaults",
                "-m", "64M", "-monitor", "none", "-serial", "none",
                "-gdb", "tcp:127.0.0.1:" + port,
                "-device", "loader,file=" + pageFile + ",addr=0x" + Long.toHexString(PAGE_ADDRESS) + ",force-raw=on");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        QemuGdbServer server = new QemuGdbServer(process, new HostPort("127.0.0.1", port), log);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            if (!process.isAlive()) {
                String output = Files.readString(log, StandardCharsets.UTF_8);
                server.close();
                fail("QEMU exited (" + process.exitValue() + ") before its gdbstub listened: " + output + "\ncommand: "
                        + String.join(" ", command));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    server.close();
                    fail("QEMU's gdbstub did not listen on port " + port + " within 20 s; log: "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
        }
    }

    public HostPort address() {
        return address;
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Stops QEMU (bounded); an interrupt is passed on, QEMU is then killed by force. */
    @Override
    public void close() {
        try {
            ExternalTools.stop(process);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
