package org.xenguest.debug.core.rsp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.xenguest.abi.DebugInfoContract;

/**
 * A client of the GDB remote serial protocol over TCP, for reading a target's memory.
 *
 * <p>On {@link #connect()} it sends {@code qSupported}, learns the stub's PacketSize, switches to
 * no-ack mode if the stub offers {@code QStartNoAckMode}, and uses {@code x} binary reads if
 * the stub offers {@code binary-upload}; otherwise hex {@code m} reads. Reads are split to what
 * one packet holds. A generated stub that offers {@code qXenguest.Read} answers many ranges in one
 * exchange ({@link #readRanges}). Replies are checked (checksum, framing, size, content) and decoded
 * (escapes, run-length encoding).
 *
 * <p><b>Bounded.</b> Every wait has a deadline from {@link RspOptions}: the TCP connect, each
 * acknowledgement and each whole reply. A stub that stalls, drips, resets or answers garbage
 * makes the call fail with an {@link RspException} naming the stub and the packet, never hang.
 *
 * <p><b>Clean recovery.</b> After a timeout, a broken connection or a protocol error the client
 * closes its socket, so a late or half reply can never be read as the answer to a later
 * request. The next call connects again by itself ({@link #connect()} does it explicitly).
 *
 * <p><b>Threads.</b> Meant for one poller at a time: calls are serialized by a lock, a second
 * thread waits for the first call to finish (and fails with a timeout if that takes longer than
 * the connect and reply bounds together). The RSP itself has no request ids, so two callers
 * could not share one connection meaningfully anyway.
 */
public final class RspClient implements Closeable {

    private static final String QSUPPORTED = "qSupported:swbreak+;hwbreak+";

    private final HostPort target;
    private final RspOptions options;
    private final byte[] preamble;
    private final ReentrantLock lock = new ReentrantLock();

    // Connection state, guarded by lock.
    private Socket socket;
    private InputStream input;
    private OutputStream output;
    private final byte[] inBuffer = new byte[64 * 1024];
    private int inPosition;
    private int inLimit;
    private byte[] packetBuffer = new byte[8192];
    private StubFeatures features = StubFeatures.none();
    private boolean noAckMode;
    private boolean binaryReads;
    private boolean rangeReads;
    /**
     * An ack ('+') owed for the last reply, held back so that it leaves in one write with the
     * next packet of the same read: the same bytes on the wire, one wake-up of the stub fewer.
     * Only ever set while another packet follows at once.
     */
    private boolean ackOwed;
    private int readChunk = RspOptions.DEFAULT_PACKET_SIZE / 2;
    private int connections;
    private long exchanges;

    public RspClient(HostPort target, RspOptions options) {
        this(target, options, new byte[0]);
    }

    /**
     * A client that sends {@code preamble} on each new connection before speaking the protocol:
     * for a stub behind a relay that wants to be told who asks (the Xen host's agent, whose
     * preamble holds its secret).
     */
    public RspClient(HostPort target, RspOptions options, byte[] preamble) {
        this.target = Objects.requireNonNull(target, "target");
        this.options = Objects.requireNonNull(options, "options");
        this.preamble = preamble.clone();
    }

    /** A client connected to {@code target}, handshake done. */
    public static RspClient open(HostPort target, RspOptions options) throws RspException {
        RspClient client = new RspClient(target, options);
        client.connect();
        return client;
    }

    public HostPort target() {
        return target;
    }

    public RspOptions options() {
        return options;
    }

    /**
     * Connects (again): drops any current connection, opens a new one and does the handshake.
     */
    public void connect() throws RspException {
        withLock(null, () -> {
            openConnection();
            return null;
        });
    }

