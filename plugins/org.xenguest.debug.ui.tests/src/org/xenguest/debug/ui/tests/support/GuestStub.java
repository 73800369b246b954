package org.xenguest.debug.ui.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspPackets;

/**
 * A small GDB remote stub for the view tests: serves one guest page (shared_info) at a fixed
 * address over {@code m} packets on 127.0.0.1, with the page changeable at any time and a switch
 * that makes it stop answering (a stalled channel). One client at a time, like QEMU.
 */
public final class GuestStub implements AutoCloseable {

    private final long pageAddress;
    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile byte[] page;
    private final java.util.Map<Long, byte[]> regions = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> queries = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stalled;
    private volatile boolean closed;

    /** Listens on a port the system picks. */
    public GuestStub(long pageAddress, byte[] page) throws IOException {
        this(pageAddress, page, 0);
    }

    /** Listens on {@code port} (0: any), e.g. to appear where a session already waits. */
    public GuestStub(long pageAddress, byte[] page, int port) throws IOException {
        this.pageAddress = pageAddress;
        this.page = page.clone();
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::acceptLoop, "guest-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** Replaces the page (what the next reads see). */
    public void page(byte[] bytes) {
        page = bytes.clone();
    }

    /** Serves {@code bytes} at {@code address} too (grant frames, ring pages); replaces what was there. */
    public void region(long address, byte[] bytes) {
        regions.put(address, bytes.clone());
    }

    /** Answers the packet {@code query} (e.g. {@code qXenguest.DebugInfo}) with {@code reply}, as a generated stub does. */
    public void query(String query, String reply) {
        queries.put(query, reply);
    }

    /** While true, packets are read but not answered. */
    public void stall(boolean on) {
        stalled = on;
    }

    private void acceptLoop() {
        while (!closed) {
            try (Socket client = server.accept()) {
                client.setTcpNoDelay(true); // else Nagle and delayed ACKs add 40 ms to a reply
                clients.add(client);
                serve(client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream());
        while (!closed) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            if (b != '$') {
                continue; // acks, interrupts
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (int c = in.read(); c != '#'; c = in.read()) {
                if (c < 0) {
                    return;
                }
                data.write(c);
            }
            in.read();
            in.read();
            out.write('+');
            if (stalled) {
                out.flush();
                continue;
            }
            out.write(RspPackets.frame(answer(data.toString(StandardCharsets.ISO_8859_1))));
            out.flush();
        }
    }

    private String answer(String packet) {
        String custom = queries.get(packet);
        if (custom != null) {
            return custom;
        }
        if (packet.startsWith("qSupported")) {
            return "PacketSize=4000";
        }
        if (packet.equals("?")) {
            return "S05";
        }
        if (packet.startsWith("m")) {
            String[] parts = packet.substring(1).split(",");
            long address = Long.parseUnsignedLong(parts[0], 16);
            int length = Integer.parseInt(parts[1], 16);
            byte[] bytes = page;
            long base = pageAddress;
            for (var region : regions.entrySet()) {
                if (address >= region.getKey() && address < region.getKey() + region.getValue().length) {
                    bytes = region.getValue();
                    base = region.getKey();
                }
            }
            long offset = address - base;
            if (offset < 0 || offset + length > bytes.length) {
                return "E14";
            }
            byte[] slice = new byte[length];
            System.arraycopy(bytes, (int) offset, slice, 0, length);
            return RspPackets.toHex(slice);
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
