package org.xenguest.debug.core.tests.rsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspConnectionException;
import org.xenguest.debug.core.rsp.RspException;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.rsp.RspProtocolException;
import org.xenguest.debug.core.rsp.RspTimeoutException;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ScriptedRspStub.Fault;

/**
 * The client against a stub that misbehaves: every failure is an RspException naming the stub
 * and the packet, arrives within the bound, never decodes wrong data, and the next call
 * reconnects and reads correctly.
 */
class RspFaultInjectionTest {

    private static final long BASE = RspClientTest.BASE;
    /** 1 s per exchange; the asserted bound is loose on purpose (slow CI machines). */
    private static final RspOptions OPTIONS = RspOptions.defaults().withReplyTimeout(Duration.ofSeconds(1))
            .withConnectTimeout(Duration.ofSeconds(1));
    private static final Duration BOUND = Duration.ofSeconds(10);

    private ScriptedRspStub stub;
    private RspClient client;

    private void start(String features, RspOptions options) throws Exception {
        stub = new ScriptedRspStub(new InMemoryGuestMemory().put(BASE, RspClientTest.pattern())).features(features);
        client = RspClient.open(stub.address(), options);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private static byte[] expected(int offset, int length) {
        return Arrays.copyOfRange(RspClientTest.pattern(), offset, offset + length);
    }

    /** Runs {@code failing}, asserting it throws {@code type} within the bound; returns it. */
    private <T extends RspException> T failsWithin(Class<T> type, Executable failing) {
        long start = System.nanoTime();
        T e = assertTimeoutPreemptively(BOUND, () -> assertThrows(type, failing));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed < BOUND.toMillis(), "took " + elapsed + " ms");
        assertEquals(stub.address(), e.target());
        assertTrue(e.getMessage().contains(stub.address().toString()), "names the stub: " + e.getMessage());
        return e;
    }

    /** After a failure the client is disconnected, and the next read reconnects and is exact. */
    private void recovers(int offset) throws Exception {
        assertFalse(client.isConnected(), "a failed exchange must drop the connection");
        int before = stub.connections();
        assertArrayEquals(expected(offset, 512), client.readMemory(BASE + offset, 512));
        assertEquals(before + 1, stub.connections(), "reconnected once");
    }

    @Test
    void corruptChecksumInAckModeIsReadAgain() throws Exception {
        start("PacketSize=1000", OPTIONS);
        stub.fault(Fault.CORRUPT_CHECKSUM);
        assertArrayEquals(expected(0, 256), client.readMemory(BASE, 256));
        assertEquals(1, stub.naksReceived());
        assertTrue(client.isConnected());
    }

