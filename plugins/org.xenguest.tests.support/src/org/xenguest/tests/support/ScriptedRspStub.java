package org.xenguest.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspPackets;

/**
 * A tiny GDB remote stub for tests: listens on 127.0.0.1 (port chosen by the system, or given),
 * serves scripted memory, answers custom queries (e.g. {@code qXenguest.DebugInfo}, as a
 * generated stub does), stalls, and misbehaves on request. One client at a time; each accepted connection is
 * served until it closes, then the next is accepted, so reconnects can be tested.
 *
 * <p>Faults apply to replies to memory reads ({@code m}/{@code x}), one fault per reply, in the
 * order queued, so the handshake stays intact.
 */
public final class ScriptedRspStub implements AutoCloseable {

    /** How to spoil one memory-read reply. */
    public enum Fault {
        /** Send the reply with a wrong checksum (a correct one follows a '-'). */
        CORRUPT_CHECKSUM,
        /** Send the reply with a wrong checksum, and the same again on every '-'. */
        CORRUPT_CHECKSUM_ALWAYS,
        /** Send no reply at all. */
        STALL,
        /** Send half the reply, then close the connection. */
        DISCONNECT_MID_PACKET,
        /** Send half the reply, then a complete new packet ('$' inside the first). */
        TRUNCATED_THEN_NEW_PACKET,
        /** Send a packet far longer than any reply can be, without end. */
        OVERSIZED,
        /** Send the reply one byte at a time, {@link #dripDelayMillis} apart. */
        SLOW_DRIP,
        /** Send junk bytes and never a packet. */
        GARBAGE_FOREVER,
        /** Send some junk bytes, then the correct reply. */
        GARBAGE_THEN_REPLY,
        /** A well-framed, well-checksummed reply that is not hex. */
        NOT_HEX,
        /** A correct reply holding more bytes than asked. */
        TOO_LONG,
        /** Answer after {@link #lateDelayMillis} (after the client gave up). */
        LATE,
        /** Reset the connection (close at once) instead of answering. */
        RESET;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final InMemoryGuestMemory memory;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> packets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger naksReceived = new AtomicInteger();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile String features = "PacketSize=1000";
    private volatile boolean runLengthEncode;
    private volatile int maxBytesPerReply = Integer.MAX_VALUE;
    private volatile boolean ackRepliesFirst = true;
    public volatile int dripDelayMillis = 5;
    public volatile int lateDelayMillis = 1500;
    private volatile boolean closed;
    private final Map<String, String> queries = new ConcurrentHashMap<>();
    private volatile boolean stalled;
    private volatile long pageAddress;
    /** The last reply sent, re-sent on '-' (one client at a time, so one field serves). */
    private volatile byte[] lastReply;

    public ScriptedRspStub(InMemoryGuestMemory memory) throws IOException {
        this(memory, 0);
    }

