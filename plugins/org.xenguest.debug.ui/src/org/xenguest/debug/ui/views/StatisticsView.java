package org.xenguest.debug.ui.views;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TableColumn;
import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.analysis.RangeStatistics.PortStats;
import org.xenguest.debug.core.analysis.RangeStatistics.VcpuStats;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.live.RangeStatisticsJob;
import org.xenguest.debug.ui.live.TimeSelection;

/**
 * Statistics per port and per vCPU over the selected range (the whole session when live or when
 * one time is selected): events a second (pending edges), the share of time pending, masked and
 * pending while masked, the longest and 99th-percentile time from pending to cleared. Columns
 * sort on a click; the export is the CSV {@code xenguest stats --csv} prints. Computed on a
 * worker thread ({@link RangeStatisticsJob}), at most once a second while a session runs.
 */
public final class StatisticsView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.statistics";
    private static final long LIVE_EVERY_NANOS = 1_000_000_000L;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "xenguest-statistics");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Runnable timeSelected = this::recompute;
    private final Runnable recordingRowsArrived = this::recompute;
    private Label rangeLine;
    private org.eclipse.swt.widgets.Display display;
    private TableViewer ports;
    private TableViewer vcpus;
    private volatile RangeStatistics.Result shown;
    private volatile long computations;
    private long lastComputedNanos;
    private String note = "";
    private org.xenguest.debug.ui.live.SessionEvents shownEvents;

    @Override
    protected void createContent(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        body.setLayout(layout);
        display = parent.getDisplay();
        rangeLine = new Label(body, SWT.NONE);
        rangeLine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button export = new Button(body, SWT.PUSH);
        export.setText("Export CSV...");
        export.setToolTipText("The same CSV as xenguest stats --csv: the ports' table, a blank line, the vCPUs' table");
        export.addListener(SWT.Selection, event -> exportChosenFile());
        SashForm tables = new SashForm(body, SWT.VERTICAL);
        tables.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        ports = table(tables);
        column(ports, PortStats.class, "Port", 50, PortStats::port, p -> Integer.toString(p.port()));
        column(ports, PortStats.class, "Name", 150, p -> p.name() == null ? "" : p.name(), p -> p.name() == null ? "-" : p.name());
        column(ports, PortStats.class, "Events", 70, PortStats::events, p -> Long.toString(p.events()));
        column(ports, PortStats.class, "Events/s", 80, PortStats::eventsPerSecond, p -> decimal(p.eventsPerSecond(), 2));
        column(ports, PortStats.class, "Pending", 75, PortStats::sharePending, p -> percent(p.sharePending()));
        column(ports, PortStats.class, "Masked", 75, PortStats::shareMasked, p -> percent(p.shareMasked()));
        column(ports, PortStats.class, "Pending while masked", 140, PortStats::sharePendingWhileMasked,
                p -> percent(p.sharePendingWhileMasked()));
        column(ports, PortStats.class, "Handled", 70, PortStats::handled, p -> Long.toString(p.handled()));
        column(ports, PortStats.class, "Longest (ms)", 95, PortStats::longestPendingNanos, p -> decimal(p.longestPendingNanos() / 1e6, 3));
        column(ports, PortStats.class, "p99 (ms)", 85, PortStats::p99PendingNanos, p -> decimal(p.p99PendingNanos() / 1e6, 3));
        vcpus = table(tables);
        column(vcpus, VcpuStats.class, "vCPU", 50, VcpuStats::vcpu, v -> Integer.toString(v.vcpu()));
        column(vcpus, VcpuStats.class, "Upcalls", 70, VcpuStats::upcalls, v -> Long.toString(v.upcalls()));
        column(vcpus, VcpuStats.class, "Upcalls/s", 80, VcpuStats::upcallsPerSecond, v -> decimal(v.upcallsPerSecond(), 2));
        column(vcpus, VcpuStats.class, "Upcall pending", 110, VcpuStats::shareUpcallPending, v -> percent(v.shareUpcallPending()));
        column(vcpus, VcpuStats.class, "Upcall masked", 110, VcpuStats::shareUpcallMasked, v -> percent(v.shareUpcallMasked()));
        column(vcpus, VcpuStats.class, "Longest (ms)", 95, VcpuStats::longestUpcallPendingNanos,
                v -> decimal(v.longestUpcallPendingNanos() / 1e6, 3));
        tables.setWeights(3, 1);
        TimeSelection.addListener(timeSelected);
    }

    private static TableViewer table(Composite parent) {
        TableViewer viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        return viewer;
    }

    private static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A column that shows {@code text} and sorts by {@code key}; a second click on it reverses the order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R> void column(TableViewer viewer, Class<R> type, String title, int width, Function<R, Comparable> key,
            Function<R, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        TableColumn header = column.getColumn();
        header.setText(title);
        header.setWidth(width);
        header.setMoveable(true);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((R) element);
            }
        });
        header.addListener(SWT.Selection, event -> {
            var table = viewer.getTable();
            int direction = table.getSortColumn() == header && table.getSortDirection() == SWT.UP ? SWT.DOWN : SWT.UP;
            table.setSortColumn(header);
            table.setSortDirection(direction);
            Comparator<Object> order = Comparator.comparing(row -> key.apply((R) row));
            Comparator<Object> directed = direction == SWT.UP ? order : order.reversed();
            viewer.setComparator(new ViewerComparator() {
                @Override
                public int compare(Viewer v, Object a, Object b) {
                    return directed.compare(a, b);
                }
            });
        });
    }

    // ---- following the session and the selected time -----------------------------------------

    @Override
    protected void sessionReplaced() {
        if (shownEvents != null) {
            shownEvents.removeListener(recordingRowsArrived);
        }
        LiveSession session = LiveSessions.current();
        shownEvents = session == null ? null : session.events();
        if (shownEvents != null) {
            shownEvents.addListener(recordingRowsArrived);
        }
        recompute();
    }

    @Override
    protected void refresh(LiveSession session) {
        // a running session's whole-session figures change with every snapshot: at most once a second
        if (TimeSelection.isLive() && System.nanoTime() - lastComputedNanos > LIVE_EVERY_NANOS) {
            recompute();
        }
    }

    /** Computes the figures for the current session and selection on the worker; requests coalesce. */
    public void recompute() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        lastComputedNanos = System.nanoTime();
        worker.execute(() -> {
            queued.set(false);
            RangeStatisticsJob.Outcome outcome = RangeStatisticsJob.compute(LiveSessions.current(), TimeSelection.selected());
            if (!display.isDisposed()) {
                display.asyncExec(() -> show(outcome));
            }
        });
    }

    private void show(RangeStatisticsJob.Outcome outcome) {
        if (rangeLine.isDisposed()) {
            return;
        }
        RangeStatistics.Result result = outcome.result();
        shown = result;
        computations++;
        ports.setInput(result == null ? List.of() : result.ports());
        vcpus.setInput(result == null ? List.of() : result.vcpus());
        String text = "Over " + outcome.over();
        if (result != null) {
            text += String.format(Locale.ROOT, ": %,d snapshots over %.3f s (%.3f s observed, %d gaps left out)",
                    result.snapshots(), result.spanNanos() / 1e9, result.observedNanos() / 1e9, result.gaps());
        }
        if (outcome.problem() != null) {
            text += "; " + outcome.problem();
        }
        text += note;
        rangeLine.setText(text);
        rangeLine.setToolTipText(text);
        rangeLine.setForeground(outcome.problem() != null ? palette().finding() : null);
    }

    // ---- export -------------------------------------------------------------------------------

    /** The figures shown as CSV ({@link RangeStatistics#csv}), or empty when none are. */
    public String csv() {
        RangeStatistics.Result result = shown;
        return result == null ? "" : RangeStatistics.csv(result);
    }

    private void exportChosenFile() {
        if (shown == null) {
            return;
        }
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setText("Export the statistics as CSV (the same as xenguest stats --csv)");
        dialog.setFileName("statistics.csv");
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen == null) {
            return;
        }
        try {
            Files.writeString(Path.of(chosen), csv(), StandardCharsets.UTF_8);
            note = "; exported to " + chosen;
        } catch (IOException e) {
            note = "; cannot export to " + chosen + ": " + e.getMessage();
        }
        rangeLine.setText(rangeLine.getText().replaceFirst("; (exported|cannot export) to .*$", "") + note);
    }

    // ---- for the tests ------------------------------------------------------------------------

    public TableViewer ports() {
        return ports;
    }

    public TableViewer vcpus() {
        return vcpus;
    }

    public String rangeText() {
        return rangeLine.getText();
    }

    /** How many results have been shown (a test waits for the next). */
    public long computations() {
        return computations;
    }

    @Override
    public void dispose() {
        TimeSelection.removeListener(timeSelected);
        if (shownEvents != null) {
            shownEvents.removeListener(recordingRowsArrived);
        }
        worker.shutdownNow();
        super.dispose();
    }
}
