package org.xenguest.debug.core.tests.probe;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.tests.support.ExternalTools;

/**
 * The real probe program built over its FAKE Xen host ({@code make probe-fake}; probe/src/probe_fake.h
 * describes the scripted host), running on loopback: the real framing, server and queries, but
 * the domains, memory and Xen's answers are a script, not a Xen host.
 */
final class FakeProbe implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final HostPort address;

    private FakeProbe(Process process, Path stdout, Path stderr, HostPort address) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.address = address;
    }

    static FakeProbe start() throws IOException, InterruptedException {
        Path binary = ProbeBuild.fakeProbe();
        Path out = Files.createTempFile("xenguest-probe-fake-", ".out");
        Path err = Files.createTempFile("xenguest-probe-fake-", ".err");
        Process process = new ProcessBuilder(binary.toString(), "--listen", "127.0.0.1:0").redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                return new FakeProbe(process, out, err, new HostPort("127.0.0.1", Integer.parseInt(m.group(1))));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        ExternalTools.stop(process);
        return fail("the fake probe did not start listening within 10 s; its stderr:\n"
                + Files.readString(err, StandardCharsets.UTF_8));
    }

    HostPort address() {
        return address;
    }

    String log() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        ExternalTools.stop(process);
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