    /** True while a connection is open (it may still turn out broken on the next exchange). */
    public boolean isConnected() {
        lock.lock();
        try {
            return socket != null;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection, if any; the client can connect again. */
    public void disconnect() {
        lock.lock();
        try {
            dropConnection();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    /** What the stub said in its qSupported reply on the last connect. */
    public StubFeatures features() {
        lock.lock();
        try {
            return features;
        } finally {
            lock.unlock();
        }
    }

    public boolean isNoAckMode() {
        lock.lock();
        try {
            return noAckMode;
        } finally {
            lock.unlock();
        }
    }

    public boolean usesBinaryReads() {
        lock.lock();
        try {
            return binaryReads;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes one read packet asks for. */
    public int readChunkSize() {
        lock.lock();
        try {
            return readChunk;
        } finally {
            lock.unlock();
        }
    }

    /** How many packets this client has sent and had answered so far, handshakes included (for diagnostics and tests). */
    public long exchangeCount() {
        lock.lock();
        try {
            return exchanges;
        } finally {
            lock.unlock();
        }
    }

    /** How many connections this client has opened so far (for diagnostics and tests). */
    public int connectionCount() {
        lock.lock();
        try {
            return connections;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one packet and returns the reply's data as text (ISO-8859-1, one char a byte).
     * An empty string means the stub does not support the packet. Connects first if needed.
     */
    public String request(String packet) throws RspException {
        byte[] reply = requestData(packet);
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    /** Sends one packet and returns the reply's decoded data bytes. Connects first if needed. */
    public byte[] requestData(String packet) throws RspException {
        Objects.requireNonNull(packet, "packet");
        return withLock(packet, () -> {
            ensureConnected();
            return exchange(packet);
        });
    }

    /** {@code ?}: why the target stopped, e.g. {@code T05thread:01;} or {@code S05}. */
    public String haltReason() throws RspException {
        String reply = request("?");
        if (reply.isEmpty()) {
            throw protocolError("the stub gave an empty answer to '?' (a stop reply such as S05 or T05 was expected)",
                    "?", null);
        }
        return reply;
    }

    /**
     * Sends the interrupt byte (Ctrl-C) and returns the stop reply. A target that was stopped
     * already may not answer the interrupt; then the answer to {@code ?} is returned.
     */
    public String interrupt() throws RspException {
        return withLock("\\x03", () -> {
            ensureConnected();
            writeRaw(new byte[] {RspPackets.INTERRUPT}, "\\x03 (interrupt)");
            long deadline = System.nanoTime() + Math.min(options.replyTimeout().toNanos(),
                    TimeUnit.MILLISECONDS.toNanos(500));
            try {
                byte[] stop = receivePacket(deadline, "\\x03 (interrupt)", false, true);
                return new String(stop, StandardCharsets.ISO_8859_1);
            } catch (RspTimeoutException stoppedAlready) {
                // No stop reply: the target was not running. '?' tells where it stands.
                if (socket == null) {
                    ensureConnected();
                }
                return new String(exchange("?"), StandardCharsets.ISO_8859_1);
            }
        });
    }

    /** Reads {@code length} bytes of target memory at {@code address}. Connects first if needed. */
    public byte[] readMemory(long address, int length) throws RspException {
        byte[] bytes = new byte[length];
        readMemory(address, bytes, 0, length);
        return bytes;
    }

    /**
     * Reads {@code length} bytes at {@code address} into {@code destination[offset..]}, in as many
     * packets as the stub's packet size needs. A stub may answer a read with fewer bytes than
     * asked; the rest is asked for again.
     *
     * @throws RspErrorReplyException if the stub refuses (e.g. an unmapped address)
     */
    public void readMemory(long address, byte[] destination, int offset, int length) throws RspException {
        Objects.checkFromIndexSize(offset, length, destination.length);
        if (length == 0) {
            return;
        }
        withLock("m" + Long.toHexString(address) + "," + Integer.toHexString(length), () -> {
            ensureConnected();
            readInto(address, destination, offset, length);
            return null;
        });
    }

    /** The body of {@link #readMemory(long, byte[], int, int)}, the lock held and connected. */
    private void readInto(long address, byte[] destination, int offset, int length) throws RspException {
        int done = 0;
        while (done < length) {
            int ask = Math.min(readChunk, length - done);
            long at = address + done;
            done += readChunk(at, ask, destination, offset + done, done + ask < length);
        }
        flushOwedAck("+ (ack)"); // never leave the stub without its ack
    }

    /** True when the stub offered {@code qXenguest.Read} on the last connect (false before any). */
    public boolean offersRangeReads() {
        lock.lock();
        try {
            return rangeReads;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads many ranges, each into an array of its own. With a stub that offers
     * {@code qXenguest.Read} (see {@link DebugInfoContract#READ_QUERY}) in as few exchanges as its
     * bounds allow (one for a whole snapshot of the reference guest); otherwise range by range as
     * {@link #readMemory(long, int)} does. The answer is every range or an exception.
     *
     * @throws RspErrorReplyException if the stub refuses (a range not readable); nothing is returned
     */
    public byte[][] readRanges(long[] addresses, int[] lengths) throws RspException {
        if (addresses.length != lengths.length) {
            throw new IllegalArgumentException(addresses.length + " addresses but " + lengths.length + " lengths");
        }
        byte[][] result = new byte[addresses.length][];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0) {
                throw new IllegalArgumentException("length must not be negative, was " + lengths[i]);
            }
            result[i] = new byte[lengths[i]];
        }
        withLock(DebugInfoContract.READ_QUERY + " (" + addresses.length + " ranges)", () -> {
            ensureConnected();
            if (!rangeReads) {
                for (int i = 0; i < addresses.length; i++) {
                    readInto(addresses[i], result[i], 0, lengths[i]);
                }
                return null;
            }
            RangeBatch batch = new RangeBatch();
            for (int i = 0; i < addresses.length; i++) {
                int done = 0;
                while (done < lengths[i]) {
                    if (batch.full()) {
                        sendBatch(batch, addresses, result);
                        batch = new RangeBatch();
                    }
                    done += batch.add(i, addresses[i], done, lengths[i] - done);
                }
            }
            if (batch.count > 0) {
                sendBatch(batch, addresses, result);
            }
            return null;
        });
        return result;
    }

    /** The pieces of ranges one {@code qXenguest.Read} asks for, within the stub's and our bounds. */
    private final class RangeBatch {
        /** The longest text of one more range: ';', 16 hex digits, ',', 8 hex digits. */
        private static final int RANGE_TEXT = 26;
        final StringBuilder request = new StringBuilder(DebugInfoContract.READ_QUERY).append(':');
        final int[] range = new int[DebugInfoContract.READ_MAX_RANGES];
        final int[] offset = new int[DebugInfoContract.READ_MAX_RANGES];
        final int[] length = new int[DebugInfoContract.READ_MAX_RANGES];
        int count;
        int bytes;
        final int maxBytes = Math.min(features.rangeReadBytes().orElse(1), (options.maxPacketBytes() - 1) / 2);
        final int maxText = Math.min(features.packetSize().orElse(RspOptions.DEFAULT_PACKET_SIZE), options.maxPacketBytes());

        boolean full() {
            return count > 0 && (count == range.length || bytes >= maxBytes || request.length() + RANGE_TEXT > maxText);
        }

        /** Adds as much of range {@code index} from {@code from} as fits; returns how much. */
        int add(int index, long address, int from, int remaining) {
            int take = Math.min(remaining, maxBytes - bytes);
            request.append(count == 0 ? "" : ";").append(Long.toHexString(address + from)).append(',')
                    .append(Integer.toHexString(take));
            range[count] = index;
            offset[count] = from;
            length[count++] = take;
            bytes += take;
            return take;
        }
    }

    private void sendBatch(RangeBatch batch, long[] addresses, byte[][] result) throws RspException {
        String packet = batch.request.toString();
        byte[] reply = exchange(packet);
        if (RspPackets.isErrorReply(reply)) {
            String error = new String(reply, StandardCharsets.ISO_8859_1);
            throw new RspErrorReplyException("the stub at " + target + " refused to read " + batch.count
                    + " ranges in one " + DebugInfoContract.READ_QUERY + " (reply " + error + "): one of them is not"
                    + " readable in the target's current address space (or the request is beyond its bounds)", target,
                    packet, error);
        }
        if (reply.length == 0) {
            rangeReads = false; // it offered the query but does not answer it: range by range from now on
            for (int p = 0; p < batch.count; p++) {
                readInto(addresses[batch.range[p]] + batch.offset[p], result[batch.range[p]], batch.offset[p],
                        batch.length[p]);
            }
            return;
        }
        if (reply[0] != 'b' || reply.length != batch.bytes + 1) {
            throw protocolError("the reply to '" + packet + "' is not 'b' and the " + batch.bytes + " bytes asked for ("
                    + reply.length + " bytes: '" + RspPackets.printable(reply, 0, Math.min(reply.length, 40)) + "')",
                    packet, null);
        }
        int at = 1;
        for (int p = 0; p < batch.count; p++) {
            System.arraycopy(reply, at, result[batch.range[p]], batch.offset[p], batch.length[p]);
            at += batch.length[p];
        }
    }

    private int readChunk(long address, int length, byte[] destination, int offset, boolean moreFollows)
            throws RspException {
        String packet = (binaryReads ? "x" : "m") + Long.toHexString(address) + "," + Integer.toHexString(length);
        byte[] reply = exchange(packet, moreFollows);
        if (ackOwed && (RspPackets.isErrorReply(reply) || reply.length == 0)) {
            flushOwedAck(packet); // no next packet after all
        }
        if (RspPackets.isErrorReply(reply)) {
            String error = new String(reply, StandardCharsets.ISO_8859_1);
            throw new RspErrorReplyException("the stub at " + target + " refused to read " + length + " bytes at 0x"
                    + Long.toHexString(address) + " (reply " + error + "): the address is not readable in the"
                    + " target's current address space; check the address (virtual or physical?)", target, packet,
                    error);
        }
        if (reply.length == 0) {
            if (binaryReads) {
                binaryReads = false; // it offered binary-upload but does not answer x: use m from now on
                readChunk = chunkFor(false);
                return 0;
            }
            throw new RspProtocolException("the stub at " + target + " does not support memory reads ('" + packet
                    + "' got an empty reply)", target, packet, null);
        }
        int got;
        if (binaryReads) {
            if (reply[0] != 'b') {
                throw protocolError("the reply to '" + packet + "' is neither binary data ('b...') nor an error: '"
                        + RspPackets.printable(reply, 0, reply.length) + "'", packet, null);
            }
            got = reply.length - 1;
            if (got > length) {
                throw protocolError("the reply to '" + packet + "' holds " + got + " bytes, more than the " + length
                        + " asked for", packet, null);
            }
            System.arraycopy(reply, 1, destination, offset, got);
        } else {
            if (reply.length > 2 * length) {
                throw protocolError("the reply to '" + packet + "' holds " + reply.length + " hex digits, more than the "
                        + 2 * length + " asked for", packet, null);
            }
            if (!RspPackets.decodeHex(reply, 0, reply.length, destination, offset)) {
                throw protocolError("the reply to '" + packet + "' is not hex memory data: '"
                        + RspPackets.printable(reply, 0, reply.length) + "'", packet, null);
            }
            got = reply.length / 2;
        }
        if (got == 0) {
            throw protocolError("the stub answered '" + packet + "' with no bytes", packet, null);
        }
        return got;
    }

    // ---- connection -----------------------------------------------------------------------

    private void ensureConnected() throws RspException {
        if (socket == null) {
            openConnection();
        }
    }

    private void openConnection() throws RspException {
        dropConnection();
        Socket newSocket = new Socket();
        try {
            newSocket.setTcpNoDelay(true);
            newSocket.connect(new InetSocketAddress(target.host(), target.port()),
                    (int) Math.max(1, options.connectTimeout().toMillis()));
            socket = newSocket;
            input = newSocket.getInputStream();
            output = newSocket.getOutputStream();
            if (preamble.length > 0) {
                output.write(preamble);
                output.flush();
            }
        } catch (UnknownHostException e) {
            closeQuietly(newSocket);
            throw new RspConnectionException("unknown host '" + target.host() + "' in gdb stub address " + target
                    + ": check the host name", target, null, e);
        } catch (SocketTimeoutException e) {
            closeQuietly(newSocket);
            throw new RspTimeoutException("no TCP connection to the gdb stub at " + target + " within "
                    + options.connectTimeout().toMillis() + " ms: check that the host is reachable", target, null, e);
        } catch (ConnectException | NoRouteToHostException e) {
            closeQuietly(newSocket);
            throw new RspConnectionException("nothing accepts connections at " + target + " (" + e.getMessage()
                    + "): start the gdb stub (e.g. QEMU -gdb tcp:" + target + ") or fix the address", target, null, e);
        } catch (IOException e) {
            closeQuietly(newSocket);
            throw new RspConnectionException("cannot connect to the gdb stub at " + target + ": " + e.getMessage(),
                    target, null, e);
        }
        connections++;
        inPosition = 0;
        inLimit = 0;
        noAckMode = false;
        ackOwed = false;
        binaryReads = false;
        rangeReads = false;
        features = StubFeatures.none();
        // Acknowledge anything the stub may have sent before we came, as gdb does.
        writeRaw(new byte[] {RspPackets.ACK}, "+ (initial ack)");
        byte[] supported = exchange(QSUPPORTED);
        features = RspPackets.isErrorReply(supported) ? StubFeatures.none()
                : StubFeatures.parse(new String(supported, StandardCharsets.ISO_8859_1));
        if (options.preferNoAck() && features.offersNoAckMode()) {
            byte[] reply = exchange("QStartNoAckMode");
            noAckMode = new String(reply, StandardCharsets.ISO_8859_1).equals("OK");
        }
        binaryReads = options.preferBinary() && features.offersBinaryUpload();
        readChunk = chunkFor(binaryReads);
        rangeReads = options.preferRangeReads() && features.rangeReadBytes().isPresent();
    }

    /**
     * Bytes one read may ask for. PacketSize counts the data characters of a packet: a hex reply
     * takes two per byte; a binary reply up to two (escapes) plus the leading 'b'.
     */
    private int chunkFor(boolean binary) {
        int packetSize = Math.min(features.packetSize().orElse(RspOptions.DEFAULT_PACKET_SIZE), options.maxPacketBytes());
        int bytes = binary ? (packetSize - 1) / 2 : packetSize / 2;
        return Math.max(1, Math.min(options.maxReadChunk(), bytes));
    }

    private void dropConnection() {
        ackOwed = false;
        if (socket != null) {
            closeQuietly(socket);
        }
        socket = null;
        input = null;
        output = null;
        inPosition = 0;
        inLimit = 0;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken
        }
    }

    // ---- exchanges ------------------------------------------------------------------------

    private interface Exchange<T> {
        T run() throws RspException;
    }

    /**
     * Runs {@code body} holding the lock. Any failure but an error reply drops the connection so
     * that no half-read or late reply survives into the next exchange.
     */
    private <T> T withLock(String packet, Exchange<T> body) throws RspException {
        long bound = options.connectTimeout().toNanos() + 3 * options.replyTimeout().toNanos();
        try {
            if (!lock.tryLock(bound, TimeUnit.NANOSECONDS)) {
                throw new RspTimeoutException("another thread has been using the connection to " + target
                        + " for longer than " + TimeUnit.NANOSECONDS.toMillis(bound)
                        + " ms; RspClient serves one poller at a time", target, packet, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RspConnectionException("interrupted while waiting for the connection to " + target, target, packet,
                    e);
        }
        try {
            return body.run();
        } catch (RspErrorReplyException e) {
            throw e;
        } catch (RspException e) {
            dropConnection();
            throw e;
        } catch (RuntimeException e) {
            dropConnection();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code packet} (with acks and retransmissions in ack mode) and returns the reply data. */
    private byte[] exchange(String packet) throws RspException {
        return exchange(packet, false);
    }

    /**
     * @param moreFollows another packet is sent right after this exchange: the ack of its reply
     *                    may travel with that packet
     */
    private byte[] exchange(String packet, boolean moreFollows) throws RspException {
        long deadline = System.nanoTime() + options.replyTimeout().toNanos();
        byte[] wire = RspPackets.frame(packet);
        int naks = 0;
        boolean replyStarted = false;
        while (true) {
            if (ackOwed) {
                byte[] both = new byte[wire.length + 1];
                both[0] = RspPackets.ACK;
                System.arraycopy(wire, 0, both, 1, wire.length);
                ackOwed = false;
                writeRaw(both, packet);
            } else {
                writeRaw(wire, packet);
            }
            if (noAckMode) {
                break;
            }
            int ack = awaitAck(deadline, packet);
            if (ack == RspPackets.NAK) {
                if (++naks > options.maxRetries()) {
                    throw protocolError("the stub at " + target + " rejected '" + packet + "' " + naks
                            + " times ('-'): the line corrupts data or the stub is confused; reconnect", packet, null);
                }
                continue;
            }
            replyStarted = ack == RspPackets.START; // some stubs skip the ack and answer at once
            break;
        }
        byte[] reply = receivePacket(deadline, packet, replyStarted, false, moreFollows);
        exchanges++;
        return reply;
    }

    /** Waits for '+' or '-' after a packet we sent; returns '$' if a reply starts instead. */
    private int awaitAck(long deadline, String packet) throws RspException {
        int junk = 0;
        while (true) {
            int b = readByte(deadline, packet, "the acknowledgement ('+')");
            if (b == RspPackets.ACK || b == RspPackets.NAK || b == RspPackets.START) {
                return b;
            }
            if (++junk > options.maxJunkBytes()) {
                throw garbage(packet, junk);
            }
        }
    }

    /**
     * Reads one packet and returns its decoded data. Bytes before '$' are skipped (stray acks,
     * line noise) up to the junk limit. A corrupt packet is NAK'd and read again in ack mode;
     * in no-ack mode nothing can ask for it again, so it is an error.
     */
    private byte[] receivePacket(long deadline, String packet, boolean atStart, boolean stopReply) throws RspException {
        return receivePacket(deadline, packet, atStart, stopReply, false);
    }

    private byte[] receivePacket(long deadline, String packet, boolean atStart, boolean stopReply, boolean deferAck)
            throws RspException {
        int corrupt = 0;
        String what = stopReply ? "the stop reply" : "the reply";
        while (true) {
            if (!atStart) {
                skipToPacketStart(deadline, packet, what);
            }
            atStart = false;
            int length = 0;
            while (true) {
                int b = readByte(deadline, packet, what + " (" + length + " bytes of it received)");
                if (b == RspPackets.END) {
                    break;
                }
                if (b == RspPackets.START) {
                    throw protocolError("the stub at " + target + " started a new packet inside " + what + " to '"
                            + packet + "' after " + length + " bytes: the reply was truncated", packet, null);
                }
                if (length >= options.maxPacketBytes()) {
                    throw protocolError(what + " to '" + packet + "' from " + target + " is longer than "
                            + options.maxPacketBytes() + " bytes without its end '#': oversized packet or garbage",
                            packet, null);
                }
                if (length == packetBuffer.length) {
                    packetBuffer = java.util.Arrays.copyOf(packetBuffer,
                            Math.min(options.maxPacketBytes(), packetBuffer.length * 2));
                }
                packetBuffer[length++] = (byte) b;
            }
            int high = RspPackets.hexValue(readByte(deadline, packet, "the checksum of " + what));
            int low = RspPackets.hexValue(readByte(deadline, packet, "the checksum of " + what));
            int sum = RspPackets.checksum(packetBuffer, 0, length);
            if (high >= 0 && low >= 0 && (high << 4 | low) == sum) {
                if (!noAckMode) {
                    if (deferAck) {
                        ackOwed = true;
                    } else {
                        writeRaw(new byte[] {RspPackets.ACK}, packet);
                    }
                }
                try {
                    return RspPackets.decodeData(packetBuffer, 0, length);
                } catch (IllegalArgumentException e) {
                    throw protocolError(what + " to '" + packet + "' from " + target + " is malformed: " + e.getMessage(),
                            packet, e);
                }
            }
            String shown = RspPackets.printable(packetBuffer, 0, length);
            if (noAckMode) {
                throw protocolError(what + " to '" + packet + "' from " + target + " has a bad checksum ('" + shown
                        + "'); in no-ack mode it cannot be sent again", packet, null);
            }
            if (++corrupt > options.maxRetries()) {
                throw protocolError(what + " to '" + packet + "' from " + target + " had a bad checksum " + corrupt
                        + " times in a row (last: '" + shown + "')", packet, null);
            }
            writeRaw(new byte[] {RspPackets.NAK}, packet); // ask for it again
        }
    }

    private void skipToPacketStart(long deadline, String packet, String what) throws RspException {
        int junk = 0;
        while (true) {
            int b = readByte(deadline, packet, what);
            if (b == RspPackets.START) {
                return;
            }
            if (b == RspPackets.ACK) {
                continue; // a repeated ack is harmless
            }
            if (++junk > options.maxJunkBytes()) {
                throw garbage(packet, junk);
            }
        }
    }

    private RspProtocolException garbage(String packet, int junk) {
        return protocolError("the stub at " + target + " sent " + junk + " bytes of garbage instead of an answer to '"
                + packet + "': is this port a gdb stub? (a serial console or another protocol answers like this)",
                packet, null);
    }

    private int readByte(long deadline, String packet, String waitingFor) throws RspException {
        if (inPosition < inLimit) {
            return inBuffer[inPosition++] & 0xFF;
        }
        if (socket == null) {
            throw new RspConnectionException("the connection to " + target + " was closed", target, packet, null);
        }
        long remaining = deadline - System.nanoTime();
        long timeoutMillis = options.replyTimeout().toMillis();
        try {
            if (remaining <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            int n = input.read(inBuffer, 0, inBuffer.length);
            if (n < 0) {
                throw new RspConnectionException("the gdb stub at " + target + " closed the connection while we waited for "
                        + waitingFor + " to '" + packet + "': the stub crashed or accepts one client at a time;"
                        + " it will be reconnected on the next call", target, packet, null);
            }
            inPosition = 0;
            inLimit = n;
            return inBuffer[inPosition++] & 0xFF;
        } catch (SocketTimeoutException e) {
            throw new RspTimeoutException("no answer from the gdb stub at " + target + " within " + timeoutMillis
                    + " ms: waited for " + waitingFor + " to '" + packet + "'; the stub stalled or the target runs"
                    + " without a live stub (the connection is dropped and reopened on the next call)", target, packet, e);
        } catch (RspException e) {
            throw e;
        } catch (IOException e) {
            throw new RspConnectionException("the connection to the gdb stub at " + target + " failed while we waited for "
                    + waitingFor + " to '" + packet + "': " + e.getMessage(), target, packet, e);
        }
    }

    private void flushOwedAck(String packet) throws RspException {
        if (ackOwed) {
            ackOwed = false;
            writeRaw(new byte[] {RspPackets.ACK}, packet);
        }
    }

    private void writeRaw(byte[] bytes, String packet) throws RspException {
        if (output == null) {
            throw new RspConnectionException("the connection to " + target + " was closed", target, packet, null);
        }
        try {
            output.write(bytes);
            output.flush();
        } catch (IOException e) {
            throw new RspConnectionException("cannot send '" + packet + "' to the gdb stub at " + target + ": "
                    + e.getMessage() + " (the stub closed or reset the connection)", target, packet, e);
        }
    }

    private RspProtocolException protocolError(String message, String packet, Throwable cause) {
        String where = message.contains(target.toString()) ? message : message + " (gdb stub " + target + ")";
        return new RspProtocolException(where, target, packet, cause);
    }
}
