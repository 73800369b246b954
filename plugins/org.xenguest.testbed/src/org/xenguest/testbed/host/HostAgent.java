package org.xenguest.testbed.host;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The client of {@code xenguest-hostd}, the agent in dom0 (its protocol is described in
 * {@code hostd.c}): runs one command in dom0 as root per connection, over the loopback port QEMU
 * forwards, after proving it knows the host's secret.
 */
public final class HostAgent {
    /** The agent's port inside dom0 (QEMU forwards a loopback port of this machine to it). */
    public static final int PORT_IN_DOM0 = 7000;
    private static final int MAX_FRAME = 1 << 20;

    private final int port;
    private final String secret;

    public HostAgent(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    /**
     * What a client sends first on a new connection to this agent to be relayed to the unix
     * socket {@code path} in dom0; from then on the connection carries that socket's bytes.
     */
    public byte[] relayPreamble(String path) {
        return ("XGHOSTD1 " + secret + "\nrelay " + path + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs argv in dom0 and collects its output; a command still running after the timeout is ended. */
    public Result run(Duration timeout, byte[] stdin, String... argv) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = stream(List.of(argv), stdin, out, err, timeout);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public Result run(Duration timeout, String... argv) throws IOException {
        return run(timeout, new byte[0], argv);
    }

    /**
     * Runs argv in dom0, copying its stdout and stderr as they come (for {@code console --follow}).
     *
     * @param timeout how long the command may run, or null for as long as it runs
     * @return its exit code
     * @throws IOException when the agent cannot be reached, or the timeout passed (the command is
     *         then ended: closing the connection ends it in dom0)
     */
    public int stream(List<String> argv, byte[] stdin, OutputStream out, OutputStream err, Duration timeout)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            socket.setSoTimeout(timeout == null ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            OutputStream request = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(("XGHOSTD1 " + secret + "\nexec " + argv.size() + " " + stdin.length + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (String arg : argv) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                head.writeBytes((bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
                head.writeBytes(bytes);
            }
            request.write(head.toByteArray());
            request.write(stdin);
            request.flush();
            DataInputStream reply = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("dom0 command " + argv.get(0) + " still running after " + timeout);
                }
                String frame = readLine(reply);
                if (frame == null) {
                    throw new EOFException("the host agent closed the connection (wrong secret, or dom0 went away)");
                }
                String[] parts = frame.split(" ", 2);
                if (parts.length != 2) {
                    throw new IOException("the host agent sent a malformed frame: " + frame);
                }
                if (parts[0].equals("x")) {
                    return Integer.parseInt(parts[1].trim());
                }
                int length = Integer.parseInt(parts[1].trim());
                if (length < 0 || length > MAX_FRAME) {
                    throw new IOException("the host agent sent a frame of " + length + " bytes");
                }
                byte[] data = new byte[length];
                reply.readFully(data);
                (parts[0].equals("e") ? err : out).write(data);
                (parts[0].equals("e") ? err : out).flush();
            }
        } catch (NumberFormatException e) {
            throw new IOException("the host agent sent a malformed frame (" + e.getMessage() + ")", e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (line.length() > 64) {
                throw new IOException("the host agent sent an overlong frame header");
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
