package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.SharedInfoPage;

/**
 * A snapshot in one exchange with a stub that offers {@code qXenguest.Read}: what the last snapshot
 * read (here a pointer the descriptor follows, shared_info and a range read for the watcher) is
 * gathered into one request, and the reader follows a guest that moves things.
 */
class GatheredReadsTest {

    private static final long POINTER = 0x1000;
    private static final long FIRST = 0x10000;
    private static final long SECOND = 0x20000;
    private static final long COUNTERS = 0x3000;

    private final InMemoryGuestMemory guest = new InMemoryGuestMemory("guest");
    private ScriptedRspStub stub;
    private RspClient client;

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        stub.close();
    }

    private static byte[] le(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    /** The packets the stub received while {@code read} ran. */
    private List<String> packetsOf(SnapshotReader reader, Snapshot[] into) throws Exception {
        int before = stub.packets().size();
        into[0] = reader.read();
        List<String> all = stub.packets();
        return all.subList(before, all.size());
    }

    @Test
    void aSnapshotTakesOneExchangeAndFollowsTheGuest() throws Exception {
        byte[] counters = new byte[16];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = (byte) ('#' + i % 8); // '#', '$' ... : escaped on the wire
        }
        guest.put(POINTER, le(FIRST)).put(FIRST, SharedInfoPage.reference().bytes())
                .put(SECOND, new SharedInfoPage().pending(9).bytes()).put(COUNTERS, counters);
        stub = new ScriptedRspStub(guest).features("PacketSize=1000;QStartNoAckMode+;binary-upload+;qXenguest.Read=10000");
        client = new RspClient(stub.address(), RspOptions.defaults()); // connects on the first read
        DescriptorSource pointed = memory -> GuestDescriptor.empty().withSharedInfoAddress(
                ByteBuffer.wrap(memory.read(POINTER, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        SnapshotReader reader = new SnapshotReader(new RspGuestMemory(client), pointed, Clock.systemUTC());
        reader.alsoRead("counters", COUNTERS, counters.length);
        Snapshot[] s = new Snapshot[1];

        List<String> first = packetsOf(reader, s);
        assertTrue(first.stream().noneMatch(p -> p.startsWith("qXenguest.Read")), "nothing known to gather yet: " + first);
        List<String> second = packetsOf(reader, s);
        assertEquals(1, second.size(), "the second snapshot in one exchange: " + second);
        assertTrue(second.get(0).startsWith("qXenguest.Read:"), second.toString());
        assertEquals("[1/0/1]", s[0].port(3).flags());
        assertArrayEquals(counters, s[0].region(MemoryRegion.EXTRA + "counters").orElseThrow().bytes());

        // what the guest changes is in the next snapshot: nothing is kept from one to the next
        guest.write(COUNTERS, new byte[] {9, 9});
        assertEquals(1, packetsOf(reader, s).size());
        assertEquals(9, s[0].region(MemoryRegion.EXTRA + "counters").orElseThrow().bytes()[1]);

        // shared_info moves: followed at once, at the cost of an exchange more in that snapshot only
        guest.write(POINTER, le(SECOND));
        assertTrue(packetsOf(reader, s).size() > 1);
        assertEquals(SECOND, s[0].sharedInfoAddress());
        assertEquals("[1/0/0]", s[0].port(9).flags());
        assertEquals(1, packetsOf(reader, s).size(), "gathered again");

        // a range of last time's is gone (the stub refuses the whole request): read one by one, then gathered
        guest.write(POINTER, le(FIRST));
        guest.put(SECOND, new byte[8]);
        List<String> refused = packetsOf(reader, s);
        assertEquals(FIRST, s[0].sharedInfoAddress(), refused.toString());
        assertEquals("[1/0/1]", s[0].port(3).flags());
        assertEquals(1, packetsOf(reader, s).size(), "gathered again");
        assertEquals(1, stub.connections(), "no reconnect on the way");
    }
}
