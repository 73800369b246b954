package org.xenguest.testbed.host;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running host leaves in its state folder for the next {@code xenguest host} command:
 * QEMU's pid, the loopback port forwarded to dom0's agent, and when QEMU started.
 */
public record HostState(long qemuPid, int agentPort, long startedMillis) {

    public static Optional<HostState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new HostState(Long.parseLong(p.getProperty("qemu_pid")),
                    Integer.parseInt(p.getProperty("agent_port")),
                    Long.parseLong(p.getProperty("started_millis"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // a torn or foreign file: no host of ours
        }
    }

    /** Written atomically: a reader sees the old file or the new one. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("qemu_pid", Long.toString(qemuPid));
        p.setProperty("agent_port", Integer.toString(agentPort));
        p.setProperty("started_millis", Long.toString(startedMillis));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            p.store(out, "xenguest host: the running host (removed by xenguest host stop)");
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
