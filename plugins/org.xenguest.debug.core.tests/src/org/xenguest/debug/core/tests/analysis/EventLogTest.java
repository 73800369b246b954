package org.xenguest.debug.core.tests.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.analysis.ChangeEvent;
import org.xenguest.debug.core.analysis.ChangeExtractor;
import org.xenguest.debug.core.analysis.EventFilter;
import org.xenguest.debug.core.analysis.EventLog;
import org.xenguest.debug.core.analysis.FilteredEvents;
import org.xenguest.debug.core.snapshot.Snapshot;

/** The event list's rows on disk, filtered, searched and exported as {@code xenguest events} prints them. */
class EventLogTest {

    private static ChangeEvent row(int i) {
        return new ChangeEvent(i, Instant.parse("2026-12-07T10:00:00Z").plusMillis(i), i * 1_000_000L,
                i % 3 == 0 ? ChangeEvent.Kind.VCPU : ChangeEvent.Kind.PORT, i % 3 == 0 ? "vcpu 0" : "port " + i % 7,
                i % 3 == 0 ? null : i % 7, i % 3 == 0 ? 0 : null, "pending", String.valueOf(i % 2), "\u00e9" + (i + 1) % 2);
    }

    @Test
    void rowsComeBackAsTheyWentInWhateverTheBlock() throws Exception {
        try (EventLog log = EventLog.create()) {
            List<ChangeEvent> rows = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                rows.add(row(i));
            }
            for (int from = 0; from < rows.size(); from += 333) {
                log.addAll(rows.subList(from, Math.min(rows.size(), from + 333)));
            }
            assertEquals(10_000, log.size());
            for (int i : new int[] {0, 1, 255, 256, 5_000, 9_998, 9_999, 17, 4_000}) {
                assertEquals(rows.get(i), log.get(i), "row " + i);
            }
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i), log.get(i));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> log.get(10_000));
        }
    }

    @Test
    void theFilteredRowsAreFoundByTextAndTimeAndExportedAsTheCliPrintsThem() throws Exception {
        List<Snapshot> snapshots = AnalysisTest.session();
        ChangeExtractor extractor = new ChangeExtractor();
        try (EventLog log = EventLog.create()) {
            for (Snapshot s : snapshots) {
                log.addAll(extractor.next(s, List.of()));
            }
            assertEquals(17, log.size());
            FilteredEvents port3 = new FilteredEvents(log, EventFilter.parse("3", "", "", "", false));
            assertEquals(7, port3.catchUp(() -> false), "six port rows and the gap");
            assertTrue(port3.caughtUp());
            StringWriter export = new StringWriter();
            port3.export(export);
            assertEquals("""
                         0.200000 #200 port 3 netfront: pending 0 -> 1
                         0.300000 #300 port 3 netfront: masked 0 -> 1
                         0.350000 #350 port 3 netfront: masked 1 -> 0
                         0.400000 #400 port 3 netfront: pending 1 -> 0
                         2.950000 #2950 session: no snapshot for 2.000 s
                         3.000000 #3000 port 3 netfront: pending 0 -> 1
                         3.050000 #3050 port 3 netfront: pending 1 -> 0
                    """, export.toString());

            assertEquals(3, port3.find(EventFilter.textPattern("PENDING 1 -> 0", false), 0, true, () -> false));
            assertEquals(6, port3.find(EventFilter.textPattern("pending 1 -> 0", false), 3, true, () -> false));
            assertEquals(-1, port3.find(EventFilter.textPattern("pending 1 -> 0", false), 6, true, () -> false));
            assertEquals(3, port3.find(EventFilter.textPattern("pending 1 -> 0", false), 6, false, () -> false));
            assertEquals(4, port3.atOffset(1_000_000_000L), "the first row at or after 1 s: the gap");
            assertEquals(1, port3.atTime(snapshots.get(0).takenAt().plusMillis(250)));
            assertEquals(6, port3.atOffset(99_000_000_000L), "after the end: the last row");

            FilteredEvents gaps = new FilteredEvents(log, EventFilter.parse("", "", "gap, finding", "", false));
            assertEquals(1, gaps.catchUp(() -> false));
            FilteredEvents upcalls = new FilteredEvents(log, EventFilter.parse("", "0", "", "upcall_pending \\d -> 1", true));
            assertEquals(2, upcalls.catchUp(() -> false));
            assertEquals(3000L, upcalls.get(1).sequence());
        }
    }

    @Test
    void badFilterInputIsToldWithTheFieldAndWhy() {
        IllegalArgumentException regex = assertThrows(IllegalArgumentException.class,
                () -> EventFilter.parse("", "", "", "pending (", true));
        assertTrue(regex.getMessage().startsWith("bad regular expression pending (: Unclosed group"), regex.getMessage());
        assertEquals("port x: not a number (e.g. 3 or 3,5)",
                assertThrows(IllegalArgumentException.class, () -> EventFilter.parse("3,x", "", "", "", false)).getMessage());
        assertEquals("bogus: not a kind (port, vcpu, ring, grants, xenstore, device, finding, gap)",
                assertThrows(IllegalArgumentException.class, () -> EventFilter.parse("", "", "bogus", "", false)).getMessage());
        EventFilter.parse("", "", "", "pending (", false);   // plain text: no syntax to get wrong
    }
}
