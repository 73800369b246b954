package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.record.SnapshotRecorder;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.live.TimeSelection;
import org.xenguest.debug.ui.views.EventListView;
import org.xenguest.debug.ui.views.StatisticsView;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.ui.Ui;

/**
 * The Event List and Statistics views in a real workbench over a scripted session whose every
 * change is known: a crafted recording replayed, and a live session through the scripted stub.
 */
class EventListAndStatisticsViewsTest {

    private static final Duration WAIT = LiveViewsTest.WAIT;
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    private static final GuestDescriptor GUEST = new GuestDescriptor("g", 0x100000L, 1,
            List.of(new GuestDescriptor.Port(5, "net0", "interdomain", "on_net0", 0)), null, List.of(), null, List.of());
    /** Every row of {@link #recording()}, as {@code xenguest events} prints them. */
    private static final String ALL_ROWS = """
                 0.050000 #1 port 7: pending 0 -> 1
                 0.100000 #2 port 5 net0: pending 0 -> 1
                 0.100000 #2 port 7: pending 1 -> 0
                 0.200000 #4 port 7: pending 0 -> 1
                 0.250000 #5 port 7: pending 1 -> 0
                 0.300000 #6 port 5 net0: pending 1 -> 0
            """;

    @TempDir
    Path dir;
    private IWorkbenchPage page;
    private LiveSession session;

