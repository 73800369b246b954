package org.xenguest.debug.core.tests.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.xenguest.debug.core.rsp.HostPort;

/**
 * A loopback relay between a client and the fake probe that writes down every packet the client
 * sends, and on request hides {@code qXenguest.Snapshot=...} in the probe's qSupported reply, so
 * that the client meets what is, as far as it can tell, a probe from before the vectored query.
 */
final class ProbeTap implements AutoCloseable {

    private final ServerSocket server;
    private final HostPort probe;
    private final boolean hideSnapshot;
    private final List<String> packets = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    private ProbeTap(HostPort probe, boolean hideSnapshot) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.probe = probe;
        this.hideSnapshot = hideSnapshot;
        Thread accept = new Thread(this::acceptLoop, "probe tap");
        accept.setDaemon(true);
        accept.start();
    }

    /** A tap in front of {@code probe}; {@code hideSnapshot} makes it look like an older probe. */
    static ProbeTap in(HostPort probe, boolean hideSnapshot) throws IOException {
        return new ProbeTap(probe, hideSnapshot);
    }

    HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** Every packet's data the clients sent so far, in order. */
    List<String> packets() {
        synchronized (packets) {
            return List.copyOf(packets);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(probe.host(), probe.port());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), true);
                pump(upstream.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean fromClient) {
        Thread t = new Thread(() -> {
            try (in; out) {
                ByteArrayOutputStream packet = null;
                int trailer = 0;
                int b;
                while ((b = in.read()) >= 0) {
                    if (packet == null) {
                        if (b == '$') {
                            packet = new ByteArrayOutputStream();
                        } else {
                            out.write(b);
                            if (in.available() == 0) {
                                out.flush();
                            }
                        }
                        continue;
                    }
                    if (trailer > 0 || b == '#') {
                        if (++trailer == 3) {
                            forward(packet.toString(StandardCharsets.ISO_8859_1), out, fromClient);
                            packet = null;
                            trailer = 0;
                        }
                        continue;
                    }
                    packet.write(b);
                }
            } catch (IOException e) {
                // a side closed: the other follows
            }
        }, "probe tap pump");
        t.setDaemon(true);
        t.start();
    }

    private void forward(String data, OutputStream out, boolean fromClient) throws IOException {
        if (fromClient) {
            packets.add(data);
        } else if (hideSnapshot && data.contains("PacketSize=")) {
            data = data.replaceAll(";qXenguest\\.Snapshot=[0-9a-f]+", "");
        }
        int sum = 0;
        for (byte c : data.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += c & 0xff;
        }
        out.write(String.format("$%s#%02x", data, sum & 0xff).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
