package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.XenbusState;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.debug.core.snapshot.SnapshotStore;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.debug.core.tests.support.Snapshots;

class SnapshotTest {

    @Test
    void decodesPortsAsXensEKeyShowsThem() {
        Snapshot snapshot = Snapshots.at(0, GuestDescriptor.empty(), SharedInfoPage.reference());
        List<PortState> ports = snapshot.activePorts();
        assertEquals(List.of(3, 5, 7, 70, 4095), ports.stream().map(PortState::port).toList());
        assertEquals("[1/0/1]", snapshot.port(3).flags());
        assertEquals("[1/1/1]", snapshot.port(5).flags());
        assertEquals("[0/1/1]", snapshot.port(7).flags());
        assertEquals("[1/0/0]", snapshot.port(70).flags(), "word 1 is not selected on vCPU 0");
        assertEquals("[0/1/0]", snapshot.port(4095).flags());
        assertEquals("[0/0/1]", snapshot.port(1).flags());
        assertEquals(1, snapshot.vcpu(0).evtchnUpcallPending());
        assertEquals(0x8000_0000_0000_0002L, snapshot.vcpu(1).evtchnPendingSel());
        assertEquals(123_456_789_000L, snapshot.vcpu(0).time().systemTime());
        assertEquals(1_700_000_000L, snapshot.sharedInfo().wallClockSeconds());
    }

    @Test
    void selectorIsThatOfTheNotifyVcpu() {
        GuestDescriptor guest = GuestDescriptor.empty().withVcpus(2);
        guest = new GuestDescriptor("g", null, 2, List.of(new GuestDescriptor.Port(70, "timer", "virq", null, 1)),
                null, List.of(), null, List.of());
        Snapshot snapshot = Snapshots.at(0, guest, SharedInfoPage.reference());
        PortState port = snapshot.port(70);
        assertEquals(1, port.vcpu());
        assertTrue(port.selector(), "vCPU 1 has bit 1 of pending_sel set");
        assertEquals("timer", port.name());
    }

    @Test
    void portZeroIsListedOnlyWhenPending() {
        assertTrue(Snapshots.at(0, GuestDescriptor.empty(), new SharedInfoPage().masked(0, 1)).activePorts().stream()
                .noneMatch(p -> p.port() == 0));
        assertEquals(0, Snapshots.at(0, GuestDescriptor.empty(), new SharedInfoPage().pending(0)).activePorts().get(0)
                .port());
        assertEquals(4095, Snapshots.at(0, GuestDescriptor.empty(), new SharedInfoPage().maskAll()).activePorts().size());
    }

    @Test
    void diffTellsWhichBitsChanged() {
        Snapshot before = Snapshots.at(0, GuestDescriptor.empty(), SharedInfoPage.reference());
        Snapshot after = Snapshots.at(100, GuestDescriptor.empty(), SharedInfoPage.reference()
                .clearPending(3).pending(200).unmasked(5).pendingSel(0, 0x8).upcall(0, 0, 0));
        SnapshotDiff diff = after.diff(before);
        assertEquals(List.of(3, 200), diff.pendingChanged());
        assertEquals(List.of(5), diff.maskChanged());
        assertEquals(Map.of(0, 0x9L), diff.selectorChanged());
        assertTrue(diff.selectorChanged(0, 3) && diff.selectorChanged(0, 200) && !diff.selectorChanged(0, 64));
        assertEquals(List.of(0), diff.upcallPendingChanged());
        assertEquals(List.of(), diff.upcallMaskChanged());
        assertEquals(100_000_000L, diff.elapsedNanos());
        assertTrue(diff.eventStateChanged());
        assertFalse(before.sameEventState(after));
        SnapshotDiff none = Snapshots.at(200, GuestDescriptor.empty(), SharedInfoPage.reference().systemTime(0, 9)).diff(before);
        assertTrue(none.isEmpty(), "a time change is not an event state change");
    }

    @Test
    void storeKeepsTheNewestUpToItsCapacity() {
        SnapshotStore store = new SnapshotStore(3);
        for (int i = 0; i < 5; i++) {
            store.add(Snapshots.at(i, GuestDescriptor.empty(), new SharedInfoPage()));
        }
        assertEquals(3, store.size());
        assertEquals(List.of(2L, 3L, 4L), store.history().stream().map(Snapshot::sequence).toList());
        assertEquals(4, store.latest().orElseThrow().sequence());
        assertEquals(3, store.previous().orElseThrow().sequence());
        assertThrows(IllegalArgumentException.class, () -> new SnapshotStore(0));
    }

    @Test
    void readerReadsEveryPartTheDescriptorLocates() throws IOException {
        InMemoryGuestMemory memory = new InMemoryGuestMemory()
                .put(0x100000, SharedInfoPage.reference().bytes())
                .put(0x200000, Snapshots.grantsV1(1, 500).bytes())
                .put(0x300000, Snapshots.ringHeader("x", 10, 11, 7, 8).bytes())
                .put(0x301000, Snapshots.ringHeader("x", 300, 1, 44, 45).bytes())
                .put(0x104000, Snapshots.frontRing("x", 10, 7).bytes())
                .put(0x104100, new byte[] {3, 0, 0, 0, 2, 0, 0, 0})
                .put(0x400000, Snapshots.xenstore(5, 9, 0, 0).bytes());
        SnapshotReader reader = new SnapshotReader(memory, 0x100000, Snapshots.netfrontGuest());
        Snapshot first = reader.read();
        Snapshot second = reader.read();
        assertEquals(0, first.sequence());
        assertEquals(1, second.sequence());
        assertTrue(second.monotonicNanos() >= first.monotonicNanos());
        assertEquals(4096, first.regions().get(0).length(), "shared_info is read as a whole page");
        assertEquals(504, first.grantTable().orElseThrow().usableEntries());
        assertEquals(4, first.grantTable().orElseThrow().freeEntries());
        assertEquals(GrantTableLayout.GTF_PERMIT_ACCESS, first.grantTable().orElseThrow().entries().get(8).flags());
        assertEquals(2, first.rings().size());
        assertEquals(3, first.rings().get(0).unansweredRequests());
        assertEquals(7L, first.rings().get(0).rspConsumer());
        assertTrue(first.rings().get(0).responseEventArmed());
        assertEquals(null, first.rings().get(1).rspConsumer());
        assertEquals(4, first.xenstore().orElseThrow().page().pendingRequestBytes());
        assertEquals(XenbusState.INITIALISED, first.devices().get(0).frontend().orElseThrow());
        assertEquals(XenbusState.INIT_WAIT, first.devices().get(0).backend().orElseThrow());
        assertEquals("in-memory guest", first.source());
    }

    @Test
    void aMissingSharedInfoRegionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Snapshot.decode(0, java.time.Instant.EPOCH, 0, "x",
                GuestDescriptor.empty(), List.of()));
    }
}
