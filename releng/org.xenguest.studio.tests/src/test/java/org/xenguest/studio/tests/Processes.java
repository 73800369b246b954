package org.xenguest.studio.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a child process with a hard time limit and captures its merged output. */
final class Processes {

    record Result(int exitCode, String output) {}

    private Processes() {}

    static Result run(Path directory, Map<String, String> environment, Duration limit, List<String> command) {
        Running running = start(directory, environment, command);
        try {
            if (!running.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                running.process().destroyForcibly();
                throw new AssertionError("timed out after " + limit + ": " + command + "\n" + running.output());
            }
            running.pump().join(5_000);
            return new Result(running.process().exitValue(), running.output());
        } catch (InterruptedException e) {
            running.process().destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    /** A started process whose output is collected in the background; read it at any time. */
    record Running(Process process, Thread pump, ByteArrayOutputStream buffer) implements AutoCloseable {

        String output() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }

        void send(String line) {
            try {
                OutputStream in = process.getOutputStream();
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new AssertionError("cannot write to the process (it has ended?): " + output(), e);
            }
        }

        /** Waits until the output contains the text, or fails with what was seen. */
        String awaitOutput(String text, Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                String seen = output();
                if (seen.contains(text)) {
                    return seen;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("process ended (exit " + process.exitValue() + ") before printing '"
                            + text + "':\n" + seen);
                }
                sleep(200);
            }
            throw new AssertionError("no '" + text + "' within " + limit + ":\n" + output());
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Running start(Path directory, Map<String, String> environment, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> copy(process.getInputStream(), buffer), "output of " + command.get(0));
            pump.setDaemon(true);
            pump.start();
            return new Running(process, pump, buffer);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream buffer) {
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0;) {
                synchronized (buffer) {
                    buffer.write(chunk, 0, n);
                }
            }
        } catch (IOException e) {
            // The process ended; what it printed is kept.
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
