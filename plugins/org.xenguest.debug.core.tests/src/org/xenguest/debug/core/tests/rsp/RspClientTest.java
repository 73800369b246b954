package org.xenguest.debug.core.tests.rsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspConnectionException;
import org.xenguest.debug.core.rsp.RspErrorReplyException;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.tests.support.ScriptedRspStub;

/** The client against the scripted stub when everything goes right. */
class RspClientTest {

    static final long BASE = 0x100000;

    /** 16 KiB of distinct bytes plus the four special characters and long runs. */
    static byte[] pattern() {
        byte[] bytes = new byte[16384];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 8));
        }
        for (int i = 4096; i < 6000; i++) {
            bytes[i] = 0; // a long run for run-length encoding
        }
        bytes[10] = '$';
        bytes[11] = '#';
        bytes[12] = '}';
        bytes[13] = '*';
        return bytes;
    }

    private ScriptedRspStub stub;
    private RspClient client;

    private RspClient connect(ScriptedRspStub stubToUse, RspOptions options) throws Exception {
        stub = stubToUse;
        client = RspClient.open(stub.address(), options);
        return client;
    }

    private static ScriptedRspStub newStub() throws Exception {
        return new ScriptedRspStub(new InMemoryGuestMemory("stub memory").put(BASE, pattern()));
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

    @Test
    void readsExactlyInAckMode() throws Exception {
        connect(newStub().features("PacketSize=1000"), RspOptions.defaults());
        assertFalse(client.isNoAckMode());
        assertEquals(2048, client.readChunkSize(), "PacketSize 0x1000 holds 2048 bytes as hex");
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(), 0, 4096), client.readMemory(BASE, 4096));
        assertEquals(2, stub.memoryReads(), "4096 bytes in chunks of 2048: " + stub.packets());
    }

    @Test
    void switchesToNoAckModeWhenOffered() throws Exception {
        connect(newStub().features("PacketSize=200;QStartNoAckMode+"), RspOptions.defaults());
        assertTrue(client.isNoAckMode());
        assertEquals(256, client.readChunkSize(), "0x200 / 2");
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(), 100, 100 + 5000), client.readMemory(BASE + 100, 5000));
        assertEquals((5000 + 255) / 256, stub.memoryReads());
        assertTrue(stub.packets().contains("QStartNoAckMode"));
    }

    @Test
    void staysInAckModeWhenTold() throws Exception {
        connect(newStub().features("PacketSize=1000;QStartNoAckMode+"), RspOptions.defaults().withPreferNoAck(false));
        assertFalse(client.isNoAckMode());
        assertFalse(stub.packets().contains("QStartNoAckMode"));
    }

    @Test
    void decodesRunLengthEncodedReplies() throws Exception {
        connect(newStub().runLengthEncode(true), RspOptions.defaults());
        assertArrayEquals(pattern(), client.readMemory(BASE, pattern().length));
    }

    @Test
    void usesEscapedBinaryReadsWhenOffered() throws Exception {
        connect(newStub().features("PacketSize=1000;QStartNoAckMode+;binary-upload+"), RspOptions.defaults());
        assertTrue(client.usesBinaryReads());
        assertEquals(2047, client.readChunkSize(), "a binary reply may need two characters a byte, plus the 'b'");
        assertArrayEquals(pattern(), client.readMemory(BASE, pattern().length));
        assertTrue(stub.packets().stream().anyMatch(p -> p.startsWith("x")), stub.packets().toString());
        assertTrue(stub.packets().stream().noneMatch(p -> p.startsWith("m")));
    }

    @Test
    void completesShortReplies() throws Exception {
        connect(newStub().maxBytesPerReply(100), RspOptions.defaults());
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(), 0, 1000), client.readMemory(BASE, 1000));
        assertEquals(10, stub.memoryReads());
    }

    @Test
    void toleratesAStubThatDoesNotAck() throws Exception {
        connect(newStub().ackRepliesFirst(false), RspOptions.defaults());
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(), 0, 64), client.readMemory(BASE, 64));
    }

    @Test
    void errorReplyIsReportedAndTheConnectionStays() throws Exception {
        connect(newStub(), RspOptions.defaults());
        RspErrorReplyException e = assertThrows(RspErrorReplyException.class, () -> client.readMemory(0x10, 16));
        assertEquals("E14", e.reply());
        assertTrue(e.getMessage().contains("0x10") && e.getMessage().contains(stub.address().toString()), e.getMessage());
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(), 0, 16), client.readMemory(BASE, 16));
        assertEquals(1, stub.connections());
    }

    @Test
    void haltReasonAndInterrupt() throws Exception {
        connect(newStub(), RspOptions.defaults());
        assertEquals("S05", client.haltReason());
        assertEquals("T02thread:01;", client.interrupt());
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(), 0, 8), client.readMemory(BASE, 8));
    }

    @Test
    void connectionRefusedIsAClearError() throws Exception {
        ScriptedRspStub gone = newStub();
        var address = gone.address();
        gone.close();
        RspConnectionException e = assertThrows(RspConnectionException.class,
                () -> RspClient.open(address, RspOptions.defaults()));
        assertTrue(e.getMessage().contains(address.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("start the gdb stub"), e.getMessage());
    }

    @Test
    void serializesConcurrentCallers() throws Exception {
        connect(newStub().features("PacketSize=100"), RspOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 1000;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        byte[] read = client.readMemory(BASE + offset, 700);
                        if (!java.util.Arrays.equals(read, java.util.Arrays.copyOfRange(pattern(), offset, offset + 700))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyReadsStayFast() throws Exception {
        connect(newStub().features("PacketSize=1000;QStartNoAckMode+"), RspOptions.defaults());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 500; i++) {
                client.readMemory(BASE, 4096);
            }
        });
    }
}
