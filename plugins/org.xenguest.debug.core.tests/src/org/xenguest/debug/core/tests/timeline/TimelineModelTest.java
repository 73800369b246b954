package org.xenguest.debug.core.tests.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.tests.support.Snapshots;
import org.xenguest.debug.core.timeline.Lane;
import org.xenguest.debug.core.timeline.LaneStates;
import org.xenguest.debug.core.timeline.TimelineJournal;
import org.xenguest.debug.core.timeline.TimelineLoader;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.tests.support.SharedInfoPage;

class TimelineModelTest {

    @TempDir
    Path dir;

    /** Port 3 (named) pending at 100..200 ms, port 20 (unnamed) masked from 300 ms, ring and device moving. */
    private static List<Snapshot> series() {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long millis = i * 50L;
            SharedInfoPage page = new SharedInfoPage().upcall(0, i == 2 ? 1 : 0, 0);
            if (millis >= 100 && millis <= 200) {
                page.pending(3);
            }
            if (millis >= 300) {
                page.masked(20);
            }
            List<MemoryRegion> extra = new ArrayList<>(List.of(Snapshots.ringHeader("vif0-tx", 10 + (i / 2), 11, 7, 8)));
            extra.addAll(List.of(Snapshots.device("vif0", i < 4 ? 3 : 4, 4)));
            snapshots.add(Snapshots.at(millis, Snapshots.netfrontGuest(), page, extra.toArray(MemoryRegion[]::new)));
        }
        return snapshots;
    }

    private static long t(Snapshot snapshot) {
        return TimelineModel.nanos(snapshot.takenAt());
    }

    @Test
    void lanesKeepOnlyTheTimesAStateChanged() {
        List<Snapshot> series = series();
        TimelineModel model = new TimelineModel();
        series.forEach(s -> model.add(s, List.of()));
        assertEquals(8, model.snapshots());
        assertEquals(t(series.get(0)), model.start());
        assertEquals(t(series.get(7)), model.end());

        Lane port3 = model.lane("port 3").orElseThrow();
        assertEquals("3 netfront", port3.label());
        assertEquals(3, port3.changes(), "idle, pending at 100 ms, idle at 250 ms");
        assertEquals(0, port3.stateAt(t(series.get(1))));
        assertEquals(LaneStates.PENDING, port3.stateAt(t(series.get(2))) & LaneStates.PENDING);
        assertEquals(LaneStates.PENDING, port3.stateAt(t(series.get(4)) + 1) & LaneStates.PENDING);
        assertEquals(0, port3.stateAt(t(series.get(5))) & LaneStates.PENDING);
        assertEquals(Lane.NONE, port3.stateAt(t(series.get(0)) - 1), "nothing is known before the session");

        Lane port20 = model.lane("port 20").orElseThrow();   // unnamed: a lane once it changed, its past filled in
        assertEquals("20", port20.label());
        assertEquals(0, port20.stateAt(t(series.get(0))), "unmasked since the start");
        assertEquals(LaneStates.MASKED, port20.stateAt(t(series.get(6))));
        assertFalse(model.lane("port 21").isPresent(), "a port that never changed and has no name has no lane");

        Lane vcpu = model.lane("vcpu 0").orElseThrow();
        assertEquals(LaneStates.UPCALL_PENDING, vcpu.stateAt(t(series.get(2))));
        assertEquals(3, vcpu.changes());
        assertEquals("pending 1 mask 0", LaneStates.text(Lane.Kind.VCPU, vcpu.stateAt(t(series.get(2)))));

        Lane ring = model.lane("ring vif0-tx").orElseThrow();
        assertEquals(4, ring.changes(), "req_prod 10, 11, 12, 13");
        assertEquals("req 13 rsp 7", LaneStates.text(Lane.Kind.RING, ring.stateAt(model.end())));
        assertEquals(6, LaneStates.ringOutstanding(ring.stateAt(model.end())));

        Lane device = model.lane("device vif0").orElseThrow();
        assertEquals(2, device.changes());
        assertEquals(4, LaneStates.deviceFrontend(device.stateAt(model.end())));

        List<String> order = model.lanes().stream().map(Lane::key).toList();
        assertEquals(List.of("port 3", "port 5", "port 9", "port 20"), order.subList(0, 4), "named ports first: " + order);
        assertEquals(List.of(Lane.Kind.PORT, Lane.Kind.VCPU, Lane.Kind.RING, Lane.Kind.DEVICE),
                model.lanes().stream().map(Lane::kind).distinct().toList());
    }

    @Test
    void zoomedOutColumnsSayMixedWhereTheStateChangedInside() {
        List<Snapshot> series = series();
        TimelineModel model = new TimelineModel();
        series.forEach(s -> model.add(s, List.of()));
        Lane port3 = model.lane("port 3").orElseThrow();
        int[] whole = port3.columns(model.start(), model.end() + 1, 1);
        assertEquals(Lane.MIXED, whole[0]);
        int[] fine = port3.columns(model.start(), model.start() + 350_000_000L, 7);   // 50 ms a column
        assertEquals(0, fine[0]);
        assertEquals(LaneStates.PENDING, fine[2] & LaneStates.PENDING);
        assertEquals(LaneStates.PENDING, fine[4] & LaneStates.PENDING);
        assertEquals(0, fine[5]);
        int[] before = port3.columns(model.start() - 100_000_000L, model.start() - 1, 2);
        assertEquals(Lane.NONE, before[0]);
        assertEquals(3, model.snapshotAtOrBefore(t(series.get(3)) + 10));
        assertEquals(-1, model.snapshotAtOrBefore(model.start() - 1));
        assertEquals(2, model.snapshotsIn(t(series.get(2)), t(series.get(3))));
    }

    @Test
    void gapsAreKeptNeverFilledAndFindingsHaveTheirSpan() {
        List<Snapshot> series = series();
        TimelineModel model = new TimelineModel();
        Finding lost = new Finding(FindingCode.EVTCHN_PENDING_MASKED, List.of(3), List.of(), "pending and masked",
                100_000_000L, 2);
        for (int i = 0; i < series.size(); i++) {
            if (i == 5) {
                model.markGap("Read timed out");
            }
            model.add(series.get(i), i >= 3 && i <= 4 ? List.of(lost) : List.of());
        }
        assertEquals(List.of(new TimelineModel.Gap(t(series.get(4)), t(series.get(5)), "Read timed out")), model.gaps());
        TimelineModel.FindingSpan span = model.findings().get(0);
        assertEquals(FindingCode.EVTCHN_PENDING_MASKED, span.code());
        assertEquals(t(series.get(3)) - 100_000_000L, span.from(), "from when it began to hold");
        assertEquals(t(series.get(5)), span.to(), "to the snapshot that no longer shows it");
        assertFalse(span.open());

        model.addBookmark(t(series.get(6)), "after the stall");
        assertEquals("after the stall", model.bookmarks().get(0).note());
    }

    @Test
    void aSilenceFarLongerThanTheRhythmIsAGap() {
        TimelineModel model = new TimelineModel();
        SharedInfoPage page = SharedInfoPage.reference();
        long[] millis = {0, 50, 100, 150, 200, 1700, 1750};
        for (long m : millis) {
            model.add(Snapshots.at(m, Snapshots.netfrontGuest(), page), List.of());
        }
        assertEquals(1, model.gaps().size());
        assertEquals(1_500_000_000L, model.gaps().get(0).to() - model.gaps().get(0).from());
        assertTrue(model.gaps().get(0).reason().contains("1.500 s"), model.gaps().get(0).reason());
    }

    @Test
    void aRecordingLoadsToTheSameTimelineAsTheLiveSessionBuiltWithItsGapLines() throws IOException {
        Path file = dir.resolve("timeline.jsonl");
        List<Snapshot> series = series();
        TimelineModel live = new TimelineModel();
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "crafted", Snapshots.SHARED_INFO,
                Snapshots.netfrontGuest())) {
            for (int i = 0; i < series.size(); i++) {
                if (i == 6) {
                    recorder.gap(series.get(5).takenAt().plusMillis(10), "disconnected");
                    live.markGap("disconnected");
                }
                recorder.record(series.get(i), List.of(), null);
                live.add(series.get(i), List.of());
            }
        }
        TimelineModel loaded = TimelineLoader.load(file, RuleThresholds.defaults());
        assertEquals(live.snapshots(), loaded.snapshots());
        assertEquals(live.gaps(), loaded.gaps());
        assertEquals(live.lanes().stream().map(Lane::key).toList(), loaded.lanes().stream().map(Lane::key).toList());
        for (Lane lane : live.lanes()) {
            Lane other = loaded.lane(lane.key()).orElseThrow();
            assertEquals(lane.changes(), other.changes(), lane.key());
            for (int i = 0; i < lane.changes(); i++) {
                assertEquals(lane.timeOf(i), other.timeOf(i), lane.key());
                assertEquals(lane.stateOf(i), other.stateOf(i), lane.key());
            }
        }
    }

    @Test
    void theSessionBuildsItsTimelineAndMarksFailedReadsAsGaps() throws IOException {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, new SharedInfoPage().bytes());
        try (Session session = new Session(LiveSource.at(memory, 0x100000, null), RuleThresholds.instant())) {
            session.step();
            memory.write(0x100000, new SharedInfoPage().pending(7).masked(7).bytes());
            session.step();
            session.markGap("polling paused");
            session.step();
            TimelineModel model = session.timeline();
            assertEquals(3, model.snapshots());
            assertEquals(1, model.gaps().size());
            assertEquals("polling paused", model.gaps().get(0).reason());
            assertEquals(LaneStates.PENDING | LaneStates.MASKED,
                    model.lane("port 7").orElseThrow().stateAt(model.end()) & (LaneStates.PENDING | LaneStates.MASKED));
            assertTrue(model.findings().stream().anyMatch(f -> f.code() == FindingCode.EVTCHN_PENDING_MASKED && f.open()),
                    model.findings().toString());
        }
    }

    @Test
    void aRecordedSessionOpensFromItsTimelineFileWithBookmarksAndAStaleOneIsMadeAgain() throws IOException {
        Path file = dir.resolve("session.jsonl");
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, new SharedInfoPage().bytes());
        TimelineModel live;
        try (Session session = new Session(LiveSource.at(memory, 0x100000, null), RuleThresholds.instant())) {
            session.recordTo(file);
            for (int i = 0; i < 6; i++) {
                memory.write(0x100000, new SharedInfoPage().pending(i % 2 == 1, 7).masked(i >= 3, 7).bytes());
                if (i == 4) {
                    session.markGap("polling paused");
                }
                session.step();
            }
            live = session.timeline();
            live.addBookmark(live.end(), "the second raise");   // while recording: into the timeline file
        }
        Path journal = TimelineJournal.fileFor(file);
        assertTrue(java.nio.file.Files.readString(journal).startsWith("xenguest-timeline\t2\n"));

        TimelineModel opened = TimelineLoader.load(file, RuleThresholds.instant());
        assertSameTimeline(live, opened);
        assertEquals(List.of(new TimelineModel.Bookmark(live.end(), "the second raise")), opened.bookmarks(),
                "only the timeline file keeps bookmarks: it was read, not the snapshots");
        assertEquals(live.findings().stream().map(f -> f.key() + " " + f.from() + " " + f.open()).toList(),
                opened.findings().stream().map(f -> f.key() + " " + f.from() + " " + f.open()).toList());
        opened.addBookmark(opened.start(), "made on the recording");
        assertEquals(2, TimelineLoader.load(file, RuleThresholds.instant()).bookmarks().size(), "kept in the file");

        // a timeline file behind its recording (a crash between the two) is not believed, and is made again
        List<String> lines = java.nio.file.Files.readAllLines(journal);
        int lastSnapshot = lines.size() - 1;
        while (!lines.get(lastSnapshot).startsWith("S\t")) {
            lastSnapshot--;
        }
        java.nio.file.Files.write(journal, lines.subList(0, lastSnapshot));
        TimelineModel decoded = TimelineLoader.load(file, RuleThresholds.instant());
        assertSameTimeline(live, decoded);
        assertTrue(decoded.bookmarks().isEmpty(), "decoded from the snapshots: the bookmarks went with the stale file");
        assertTrue(java.nio.file.Files.readAllLines(journal).stream().filter(l -> l.startsWith("S\t")).count() == 6,
                "made again whole");
        java.nio.file.Files.writeString(journal, "not a timeline\n");
        assertSameTimeline(live, TimelineLoader.load(file, RuleThresholds.instant()));
    }

    private static void assertSameTimeline(TimelineModel expected, TimelineModel actual) {
        assertEquals(expected.snapshots(), actual.snapshots());
        for (int i = 0; i < expected.snapshots(); i++) {
            assertEquals(expected.timeOf(i), actual.timeOf(i));
            assertEquals(expected.sequenceOf(i), actual.sequenceOf(i));
            assertEquals(expected.monotonicOf(i), actual.monotonicOf(i), "the statistics measure intervals on it");
        }
        assertEquals(expected.gaps(), actual.gaps());
        assertEquals(expected.lanes().stream().map(Lane::key).toList(), actual.lanes().stream().map(Lane::key).toList());
        for (Lane lane : expected.lanes()) {
            Lane other = actual.lane(lane.key()).orElseThrow();
            assertEquals(lane.label(), other.label());
            assertEquals(lane.changes(), other.changes(), lane.key());
            for (int i = 0; i < lane.changes(); i++) {
                assertEquals(lane.timeOf(i), other.timeOf(i), lane.key());
                assertEquals(lane.stateOf(i), other.stateOf(i), lane.key());
            }
        }
    }
}
