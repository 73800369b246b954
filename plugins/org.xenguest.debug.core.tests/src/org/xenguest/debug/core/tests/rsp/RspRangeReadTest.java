package org.xenguest.debug.core.tests.rsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.memory.GuestMemoryException;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.memory.MemoryRange;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspErrorReplyException;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.rsp.StubFeatures;
import org.xenguest.tests.support.ScriptedRspStub;

/** {@code qXenguest.Read}: many ranges in one exchange with a stub that offers it, plain reads otherwise. */
class RspRangeReadTest {

    private static final long BASE = RspClientTest.BASE;
    private static final String OFFERS = "PacketSize=1000;QStartNoAckMode+;binary-upload+;qXenguest.Read=10000";

    private ScriptedRspStub stub;
    private RspClient client;

    private RspClient connect(String features) throws Exception {
        stub = new ScriptedRspStub(new InMemoryGuestMemory("stub memory").put(BASE, RspClientTest.pattern()))
                .features(features);
        client = RspClient.open(stub.address(), RspOptions.defaults());
        return client;
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

    private static byte[] expected(long address, int length) {
        int from = (int) (address - BASE);
        return Arrays.copyOfRange(RspClientTest.pattern(), from, from + length);
    }

    private long rangeReads() {
        return stub.packets().stream().filter(p -> p.startsWith("qXenguest.Read:")).count();
    }

    @Test
    void theFeatureIsReadFromQSupported() {
        assertEquals(OptionalInt.of(0x10000), StubFeatures.parse(OFFERS).rangeReadBytes());
        assertEquals(OptionalInt.empty(), StubFeatures.parse("PacketSize=1000;binary-upload+").rangeReadBytes());
        assertEquals(OptionalInt.empty(), StubFeatures.parse("qXenguest.Read=zz").rangeReadBytes(), "nonsense is ignored");
        assertEquals(OptionalInt.empty(), StubFeatures.parse("qXenguest.Read+").rangeReadBytes(), "a bound is required");
    }

    @Test
    void manyRangesComeInOneExchangeEscapesAndAll() throws Exception {
        connect(OFFERS);
        assertTrue(client.offersRangeReads());
        long[] addresses = {BASE + 8, BASE + 5000, BASE, BASE + 100};
        int[] lengths = {8, 1200, 0, 1};   // the first holds '$', '#', '}' and '*'
        byte[][] read = client.readRanges(addresses, lengths);
        for (int i = 0; i < addresses.length; i++) {
            assertArrayEquals(expected(addresses[i], lengths[i]), read[i], "range " + i);
        }
        assertEquals(1, rangeReads(), stub.packets().toString());
        assertEquals(0, stub.memoryReads(), "no m or x besides: " + stub.packets());
    }

    @Test
    void requestsStayWithinTheStubsBounds() throws Exception {
        connect("PacketSize=1000;QStartNoAckMode+;binary-upload+;qXenguest.Read=800");
        // 2048 bytes a request: 4096 + 904 bytes take three, split inside the first range
        byte[][] read = client.readRanges(new long[] {BASE, BASE + 8192}, new int[] {4096, 904});
        assertArrayEquals(expected(BASE, 4096), read[0]);
        assertArrayEquals(expected(BASE + 8192, 904), read[1]);
        assertEquals(3, rangeReads(), stub.packets().toString());
        // 70 ranges: 64 in one request (the protocol's bound), 6 in the next
        long[] addresses = new long[70];
        int[] lengths = new int[70];
        for (int i = 0; i < 70; i++) {
            addresses[i] = BASE + 3 * i;
            lengths[i] = 2;
        }
        byte[][] many = client.readRanges(addresses, lengths);
        for (int i = 0; i < 70; i++) {
            assertArrayEquals(expected(addresses[i], 2), many[i], "range " + i);
        }
        assertEquals(5, rangeReads(), stub.packets().toString());
        assertTrue(stub.packets().stream().allMatch(p -> p.length() <= 0x1000), "a request longer than PacketSize");
    }

    @Test
    void withoutTheFeatureEachRangeIsReadOnItsOwn() throws Exception {
        connect("PacketSize=1000;QStartNoAckMode+;binary-upload+");
        assertFalse(client.offersRangeReads());
        byte[][] read = client.readRanges(new long[] {BASE, BASE + 300}, new int[] {16, 16});
        assertArrayEquals(expected(BASE + 300, 16), read[1]);
        assertEquals(0, rangeReads());
        assertEquals(2, stub.memoryReads(), stub.packets().toString());
    }

    @Test
    void aStubThatOffersButDoesNotAnswerIsReadRangeByRange() throws Exception {
        connect(OFFERS);
        stub.query("qXenguest.Read:" + Long.toHexString(BASE) + ",10", "");
        byte[][] read = client.readRanges(new long[] {BASE}, new int[] {16});
        assertArrayEquals(expected(BASE, 16), read[0]);
        assertFalse(client.offersRangeReads(), "it asks range by range from then on");
        client.readRanges(new long[] {BASE}, new int[] {16});
        assertEquals(1, rangeReads(), stub.packets().toString());
    }

    @Test
    void aRangeTheStubRefusesFailsTheWholeReadAndTheConnectionStays() throws Exception {
        connect(OFFERS);
        RspErrorReplyException e = assertThrows(RspErrorReplyException.class,
                () -> client.readRanges(new long[] {BASE, 0x10}, new int[] {4, 4}));
        assertEquals("E14", e.reply());
        assertTrue(e.getMessage().contains("qXenguest.Read") && e.getMessage().contains("not readable"), e.getMessage());
        assertArrayEquals(expected(BASE, 4), client.readRanges(new long[] {BASE}, new int[] {4})[0]);
        assertEquals(1, stub.connections(), "an error reply does not cost the connection");
        // through GuestMemory: a range that cannot be read, the source still usable
        RspGuestMemory memory = new RspGuestMemory(client);
        assertTrue(memory.readsRangesAtOnce());
        assertThrows(GuestMemoryException.class,
                () -> memory.readAll(List.of(new MemoryRange(BASE, 4), new MemoryRange(0x10, 4))));
        assertArrayEquals(expected(BASE + 2, 2), memory.readAll(List.of(new MemoryRange(BASE + 2, 2))).get(0));
    }
}