    @Test
    void corruptChecksumEveryTimeFailsAfterTheRetries() throws Exception {
        start("PacketSize=1000", OPTIONS.withMaxRetries(2));
        stub.fault(Fault.CORRUPT_CHECKSUM_ALWAYS);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 256));
        assertTrue(e.getMessage().contains("bad checksum"), e.getMessage());
        assertEquals("m100000,100", e.packet());
        recovers(0);
    }

    @Test
    void corruptChecksumInNoAckModeFailsAndReconnects() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.CORRUPT_CHECKSUM);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 256));
        assertTrue(e.getMessage().contains("no-ack"), e.getMessage());
        recovers(1000);
    }

    @Test
    void stallTimesOutWithinTheBound() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.STALL);
        long start = System.nanoTime();
        RspTimeoutException e = failsWithin(RspTimeoutException.class, () -> client.readMemory(BASE, 256));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed >= 900, "waited the timeout, not less: " + elapsed + " ms");
        assertTrue(e.getMessage().contains("m100000,100") && e.getMessage().contains("1000 ms"), e.getMessage());
        recovers(2000);
    }

    @Test
    void lateReplyIsNeverTakenForTheNextOne() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.lateDelayMillis = 1500;
        stub.fault(Fault.LATE);
        failsWithin(RspTimeoutException.class, () -> client.readMemory(BASE, 512));
        // The late reply (for BASE) arrives on the old connection; this read is of other bytes.
        recovers(3000);
    }

    @Test
    void disconnectMidPacketIsAConnectionError() throws Exception {
        start("PacketSize=1000", OPTIONS);
        stub.fault(Fault.DISCONNECT_MID_PACKET);
        RspConnectionException e = failsWithin(RspConnectionException.class, () -> client.readMemory(BASE, 1024));
        assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
        recovers(500);
    }

    @Test
    void resetIsAConnectionError() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.RESET);
        failsWithin(RspConnectionException.class, () -> client.readMemory(BASE, 1024));
        recovers(600);
    }

    @Test
    void truncatedPacketFollowedByANewOneIsRejected() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.TRUNCATED_THEN_NEW_PACKET);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 1024));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        recovers(700);
    }

    @Test
    void oversizedPacketIsRejected() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS.withMaxPacketBytes(64 * 1024));
        stub.fault(Fault.OVERSIZED);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 1024));
        assertTrue(e.getMessage().contains("oversized"), e.getMessage());
        recovers(800);
    }

    @Test
    void replyLongerThanAskedIsRejected() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.TOO_LONG);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 16));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
        recovers(900);
    }

    @Test
    void slowDripWithinTheBoundIsRead() throws Exception {
        start("PacketSize=1000", OPTIONS);
        stub.dripDelayMillis = 5; // 16 bytes: ~45 bytes on the wire, ~0.25 s
        stub.fault(Fault.SLOW_DRIP);
        assertArrayEquals(expected(0, 16), client.readMemory(BASE, 16));
    }

    @Test
    void slowDripPastTheBoundTimesOutInsteadOfWaitingPerByte() throws Exception {
        start("PacketSize=1000", OPTIONS);
        stub.dripDelayMillis = 100; // every byte comes within the timeout, the reply never does
        stub.fault(Fault.SLOW_DRIP);
        long start = System.nanoTime();
        failsWithin(RspTimeoutException.class, () -> client.readMemory(BASE, 256));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "bounded per reply, not per byte");
        recovers(100);
    }

    @Test
    void endlessGarbageIsAProtocolError() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS.withMaxJunkBytes(4096));
        stub.fault(Fault.GARBAGE_FOREVER);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 64));
        assertTrue(e.getMessage().contains("garbage"), e.getMessage());
        recovers(1200);
    }

    @Test
    void garbageBeforeAValidReplyIsSkipped() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.GARBAGE_THEN_REPLY);
        assertArrayEquals(expected(0, 64), client.readMemory(BASE, 64));
    }

    @Test
    void nonHexMemoryReplyIsNeverDecoded() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        stub.fault(Fault.NOT_HEX);
        RspProtocolException e = failsWithin(RspProtocolException.class, () -> client.readMemory(BASE, 16));
        assertTrue(e.getMessage().contains("not hex"), e.getMessage());
        recovers(1300);
    }

    @Test
    void aGuestMemoryOverRspRecoversByReadingOn() throws Exception {
        start("PacketSize=1000;QStartNoAckMode+", OPTIONS);
        RspGuestMemory memory = new RspGuestMemory(client);
        stub.fault(Fault.STALL, Fault.RESET);
        assertThrows(RspTimeoutException.class, () -> memory.read(BASE, 64));
        assertThrows(RspConnectionException.class, () -> memory.read(BASE, 64));
        assertArrayEquals(expected(0, 64), memory.read(BASE, 64));
        assertEquals(3, stub.connections());
    }

    @Test
    void aPeerThatAcceptsButNeverSpeaksFailsTheConnectWithinTheBound() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread holder = new Thread(() -> {
                try (Socket socket = silent.accept(); InputStream in = socket.getInputStream()) {
                    while (in.read() >= 0) {
                        // swallow everything, answer nothing
                    }
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            holder.setDaemon(true);
            holder.start();
            HostPort address = new HostPort("127.0.0.1", silent.getLocalPort());
            long start = System.nanoTime();
            RspTimeoutException e = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(RspTimeoutException.class, () -> RspClient.open(address, OPTIONS)));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
            assertTrue(e.getMessage().contains("qSupported"), e.getMessage());
        }
    }
}
