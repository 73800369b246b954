package org.xenguest.debug.core.tests.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.analysis.ChangeEvent;
import org.xenguest.debug.core.analysis.ChangeExtractor;
import org.xenguest.debug.core.analysis.EventFilter;
import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.tests.support.Snapshots;
import org.xenguest.tests.support.SharedInfoPage;

/** The event list and the statistics over a crafted session whose every change is known. */
class AnalysisTest {
    private static final GuestDescriptor GUEST = Snapshots.netfrontGuest();

    /**
     * 50 ms apart: port 3 (netfront) pending from 200 to 400 ms and masked from 300 to 350 ms,
     * vCPU 0's upcall pending with it, the device connecting at 500 ms, then no snapshot from
     * 950 ms to 2,950 ms (a gap), and port 3 pending again from 3,000 to 3,050 ms.
     */
    static List<Snapshot> session() {
        List<Snapshot> snapshots = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (long t = 0; t <= 950; t += 50) {
            times.add(t);
        }
        for (long t = 2950; t <= 3100; t += 50) {
            times.add(t);
        }
        for (long t : times) {
            boolean pending = t >= 200 && t < 400 || t >= 3000 && t < 3050;
            boolean masked = t >= 300 && t < 350;
            SharedInfoPage page = new SharedInfoPage().pending(pending, 3).masked(masked, 3).upcall(0, pending ? 1 : 0, 0);
            if (pending) {
                page.selected(0, 3);
            }
            snapshots.add(Snapshots.at(t, GUEST, page, Snapshots.device("vif0", t >= 500 ? 4 : 3, t >= 500 ? 4 : 2)));
        }
        return snapshots;
    }

    private static List<ChangeEvent> events(List<Snapshot> snapshots) {
        ChangeExtractor extractor = new ChangeExtractor();
        List<ChangeEvent> events = new ArrayList<>();
        for (Snapshot s : snapshots) {
            events.addAll(extractor.next(s, List.of()));
        }
        return events;
    }

    @Test
    void everyChangeIsARowAndTheGapIsToo() {
        List<String> rows = events(session()).stream().map(ChangeEvent::text).toList();
        assertEquals(List.of(
                "     0.200000 #200 port 3 netfront: pending 0 -> 1",
                "     0.200000 #200 vcpu 0: upcall_pending 0 -> 1",
                "     0.200000 #200 vcpu 0: pending_sel 0x0 -> 0x1",
                "     0.300000 #300 port 3 netfront: masked 0 -> 1",
                "     0.350000 #350 port 3 netfront: masked 1 -> 0",
                "     0.400000 #400 port 3 netfront: pending 1 -> 0",
                "     0.400000 #400 vcpu 0: upcall_pending 1 -> 0",
                "     0.400000 #400 vcpu 0: pending_sel 0x1 -> 0x0",
                "     0.500000 #500 device vif0: frontend Initialised -> Connected",
                "     0.500000 #500 device vif0: backend InitWait -> Connected",
                "     2.950000 #2950 session: no snapshot for 2.000 s",
                "     3.000000 #3000 port 3 netfront: pending 0 -> 1",
                "     3.000000 #3000 vcpu 0: upcall_pending 0 -> 1",
                "     3.000000 #3000 vcpu 0: pending_sel 0x0 -> 0x1",
                "     3.050000 #3050 port 3 netfront: pending 1 -> 0",
                "     3.050000 #3050 vcpu 0: upcall_pending 1 -> 0",
                "     3.050000 #3050 vcpu 0: pending_sel 0x1 -> 0x0"), rows);
        assertEquals(rows, events(session()).stream().map(ChangeEvent::text).toList(), "the same rows every time");
    }