    @BeforeEach
    void openWorkbench() {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setBounds(0, 0, 1500, 960);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void closeSession() {
        if (session != null) {
            CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
            Ui.waitUntil("the session to disconnect", WAIT, done::isDone);
        }
        LiveSessions.show(null);
        TimeSelection.followLive();
        for (var reference : page.getViewReferences()) {
            page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
        }
    }

    /**
     * 10 snapshots 50 ms apart: port 5 (net0) pending from 100 to 300 ms, port 7 pending from 50
     * to 100 ms and from 200 to 250 ms; recorded as watch --record does.
     */
    private Path recording() throws Exception {
        Path file = dir.resolve("session.jsonl");
        try (SnapshotRecorder recorder = SnapshotRecorder.create(file, "scripted", 0x100000, GUEST)) {
            for (int i = 0; i < 10; i++) {
                long t = i * 50L;
                SharedInfoPage sharedInfo = new SharedInfoPage().pending(t >= 100 && t < 300, 5)
                        .pending(t >= 50 && t < 100 || t >= 200 && t < 250, 7);
                recorder.record(Snapshot.decode(i, START.plusMillis(t), t * 1_000_000L, "scripted", GUEST,
                        List.of(new MemoryRegion(MemoryRegion.SHARED_INFO, 0x100000, sharedInfo.bytes()))), List.of(), null);
            }
        }
        return file;
    }

    private void replay(Path recording) {
        session = LiveSession.replay(recording, Duration.ofMillis(20), RuleThresholds.defaults());
        LiveSessions.show(session);
    }

    private <T extends IViewPart> T show(String id, Class<T> type) throws Exception {
        IViewPart part = page.showView(id);
        page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.pump(Duration.ofMillis(200));
        return type.cast(part);
    }

    private static void waitForRows(EventListView view, int rows) {
        Ui.waitUntil(WAIT, () -> view.isCaughtUp() && view.table().getItemCount() == rows,
                () -> rows + " rows shown; the view says: " + view.messageText());
    }

    @Test
    void theEventListFiltersFindsGoesToTimeAndExportsWhatTheCliPrints() throws Exception {
        replay(recording());
        EventListView view = show(EventListView.ID, EventListView.class);
        waitForRows(view, 6);
        assertEquals(ALL_ROWS, view.exportText(), "every row, as xenguest events prints it");
        Table table = view.table();
        assertEquals("0.100000", table.getItem(1).getText(0));
        assertEquals("#2", table.getItem(1).getText(1));
        assertEquals("port", table.getItem(1).getText(2));
        assertEquals("port 5 net0", table.getItem(1).getText(3));
        assertEquals("pending 0 -> 1", table.getItem(1).getText(4));
        assertTrue(view.messageText().startsWith("6 of 6 rows"), view.messageText());

        view.setFilter("5", "", "", "", false);
        waitForRows(view, 2);
        assertEquals("     0.100000 #2 port 5 net0: pending 0 -> 1\n     0.300000 #6 port 5 net0: pending 1 -> 0\n",
                view.exportText());
        Path exported = dir.resolve("port5.txt");
        view.exportTo(exported);
        Ui.waitUntil("the export", WAIT, () -> view.messageText().contains("exported 2 rows"));
        assertEquals(view.exportText(), Files.readString(exported), "the file holds the rows shown");

        view.setFilter("", "", "port", "pending 1 -> \\d", true);
        waitForRows(view, 3);
        assertEquals(List.of("#2", "#5", "#6"), column(table, 1));

        // a bad regular expression is told, and the last good filter stays
        view.setFilter("", "", "port", "pending (1", true);
        Ui.pump(Duration.ofMillis(100));
        assertTrue(view.messageText().startsWith("Filter: bad regular expression pending (1: Unclosed group"),
                view.messageText());
        assertEquals(3, table.getItemCount());
        view.setFilter("", "", "bogus", "", false);
        assertTrue(view.messageText().contains("bogus: not a kind"), view.messageText());

        // find next and previous, over every row; a found row selects its time in every view
        view.setFilter("", "", "", "", false);
        waitForRows(view, 6);
        view.setFindText("port 7: pending 1");
        view.find(true);
        Ui.waitUntil("the first match", WAIT, () -> table.getSelectionIndex() == 2);
        assertEquals(TimeSelection.Range.at(START.plusMillis(100)), TimeSelection.selected().orElseThrow());
        view.find(true);
        Ui.waitUntil("the next match", WAIT, () -> table.getSelectionIndex() == 4);
        view.find(true);
        Ui.waitUntil("no further match told", WAIT, () -> view.messageText().contains("no further row holds"));
        assertEquals(4, table.getSelectionIndex());
        view.find(false);
        Ui.waitUntil("the previous match", WAIT, () -> table.getSelectionIndex() == 2);

        // go to time: seconds from the start, or an ISO-8601 time
        view.goToTime("0.21");
        Ui.waitUntil("the row at 0.25 s", WAIT, () -> table.getSelectionIndex() == 4);
        assertEquals(TimeSelection.Range.at(START.plusMillis(210)), TimeSelection.selected().orElseThrow());
        view.goToTime("2026-12-07T10:00:00.3Z");
        Ui.waitUntil("the row at 0.3 s", WAIT, () -> table.getSelectionIndex() == 5);
        view.goToTime("soon");
        Ui.waitUntil("the bad time told", WAIT, () -> view.messageText().contains("Go to time: soon is neither"));

        // selecting a row selects its time; a time selected elsewhere shows its row
        table.setSelection(0);
        table.notifyListeners(SWT.Selection, new Event());
        assertEquals(TimeSelection.Range.at(START.plusMillis(50)), TimeSelection.selected().orElseThrow());
        TimeSelection.select(TimeSelection.Range.at(START.plusMillis(190)));
        Ui.waitUntil("the row at 0.2 s", WAIT, () -> table.getSelectionIndex() == 3);
    }

    private static List<String> column(Table table, int index) {
        List<String> cells = new ArrayList<>();
        for (int row = 0; row < table.getItemCount(); row++) {
            cells.add(table.getItem(row).getText(index));
        }
        return cells;
    }

    @Test
    void theStatisticsViewShowsEachPortsFiguresSortsAndExportsTheCliCsv() throws Exception {
        replay(recording());
        StatisticsView view = show(StatisticsView.ID, StatisticsView.class);
        Ui.waitUntil(WAIT, () -> view.rangeText().contains("10 snapshots") && !view.rangeText().contains("still reading"),
                () -> "the whole recording; the view says: " + view.rangeText());
        Table ports = view.ports().getTable();
        assertEquals(List.of("5", "7"), column(ports, 0));
        assertEquals(List.of("net0", "-"), column(ports, 1));
        assertEquals(List.of("1", "2"), column(ports, 2), "pending edges");
        assertEquals(List.of("2.22", "4.44"), column(ports, 3), "events a second over 0.45 s");
        assertEquals(List.of("44.4%", "22.2%"), column(ports, 4), "share of time pending");
        assertEquals(List.of("200.000", "50.000"), column(ports, 8), "longest pending to cleared");
        assertEquals(List.of("200.000", "50.000"), column(ports, 9), "p99");
        assertEquals(List.of("0"), column(view.vcpus().getTable(), 0));
        assertEquals("""
                port,name,events,events_per_second,share_pending,share_masked,share_pending_while_masked,handled,\
                longest_pending_us,p99_pending_us
                5,net0,1,2.222,0.4444,0.0000,0.0000,1,200000,200000
                7,,2,4.444,0.2222,0.0000,0.0000,2,50000,50000

                vcpu,upcalls,upcalls_per_second,share_upcall_pending,share_upcall_masked,longest_upcall_pending_us
                0,0,0.000,0.0000,0.0000,0
                """, view.csv(), "the CSV xenguest stats --csv prints");

        // sorting: a click on a header sorts by it, a second click reverses
        TableColumn events = ports.getColumn(2);
        events.notifyListeners(SWT.Selection, new Event());
        assertEquals(List.of("5", "7"), column(ports, 0), "fewest events first");
        events.notifyListeners(SWT.Selection, new Event());
        assertEquals(List.of("7", "5"), column(ports, 0), "most events first");
        assertEquals(SWT.DOWN, ports.getSortDirection());
        ports.getColumn(8).notifyListeners(SWT.Selection, new Event());
        assertEquals(List.of("7", "5"), column(ports, 0), "shortest longest-pending first");

        // a selected range: only its snapshots (100..300 ms), read from the recording
        long before = view.computations();
        TimeSelection.select(new TimeSelection.Range(START.plusMillis(100), START.plusMillis(300)));
        Ui.waitUntil(WAIT, () -> view.computations() > before && view.rangeText().contains("5 snapshots"),
                () -> "the range's figures; the view says: " + view.rangeText());
        assertTrue(view.rangeText().contains("over 0.200 s"), view.rangeText());
        assertEquals(List.of("5", "7"), column(ports, 0), "still sorted by the longest time pending");
        assertEquals(List.of("0.000", "50.000"), column(ports, 8),
                "port 5 was pending at the range's start: when it rose is unknown, so it is not timed");
        assertEquals(List.of("1", "1"), column(ports, 2));

        // once the replay's time line is read, the figures come from its lanes: the recording itself is not read
        Ui.waitUntil("the replay's time line", WAIT, () -> session.timeline() != null);
        Path recording = session.events().recording();
        Path away = recording.resolveSibling("moved-away.jsonl");
        Files.move(recording, away);
        try {
            var outcome = org.xenguest.debug.ui.live.RangeStatisticsJob.compute(session,
                    java.util.Optional.of(new TimeSelection.Range(START.plusMillis(100), START.plusMillis(300))));
            assertEquals(null, outcome.problem(), "the decoding path would say it cannot read the recording");
            assertEquals(5, outcome.result().snapshots());
            assertEquals(List.of(5, 7), outcome.result().ports().stream().map(p -> p.port()).toList());
            assertEquals(50_000_000L, outcome.result().ports().get(1).longestPendingNanos());
        } finally {
            Files.move(away, recording);
        }
    }

    @Test
    void aLiveSessionsRowsAndFiguresGrowAsItRuns() throws Exception {
        long sharedInfo = LiveViewsTest.SHARED_INFO;
        try (ScriptedRspStub stub = ScriptedRspStub.serving(sharedInfo, new SharedInfoPage().bytes())) {
            session = LiveSession.connect(SessionSettings.of(stub.address(), sharedInfo, LiveViewsTest.GUEST)
                    .withReplyTimeout(Duration.ofMillis(500)));
            LiveSessions.show(session);
            EventListView list = show(EventListView.ID, EventListView.class);
            Ui.waitUntil("a few snapshots", WAIT, () -> session.updateCount() >= 3);
            stub.page(new SharedInfoPage().pending(10).bytes());
            Ui.waitUntil(WAIT, () -> list.table().getItemCount() >= 1, () -> "a row; the view says: " + list.messageText());
            stub.page(new SharedInfoPage().bytes());
            Ui.waitUntil(WAIT, () -> list.table().getItemCount() >= 2, () -> "two rows; the view says: " + list.messageText());
            List<String> rows = list.exportText().lines().map(l -> l.replaceFirst("^ *[0-9.]+ #[0-9]+ ", "")).toList();
            assertEquals(List.of("port 10: pending 0 -> 1", "port 10: pending 1 -> 0"), rows);

            StatisticsView statistics = show(StatisticsView.ID, StatisticsView.class);
            Ui.waitUntil(WAIT, () -> column(statistics.ports().getTable(), 0).contains("10"),
                    () -> "port 10's figures; the view says: " + statistics.rangeText());
            int row = column(statistics.ports().getTable(), 0).indexOf("10");
            assertEquals("1", statistics.ports().getTable().getItem(row).getText(2), "one pending edge");
            assertTrue(statistics.rangeText().startsWith("Over the whole session"), statistics.rangeText());
        }
    }
}
