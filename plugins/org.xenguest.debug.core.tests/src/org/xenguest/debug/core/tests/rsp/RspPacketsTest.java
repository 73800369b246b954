package org.xenguest.debug.core.tests.rsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspPackets;
import org.xenguest.debug.core.rsp.StubFeatures;

class RspPacketsTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesWithTheModulo256Checksum() {
        // '?' is 0x3f: the documented example "$?#3f"
        assertEquals("$?#3f", new String(RspPackets.frame("?"), StandardCharsets.US_ASCII));
        assertEquals("$m100000,800#52", new String(RspPackets.frame("m100000,800"), StandardCharsets.US_ASCII));
    }

    @Test
    void escapesTheFourSpecialBytesWhenFraming() {
        byte[] wire = RspPackets.frame(new byte[] {'$', '#', '}', '*', 'a'});
        byte[] data = java.util.Arrays.copyOfRange(wire, 1, wire.length - 3);
        assertArrayEquals(new byte[] {'}', 0x04, '}', 0x03, '}', 0x5d, '}', 0x0a, 'a'}, data);
        assertArrayEquals(new byte[] {'$', '#', '}', '*', 'a'}, RspPackets.decodeData(data, 0, data.length));
    }

    @Test
    void decodesRunLengthEncoding() {
        // "0* " is '0' then 3 more: "0000"; "f*}" would be 96 more
        assertArrayEquals(ascii("0000"), RspPackets.decodeData(ascii("0* "), 0, 3));
        assertArrayEquals(ascii("a" + "b".repeat(1 + 97) + "c"), RspPackets.decodeData(ascii("ab*~c"), 0, 5));
    }

    @Test
    void runLengthRoundTripsRandomData() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(600)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) "00000000ff1a".charAt(random.nextInt(12)); // long runs, like hex pages
            }
            byte[] encoded = RspPackets.runLengthEncode(data);
            for (byte b : encoded) {
                assertFalse(b == '#' || b == '$', "RLE must never produce # or $");
            }
            assertArrayEquals(data, RspPackets.decodeData(encoded, 0, encoded.length));
        }
    }

    @Test
    void rejectsMalformedData() {
        assertThrows(IllegalArgumentException.class, () -> RspPackets.decodeData(ascii("*!"), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> RspPackets.decodeData(ascii("ab}"), 0, 3));
        assertThrows(IllegalArgumentException.class, () -> RspPackets.decodeData(ascii("a*"), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> RspPackets.decodeData(ascii("a*\u0010"), 0, 3));
    }

    @Test
    void hexDecodingIsStrict() {
        byte[] out = new byte[2];
        assertTrue(RspPackets.decodeHex(ascii("0aFf"), 0, 4, out, 0));
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, out);
        assertFalse(RspPackets.decodeHex(ascii("0g"), 0, 2, out, 0));
        assertFalse(RspPackets.decodeHex(ascii("0"), 0, 1, out, 0));
        assertEquals("00ff7f", RspPackets.toHex(new byte[] {0, (byte) 0xff, 0x7f}));
    }

    @Test
    void recognizesErrorReplies() {
        assertTrue(RspPackets.isErrorReply(ascii("E14")));
        assertTrue(RspPackets.isErrorReply(ascii("E.cannot access memory")));
        assertFalse(RspPackets.isErrorReply(ascii("E1")));
        assertFalse(RspPackets.isErrorReply(ascii("0e14")));
    }

    @Test
    void parsesQSupported() {
        StubFeatures features = StubFeatures.parse("PacketSize=1000;qXfer:features:read+;QStartNoAckMode+;vContSupported-;"
                + "binary-upload+;weird");
        assertEquals(4096, features.packetSize().orElseThrow());
        assertTrue(features.offersNoAckMode());
        assertTrue(features.offersBinaryUpload());
        assertFalse(features.supports("vContSupported"));
        assertTrue(StubFeatures.parse("PacketSize=zz").packetSize().isEmpty());
        assertTrue(StubFeatures.parse("").packetSize().isEmpty());
    }

    @Test
    void parsesHostPort() {
        assertEquals(new HostPort("127.0.0.1", 1234), HostPort.parse("127.0.0.1:1234"));
        assertEquals(new HostPort("127.0.0.1", 1234), HostPort.parse(":1234"));
        assertEquals(new HostPort("::1", 9), HostPort.parse("[::1]:9"));
        assertEquals("[::1]:9", HostPort.parse("[::1]:9").toString());
        for (String bad : new String[] {"", "host", "host:", "host:x", "host:0", "host:70000", "::1:5", "[::1]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
            assertTrue(e.getMessage().contains("HOST:PORT") || e.getMessage().contains("port"), e.getMessage());
        }
    }

    @Test
    void parsesAddresses() {
        assertEquals(0x100000L, Addresses.parse("0x100000"));
        assertEquals(1048576L, Addresses.parse("1048576"));
        assertEquals(0xffff_8000_0000_0000L, Addresses.parse("0xffff_8000_0000_0000"));
        assertEquals("0x100000", Addresses.format(0x100000));
        for (String bad : new String[] {"", "0x", "0xg", "-1", "12ab", "0x12345678123456781"}) {
            assertThrows(IllegalArgumentException.class, () -> Addresses.parse(bad), bad);
        }
    }
}