    @Test
    void filtersKeepWhatTheySay() {
        List<ChangeEvent> all = events(session());
        List<ChangeEvent> port3 = all.stream().filter(new EventFilter(Set.of(3), Set.of(), Set.of(), null)).toList();
        assertEquals(7, port3.size(), "six port rows and the gap");
        assertTrue(port3.stream().allMatch(e -> e.port() != null || e.kind() == ChangeEvent.Kind.GAP));
        assertEquals(List.of(), all.stream().filter(new EventFilter(Set.of(4), Set.of(), Set.of(ChangeEvent.Kind.PORT), null))
                .toList());
        List<ChangeEvent> devices = all.stream()
                .filter(new EventFilter(Set.of(), Set.of(), Set.of(ChangeEvent.Kind.DEVICE), null)).toList();
        assertEquals(2, devices.size());
        List<ChangeEvent> masked = all.stream()
                .filter(new EventFilter(Set.of(), Set.of(), Set.of(), EventFilter.textPattern("MASKED 0 -> 1", false))).toList();
        assertEquals(1, masked.size());
        List<ChangeEvent> upcalls = all.stream()
                .filter(new EventFilter(Set.of(), Set.of(0), Set.of(), EventFilter.textPattern("upcall_pending \\d -> 1", true)))
                .toList();
        assertEquals(List.of(200L, 3000L), upcalls.stream().map(ChangeEvent::sequence).toList());
    }

    @Test
    void statisticsWeighTimeAndLeaveTheGapOut() {
        RangeStatistics statistics = new RangeStatistics();
        session().forEach(statistics::add);
        RangeStatistics.Result result = statistics.result();
        assertEquals(24, result.snapshots());
        assertEquals(1, result.gaps());
        assertEquals(3_100_000_000L, result.spanNanos());
        assertEquals(1_100_000_000L, result.observedNanos(), "3.1 s less the 2 s gap");
        RangeStatistics.PortStats port = result.ports().stream().filter(p -> p.port() == 3).findFirst().orElseThrow();
        assertEquals("netfront", port.name());
        assertEquals(2, port.events());
        assertEquals(2 / 1.1, port.eventsPerSecond(), 1e-9);
        assertEquals(0.25 / 1.1, port.sharePending(), 1e-9, "200 ms + 50 ms pending of 1.1 s");
        assertEquals(0.05 / 1.1, port.shareMasked(), 1e-9);
        assertEquals(0.05 / 1.1, port.sharePendingWhileMasked(), 1e-9);
        assertEquals(2, port.handled());
        assertEquals(200_000_000L, port.longestPendingNanos());
        assertEquals(200_000_000L, port.p99PendingNanos(), "nearest rank of two values");
        RangeStatistics.VcpuStats vcpu = result.vcpus().get(0);
        assertEquals(2, vcpu.upcalls());
        assertEquals(200_000_000L, vcpu.longestUpcallPendingNanos());
        assertEquals(0.25 / 1.1, vcpu.shareUpcallPending(), 1e-9);
        String csv = RangeStatistics.portsCsv(result);
        assertTrue(csv.startsWith("port,name,events,events_per_second,"), csv);
        assertTrue(csv.contains("\n3,netfront,2,1.818,0.2273,0.0455,0.0455,2,200000,200000\n"), csv);
    }

    @Test
    void anEventAcrossAGapIsNotTimed() {
        List<Snapshot> snapshots = new ArrayList<>();
        for (long t = 0; t <= 200; t += 50) {
            snapshots.add(Snapshots.at(t, GUEST, new SharedInfoPage().pending(t >= 150, 3)));
        }
        snapshots.add(Snapshots.at(5_000, GUEST, new SharedInfoPage()));   // cleared, but when is unknown
        RangeStatistics statistics = new RangeStatistics();
        snapshots.forEach(statistics::add);
        RangeStatistics.PortStats port = statistics.result().ports().get(0);
        assertEquals(1, port.events());
        assertEquals(0, port.handled(), "a clear seen only after a gap has no known time");
        assertEquals(1, statistics.result().gaps());
    }

    @Test
    void aFindingRaisedAndClearedIsARow() {
        ChangeExtractor extractor = new ChangeExtractor();
        Snapshot a = Snapshots.at(0, GUEST, new SharedInfoPage());
        Snapshot b = Snapshots.at(50, GUEST, new SharedInfoPage());
        Snapshot c = Snapshots.at(100, GUEST, new SharedInfoPage());
        var finding = new org.xenguest.debug.core.findings.Finding(
                org.xenguest.debug.core.findings.FindingCode.values()[0], List.of(3), List.of(), "seen", 0, 1);
        extractor.next(a, List.of());
        List<ChangeEvent> raised = extractor.next(b, List.of(finding));
        List<ChangeEvent> cleared = extractor.next(c, List.of());
        assertEquals(1, raised.size());
        assertEquals("raised", raised.get(0).to());
        assertEquals(ChangeEvent.Kind.FINDING, cleared.get(0).kind());
        assertEquals("cleared", cleared.get(0).to());
    }
}
