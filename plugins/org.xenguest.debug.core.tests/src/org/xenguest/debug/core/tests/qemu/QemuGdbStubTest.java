package org.xenguest.debug.core.tests.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspErrorReplyException;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.tests.support.QemuGdbServer;
import org.xenguest.tests.support.SharedInfoPage;

/** The client against QEMU's gdbstub, reading a crafted shared_info page at a known physical address. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class QemuGdbStubTest {

    private static final byte[] PAGE = SharedInfoPage.reference().bytes();

    private QemuGdbServer qemu;
    private RspClient client;

    @BeforeAll
    void startQemu(@TempDir Path dir) throws Exception {
        qemu = QemuGdbServer.start(PAGE, dir);
        client = RspClient.open(qemu.address(), RspOptions.defaults().withReplyTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    void stopQemu() throws Exception {
        if (client != null) {
            client.close();
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void learnsTheStubsPacketSize() {
        assertTrue(client.features().packetSize().isPresent(), client.features().toString());
        assertTrue(client.readChunkSize() >= 512, "chunk " + client.readChunkSize());
    }

    @Test
    void readsThePageByteForByte() throws Exception {
        assertArrayEquals(PAGE, client.readMemory(QemuGdbServer.PAGE_ADDRESS, PAGE.length));
        byte[] middle = client.readMemory(QemuGdbServer.PAGE_ADDRESS + 2040, 100);
        assertArrayEquals(java.util.Arrays.copyOfRange(PAGE, 2040, 2140), middle, "an unaligned read across a chunk");
    }

    @Test
    void decodesTheSharedInfoExactly() throws Exception {
        GuestDescriptor guest = new GuestDescriptor("qemu-page", null, 2,
                List.of(new GuestDescriptor.Port(3, "netfront", "interdomain", null, 0)), null, List.of(), null, List.of());
        Snapshot snapshot = new SnapshotReader(new RspGuestMemory(client), QemuGdbServer.PAGE_ADDRESS, guest).read();
        assertEquals(List.of(3, 5, 7, 70, 4095), snapshot.activePorts().stream().map(PortState::port).toList());
        assertEquals("[1/0/1]", snapshot.port(3).flags());
        assertEquals("netfront", snapshot.port(3).name());
        assertEquals("[1/1/1]", snapshot.port(5).flags());
        assertEquals("[0/1/1]", snapshot.port(7).flags());
        assertEquals("[1/0/0]", snapshot.port(70).flags());
        assertEquals("[0/1/0]", snapshot.port(4095).flags());
        assertEquals(0x28L, snapshot.sharedInfo().pendingWord(0));
        assertEquals(0x20L | 0x80L, snapshot.sharedInfo().maskWord(0));
        assertEquals(1, snapshot.vcpu(0).evtchnUpcallPending());
        assertEquals(0, snapshot.vcpu(0).evtchnUpcallMask());
        assertEquals(1L, snapshot.vcpu(0).evtchnPendingSel());
        assertEquals(1, snapshot.vcpu(1).evtchnUpcallMask());
        assertEquals(0x8000_0000_0000_0002L, snapshot.vcpu(1).evtchnPendingSel());
        assertEquals(123_456_789_000L, snapshot.vcpu(0).time().systemTime());
        assertEquals(1_700_000_000L, snapshot.sharedInfo().wallClockSeconds());
        assertEquals(2, snapshot.sharedInfo().wcVersion());
        // the bytes read: the two vCPUs' vcpu_info slots and the event words through arch; the
        // slots of vCPUs the guest does not run and the page's tail are not read (zero)
        byte[] read = snapshot.regions().get(0).bytes();
        int slots = 2 * org.xenguest.abi.SharedInfoLayout.VCPU_INFO_SIZE;
        int from = org.xenguest.abi.SharedInfoLayout.EVTCHN_PENDING_OFFSET;
        int to = org.xenguest.abi.SharedInfoLayout.SHARED_INFO_SIZE;
        assertArrayEquals(java.util.Arrays.copyOfRange(PAGE, 0, slots), java.util.Arrays.copyOfRange(read, 0, slots));
        assertArrayEquals(java.util.Arrays.copyOfRange(PAGE, from, to), java.util.Arrays.copyOfRange(read, from, to));
        assertArrayEquals(new byte[from - slots], java.util.Arrays.copyOfRange(read, slots, from));
        assertEquals(4096, read.length);
    }

    @Test
    void anUnmappedAddressIsAnErrorReplyAndTheConnectionStays() throws Exception {
        RspErrorReplyException e = assertThrows(RspErrorReplyException.class,
                () -> client.readMemory(0xffff_ffff_f000_0000L, 16));
        assertTrue(e.getMessage().contains("0xfffffffff0000000"), e.getMessage());
        assertTrue(client.isConnected());
        assertArrayEquals(java.util.Arrays.copyOfRange(PAGE, 0, 16), client.readMemory(QemuGdbServer.PAGE_ADDRESS, 16));
    }

    @Test
    void reconnectsAfterADisconnect() throws Exception {
        int before = client.connectionCount();
        client.disconnect();
        assertFalse(client.isConnected());
        assertArrayEquals(PAGE, client.readMemory(QemuGdbServer.PAGE_ADDRESS, PAGE.length));
        assertEquals(before + 1, client.connectionCount());
        String stop = client.haltReason();
        assertTrue(stop.startsWith("T") || stop.startsWith("S"), stop);
    }
}