    /** Listens on {@code port} (0: any), e.g. to appear where a session already waits. */
    public ScriptedRspStub(InMemoryGuestMemory memory, int port) throws IOException {
        this.memory = memory;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
        this.acceptor = new Thread(this::acceptLoop, "scripted-rsp-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A stub serving one page (shared_info) at {@code address}, with a 4000-byte packet size as QEMU's. */
    public static ScriptedRspStub serving(long address, byte[] page) throws IOException {
        return serving(address, page, 0);
    }

    public static ScriptedRspStub serving(long address, byte[] page, int port) throws IOException {
        ScriptedRspStub stub = new ScriptedRspStub(new InMemoryGuestMemory().put(address, page), port);
        stub.pageAddress = address;
        return stub.features("PacketSize=4000");
    }

    /** Replaces the page given to {@link #serving} (what the next reads see). */
    public void page(byte[] bytes) {
        memory.put(pageAddress, bytes);
    }

    /** Serves {@code bytes} at {@code address} too (grant frames, ring pages); replaces what was there. */
    public void region(long address, byte[] bytes) {
        memory.put(address, bytes);
    }

    /** The memory served, to change while a client reads. */
    public InMemoryGuestMemory memory() {
        return memory;
    }

    /** Answers the packet {@code query} (e.g. {@code qXenguest.DebugInfo}) with {@code reply}. */
    public ScriptedRspStub query(String query, String reply) {
        queries.put(query, reply);
        return this;
    }

    /** While true, packets are acknowledged but not answered (a stalled channel). */
    public void stall(boolean on) {
        stalled = on;
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** The qSupported reply, e.g. {@code PacketSize=200;QStartNoAckMode+;binary-upload+}. */
    public ScriptedRspStub features(String reply) {
        this.features = reply;
        return this;
    }

    public ScriptedRspStub runLengthEncode(boolean on) {
        this.runLengthEncode = on;
        return this;
    }

    /** Answer memory reads with at most this many bytes (a stub may send fewer than asked). */
    public ScriptedRspStub maxBytesPerReply(int bytes) {
        this.maxBytesPerReply = bytes;
        return this;
    }

    /** Whether the stub sends '+' for the client's packets (in ack mode). */
    public ScriptedRspStub ackRepliesFirst(boolean on) {
        this.ackRepliesFirst = on;
        return this;
    }

    public synchronized ScriptedRspStub fault(Fault... next) {
        Collections.addAll(faults, next);
        return this;
    }

    private synchronized Fault nextFault() {
        return faults.pollFirst();
    }

    /** Every packet received, in order, without framing. */
    public List<String> packets() {
        return new ArrayList<>(packets);
    }

    public long memoryReads() {
        return packets.stream().filter(p -> p.startsWith("m") || p.startsWith("x")).count();
    }

    public int connections() {
        return connections.get();
    }

    public int naksReceived() {
        return naksReceived.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                clients.add(client);
                connections.incrementAndGet();
                Thread serving = new Thread(() -> serve(client), "scripted-rsp-stub-client");
                serving.setDaemon(true);
                serving.start();
                serving.join(); // one client at a time, like QEMU
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        boolean noAck = false;
        try (Socket socket = client; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            lastReply = null;
            while (!closed) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                if (b == '+') {
                    continue;
                }
                if (b == '-') {
                    naksReceived.incrementAndGet();
                    if (lastReply != null) {
                        out.write(lastReply);
                        out.flush();
                    }
                    continue;
                }
                if (b == RspPackets.INTERRUPT) {
                    out.write(RspPackets.frame("T02thread:01;"));
                    out.flush();
                    continue;
                }
                if (b != '$') {
                    continue;
                }
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) != '#') {
                    if (c < 0) {
                        return;
                    }
                    data.write(c);
                }
                int high = in.read();
                int low = in.read();
                byte[] bytes = data.toByteArray();
                int sum = RspPackets.checksum(bytes, 0, bytes.length);
                if ((RspPackets.hexValue(high) << 4 | RspPackets.hexValue(low)) != sum) {
                    if (!noAck) {
                        out.write('-');
                        out.flush();
                    }
                    continue;
                }
                String packet = new String(RspPackets.decodeData(bytes, 0, bytes.length), StandardCharsets.ISO_8859_1);
                packets.add(packet);
                if (!noAck && ackRepliesFirst) {
                    out.write('+');
                }
                if (stalled) {
                    out.flush();
                    continue;
                }
                byte[] payload = answer(packet);
                if (packet.equals("QStartNoAckMode") && features.contains("QStartNoAckMode+")) {
                    noAck = true;
                }
                boolean memoryRead = packet.startsWith("m") || packet.startsWith("x");
                Fault fault = memoryRead ? nextFault() : null;
                byte[] wire = frame(payload);
                lastReply = wire;
                if (fault == null) {
                    out.write(wire);
                    out.flush();
                    continue;
                }
                if (!misbehave(fault, wire, out, socket)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Sends a spoiled reply; returns false if the connection is to end. */
    private boolean misbehave(Fault fault, byte[] wire, OutputStream out, Socket socket) throws IOException {
        switch (fault) {
            case CORRUPT_CHECKSUM: {
                byte[] bad = wire.clone();
                bad[bad.length - 1] = (byte) (bad[bad.length - 1] == '0' ? '1' : '0');
                out.write(bad);
                out.flush();
                return true;
            }
            case CORRUPT_CHECKSUM_ALWAYS: {
                byte[] bad = wire.clone();
                bad[bad.length - 1] = (byte) (bad[bad.length - 1] == '0' ? '1' : '0');
                lastReply = bad;
                out.write(bad);
                out.flush();
                return true;
            }
            case STALL:
                out.flush();
                return true;
            case DISCONNECT_MID_PACKET:
                out.write(wire, 0, wire.length / 2);
                out.flush();
                return false;
            case RESET:
                socket.setSoLinger(true, 0); // RST instead of FIN
                return false;
            case TRUNCATED_THEN_NEW_PACKET:
                out.write(wire, 0, wire.length / 2);
                out.write(wire);
                out.flush();
                return true;
            case OVERSIZED: {
                byte[] huge = new byte[1 << 20];
                java.util.Arrays.fill(huge, (byte) '0');
                huge[0] = '$';
                try {
                    out.write(huge);
                    out.flush();
                } catch (SocketException e) {
                    return false; // the client hung up while we were still sending
                }
                return true;
            }
            case SLOW_DRIP:
                for (byte b : wire) {
                    out.write(b);
                    out.flush();
                    sleep(dripDelayMillis);
                }
                return true;
            case GARBAGE_FOREVER: {
                byte[] junk = "this is not a gdb stub, this is a serial console\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 100_000 && !closed; i++) {
                        out.write(junk);
                        out.flush();
                    }
                } catch (SocketException e) {
                    return false;
                }
                return true;
            }
            case GARBAGE_THEN_REPLY:
                out.write("\r\nboot: junk on the line\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(wire);
                out.flush();
                return true;
            case NOT_HEX:
                out.write(RspPackets.frame("zz" + "q".repeat(30)));
                out.flush();
                return true;
            case TOO_LONG:
                out.write(RspPackets.frame("00".repeat(100_00)));
                out.flush();
                return true;
            case LATE:
                sleep(lateDelayMillis);
                try {
                    out.write(wire);
                    out.flush();
                } catch (SocketException e) {
                    return false;
                }
                return true;
            default:
                throw new IllegalStateException(fault.toString());
        }
    }

    private byte[] frame(byte[] payload) {
        if (runLengthEncode) {
            byte[] encoded = RspPackets.runLengthEncode(payload);
            byte[] wire = new byte[encoded.length + 4];
            wire[0] = '$';
            System.arraycopy(encoded, 0, wire, 1, encoded.length);
            int sum = RspPackets.checksum(encoded, 0, encoded.length);
            wire[encoded.length + 1] = '#';
            byte[] hex = String.format("%02x", sum).getBytes(StandardCharsets.US_ASCII);
            wire[encoded.length + 2] = hex[0];
            wire[encoded.length + 3] = hex[1];
            return wire;
        }
        return RspPackets.frame(payload);
    }

    private byte[] answer(String packet) {
        String custom = queries.get(packet);
        if (custom != null) {
            return bytes(custom);
        }
        if (packet.startsWith("qSupported")) {
            return bytes(features);
        }
        if (packet.equals("QStartNoAckMode")) {
            return bytes(features.contains("QStartNoAckMode+") ? "OK" : "");
        }
        if (packet.equals("?")) {
            return bytes("S05");
        }
        if (packet.startsWith("qXenguest.Read:") && features.contains("qXenguest.Read=")) {
            return readRanges(packet.substring("qXenguest.Read:".length()));
        }
        if (packet.startsWith("m") || packet.startsWith("x")) {
            String[] parts = packet.substring(1).split(",");
            long address = Long.parseUnsignedLong(parts[0], 16);
            int length = Math.min(Integer.parseInt(parts[1], 16), maxBytesPerReply);
            byte[] data;
            try {
                data = memory.read(address, length);
            } catch (IOException e) {
                return bytes("E14");
            }
            if (packet.startsWith("x")) {
                if (!features.contains("binary-upload+")) {
                    return bytes("");
                }
                byte[] reply = new byte[data.length + 1];
                reply[0] = 'b';
                System.arraycopy(data, 0, reply, 1, data.length);
                return reply;
            }
            return bytes(RspPackets.toHex(data));
        }
        return bytes("");
    }

    /** qXenguest.Read as a generated stub answers it: every range or an error (E01 malformed, E14 not readable). */
    private byte[] readRanges(String ranges) {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.write('b');
        String[] list = ranges.split(";", -1);
        if (list.length > 64) {
            return bytes("E01");
        }
        for (String range : list) {
            String[] parts = range.split(",", -1);
            byte[] data;
            try {
                data = memory.read(Long.parseUnsignedLong(parts[0], 16), Integer.parseInt(parts[1], 16));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                return bytes("E01");
            } catch (IOException e) {
                return bytes("E14");
            }
            reply.writeBytes(data);
        }
        return reply.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket client : clients) {
            client.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
