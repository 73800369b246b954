package org.xenguest.debug.ui.views;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.xenguest.debug.core.analysis.ChangeEvent;
import org.xenguest.debug.core.analysis.EventFilter;
import org.xenguest.debug.core.analysis.FilteredEvents;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.SessionEvents;
import org.xenguest.debug.ui.live.TimeSelection;

/**
 * Every change of the shown session as a row (time, snapshot, kind, object, old -> new): a live
 * session's rows grow as it runs, a replayed recording's are all there. Filters (port, vCPU,
 * kind, text or regular expression), find next/previous, go to time, and an export of the
 * filtered rows as the same text {@code xenguest events} prints. Selecting a row selects its
 * time in every view ({@link TimeSelection}). Stays responsive on long sessions: the table is
 * virtual (a row is read when it is shown), filtering, finding and exporting run on a worker
 * thread, and the rows themselves live on disk ({@link org.xenguest.debug.core.analysis.EventLog}).
 */
public final class EventListView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.eventList";

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "xenguest-event-list");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean catchUpQueued = new AtomicBoolean();
    private final Runnable recordingRowsArrived = this::requestCatchUp;
    private final Runnable timeSelected = this::timeSelectedElsewhere;
    private Text portField;
    private Text vcpuField;
    private Text kindField;
    private Text textField;
    private Button regexButton;
    private Text findField;
    private Text timeField;
    private Label message;
    private Table table;
    private SessionEvents shownEvents;
    private volatile FilteredEvents filtered;
    private String filterProblem;
    private String note = "";
    /** The time this view selected last: its own selection coming back is not followed again. */
    private volatile Instant selectedHere;

    @Override
    protected void createContent(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        body.setLayout(layout);

        Composite filters = row(body, 9);
        portField = field(filters, "Port:", 50, "Only these ports' rows (and the gaps), e.g. 3 or 3,5");
        vcpuField = field(filters, "vCPU:", 40, "Only these vCPUs' rows (and the gaps), e.g. 0");
        kindField = field(filters, "Kind:", 90, "port, vcpu, ring, grants, xenstore, device, finding, gap (comma-separated)");
        textField = field(filters, "Text:", 0, "Only rows whose text holds this (any case), or matches it as a regular expression");
        regexButton = new Button(filters, SWT.CHECK);
        regexButton.setText("Regular expression");
        regexButton.setToolTipText("Text and Find are Java regular expressions");
        for (Text text : new Text[] {portField, vcpuField, kindField, textField}) {
            text.addListener(SWT.Modify, event -> applyFilter());
        }
        regexButton.addListener(SWT.Selection, event -> applyFilter());

        Composite tools = row(body, 9);
        findField = field(tools, "Find:", 0, "Text (or a regular expression) to find in the rows shown; Enter finds the next");
        findField.addListener(SWT.DefaultSelection, event -> find(true));
        button(tools, "Previous", () -> find(false));
        button(tools, "Next", () -> find(true));
        timeField = field(tools, "Go to time:", 120,
                "Seconds from the session's start (as in the Time column), or an ISO-8601 time such as 2026-12-07T10:00:00.25Z");
        timeField.addListener(SWT.DefaultSelection, event -> goToTime(timeField.getText()));
        button(tools, "Go", () -> goToTime(timeField.getText()));
        button(tools, "Export...", this::exportChosenFile);

        message = new Label(body, SWT.NONE);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        table = new Table(body, SWT.VIRTUAL | SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("Time (s)", 100, SWT.RIGHT);
        column("Snapshot", 80, SWT.RIGHT);
        column("Kind", 70, SWT.LEFT);
        column("Object", 220, SWT.LEFT);
        column("Change", 320, SWT.LEFT);
        table.addListener(SWT.SetData, this::fillRow);
        table.addListener(SWT.Selection, event -> rowSelected(table.getSelectionIndex()));
        TimeSelection.addListener(timeSelected);
        applyFilter();
    }

    private static Composite row(Composite parent, int columns) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(columns, false);
        layout.marginHeight = 0;
        row.setLayout(layout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return row;
    }

    private static Text field(Composite parent, String label, int width, String tip) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER | SWT.SINGLE);
        text.setToolTipText(tip);
        GridData data = new GridData(width == 0 ? SWT.FILL : SWT.LEFT, SWT.CENTER, width == 0, false);
        data.widthHint = width == 0 ? 120 : width;
        text.setLayoutData(data);
        return text;
    }

    private static void button(Composite parent, String label, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.addListener(SWT.Selection, event -> action.run());
    }

    private void column(String title, int width, int alignment) {
        TableColumn column = new TableColumn(table, alignment);
        column.setText(title);
        column.setWidth(width);
    }

    /** Reads a row when the table first shows it. */
    private void fillRow(Event event) {
        FilteredEvents rows = filtered;
        if (rows == null || event.index >= rows.size()) {
            return;
        }
        ChangeEvent row = rows.get(event.index);
        ((TableItem) event.item).setText(cells(row));
    }

    /** A row's cells: the same facts, in the same words, as its line in the export. */
    public static String[] cells(ChangeEvent row) {
        String change = row.kind() == ChangeEvent.Kind.GAP ? row.field() + " " + row.to()
                : row.field() + " " + row.from() + " -> " + row.to();
        return new String[] {String.format(java.util.Locale.ROOT, "%.6f", row.offsetNanos() / 1e9),
            "#" + row.sequence(), row.kind().label(), row.object(), change};
    }

    // ---- following the session -----------------------------------------------------------

    @Override
    protected void sessionReplaced() {
        LiveSession session = org.xenguest.debug.ui.live.LiveSessions.current();
        if (shownEvents != null) {
            shownEvents.removeListener(recordingRowsArrived);
        }
        shownEvents = session == null ? null : session.events();
        if (shownEvents != null) {
            shownEvents.addListener(recordingRowsArrived);
        }
        applyFilter();
    }

    @Override
    protected void refresh(LiveSession session) {
        requestCatchUp();
    }

    /** Builds the shown rows anew from the filter fields; a bad field is told and the last good filter stays. */
    private void applyFilter() {
        if (table == null || table.isDisposed()) {
            return;
        }
        EventFilter filter;
        try {
            filter = EventFilter.parse(portField.getText(), vcpuField.getText(), kindField.getText(), textField.getText(),
                    regexButton.getSelection());
            filterProblem = null;
        } catch (IllegalArgumentException e) {
            filterProblem = "Filter: " + e.getMessage();
            showCount();
            return;
        }
        filtered = shownEvents == null ? null : new FilteredEvents(shownEvents.log(), filter);
        table.clearAll();
        table.setItemCount(0);
        note = "";
        showCount();
        requestCatchUp();
    }

    /** Filters the rows the log gained, on the worker, then shows the count; requests coalesce. */
    private void requestCatchUp() {
        if (!catchUpQueued.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            catchUpQueued.set(false);
            FilteredEvents rows = filtered;
            if (rows != null) {
                rows.catchUp(() -> rows != filtered);
            }
            onUi(this::showCount);
        });
    }

    private void showCount() {
        if (table.isDisposed()) {
            return;
        }
        FilteredEvents rows = filtered;
        int count = rows == null ? 0 : rows.size();
        if (count != table.getItemCount()) {
            table.setItemCount(count);
        }
        String text;
        if (filterProblem != null) {
            text = filterProblem;
        } else if (shownEvents == null) {
            text = "No session: launch a guest or replay a recording; its changes are listed here.";
        } else {
            int all = shownEvents.log().size();
            text = String.format("%,d of %,d rows", count, all) + (rows != null && !rows.caughtUp() ? ", filtering..." : "")
                    + (shownEvents.problem() != null ? "; " + shownEvents.problem() : "") + note;
        }
        message.setText(text);
        message.setToolTipText(text);
        message.setForeground(filterProblem != null || (shownEvents != null && shownEvents.problem() != null)
                ? palette().finding() : null);
        message.getParent().layout(new org.eclipse.swt.widgets.Control[] {message});
    }

    private void onUi(Runnable action) {
        if (!table.isDisposed()) {
            table.getDisplay().asyncExec(() -> {
                if (!table.isDisposed()) {
                    action.run();
                }
            });
        }
    }

    // ---- the selected time ----------------------------------------------------------------

    private void rowSelected(int index) {
        FilteredEvents rows = filtered;
        if (rows == null || index < 0 || index >= rows.size()) {
            return;
        }
        Instant time = rows.get(index).time();
        selectedHere = time;
        TimeSelection.select(TimeSelection.Range.at(time));
    }

    private void select(int index) {
        if (index < 0 || index >= table.getItemCount()) {
            return;
        }
        table.setSelection(index);
        table.showSelection();
    }

    /** Another view picked a time: show the first row at or after it. */
    private void timeSelectedElsewhere() {
        Optional<TimeSelection.Range> range = TimeSelection.selected();
        if (range.isEmpty() || range.get().from().equals(selectedHere)) {
            return;
        }
        Instant from = range.get().from();
        worker.execute(() -> {
            FilteredEvents rows = filtered;
            int index = rows == null ? -1 : rows.atTime(from);
            onUi(() -> select(index));
        });
    }

    // ---- find, go to time, export ------------------------------------------------------------

    /** Finds the next (or previous) row shown whose text holds the Find field's text. */
    public void find(boolean forward) {
        String wanted = findField.getText();
        if (wanted.isEmpty()) {
            return;
        }
        Pattern pattern;
        try {
            pattern = EventFilter.textPattern(wanted, regexButton.getSelection());
        } catch (PatternSyntaxException e) {
            note = "; Find: bad regular expression " + wanted + ": " + e.getDescription() + " at index " + e.getIndex();
            showCount();
            return;
        }
        FilteredEvents rows = filtered;
        if (rows == null) {
            return;
        }
        int selection = table.getSelectionIndex();
        int from = selection >= 0 ? selection : forward ? -1 : rows.size();
        worker.execute(() -> {
            int found = rows.find(pattern, from, forward, () -> rows != filtered);
            onUi(() -> {
                note = found < 0 ? "; no " + (forward ? "further" : "earlier") + " row holds \"" + wanted + "\"" : "";
                showCount();
                if (found >= 0) {
                    select(found);
                    rowSelected(found);
                }
            });
        });
    }

    /**
     * Shows the first row at or after {@code text} (seconds from the session's start, or an
     * ISO-8601 time) and selects that time in every view.
     */
    public void goToTime(String text) {
        FilteredEvents rows = filtered;
        if (rows == null || text.isBlank()) {
            return;
        }
        Long offset = null;
        Instant time = null;
        try {
            offset = Math.round(Double.parseDouble(text.strip()) * 1e9);
        } catch (NumberFormatException notSeconds) {
            try {
                time = Instant.parse(text.strip());
            } catch (DateTimeParseException notTime) {
                note = "; Go to time: " + text.strip() + " is neither seconds from the start (12.5) nor an ISO-8601"
                        + " time (2026-12-07T10:00:00.25Z)";
                showCount();
                return;
            }
        }
        Long seconds = offset;
        Instant at = time;
        worker.execute(() -> {
            if (rows.size() == 0) {
                return;
            }
            int index = seconds != null ? rows.atOffset(seconds) : rows.atTime(at);
            ChangeEvent row = rows.get(index);
            // the time asked for: an offset counts from the session's first snapshot, as the Time column does
            Instant target = seconds != null ? row.time().minusNanos(row.offsetNanos()).plusNanos(seconds) : at;
            onUi(() -> {
                note = "";
                showCount();
                select(index);
                selectedHere = target;
                TimeSelection.select(TimeSelection.Range.at(target));
            });
        });
    }

    /** The rows shown, as the export writes them (the worker writes them; for the tests). */
    public String exportText() throws IOException {
        StringWriter text = new StringWriter();
        FilteredEvents rows = filtered;
        if (rows != null) {
            rows.export(text);
        }
        return text.toString();
    }

    private void exportChosenFile() {
        FilteredEvents rows = filtered;
        if (rows == null) {
            return;
        }
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setText("Export the rows shown as text (the same lines as xenguest events)");
        dialog.setFileName("events.txt");
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            exportTo(Path.of(chosen));
        }
    }

    /** Writes the rows shown to {@code file} on the worker; the message line tells how it went. */
    public void exportTo(Path file) {
        FilteredEvents rows = filtered;
        worker.execute(() -> {
            String result;
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                rows.export(out);
                result = String.format("; exported %,d rows to %s", rows.size(), file);
            } catch (IOException | RuntimeException e) {
                result = "; cannot export to " + file + ": " + e.getMessage();
            }
            String told = result;
            onUi(() -> {
                note = told;
                showCount();
            });
        });
    }

    // ---- for the tests ------------------------------------------------------------------------

    /** Sets the filter fields as a user would type them. */
    public void setFilter(String ports, String vcpus, String kinds, String text, boolean regex) {
        portField.setText(ports);
        vcpuField.setText(vcpus);
        kindField.setText(kinds);
        regexButton.setSelection(regex);
        textField.setText(text);
        applyFilter();
    }

    public void setFindText(String text) {
        findField.setText(text);
    }

    public Table table() {
        return table;
    }

    public String messageText() {
        return message.getText();
    }

    /** True when the rows shown are filtered up to the end of the session's rows so far. */
    public boolean isCaughtUp() {
        FilteredEvents rows = filtered;
        return rows != null && rows.caughtUp() && table.getItemCount() == rows.size() && !catchUpQueued.get();
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
