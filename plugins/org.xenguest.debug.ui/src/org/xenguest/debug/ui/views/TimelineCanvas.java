package org.xenguest.debug.ui.views;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.xenguest.debug.core.timeline.Lane;
import org.xenguest.debug.core.timeline.LaneStates;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.core.view.PortColour;

/**
 * A whole session on one time line (a {@link TimelineModel}), zoomable from the whole session
 * down to single snapshots: a time axis with absolute and relative labels, the findings with their
 * span, a lane per port, vCPU, ring and device, gaps hatched (never drawn as a state), bookmarks
 * and the selected time. Wheel zooms around the pointer (Shift+wheel pans); dragging with the
 * right or middle button, or on the axis, pans; the keys +, -, Left, Right and Home (fit) too.
 * A click selects a time, a left drag a range: both go to the selection listener.
 */
public final class TimelineCanvas extends Canvas {

    private static final int MARGIN = 4;
    private static final int LABELS = 150;
    private static final int AXIS = 30;
    private static final int STRIP = 14;
    /** The finest view: a millisecond across the whole width (snapshots are 10 ms apart at most). */
    static final long MIN_SPAN = 1_000_000L;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final long[] STEPS = {1_000_000L, 2_000_000L, 5_000_000L, 10_000_000L, 20_000_000L, 50_000_000L,
        100_000_000L, 200_000_000L, 500_000_000L, 1_000_000_000L, 2_000_000_000L, 5_000_000_000L, 10_000_000_000L,
        30_000_000_000L, 60_000_000_000L, 120_000_000_000L, 300_000_000_000L, 600_000_000_000L, 1_800_000_000_000L,
        3_600_000_000_000L, 7_200_000_000_000L};

    private Palette palette;
    private TimelineModel model;
    private long viewFrom;
    private long viewTo;
    /** True while the view shows the whole session (it grows with a live session). */
    private boolean fitted = true;
    private long selectedFrom = Long.MIN_VALUE;
    private long selectedTo = Long.MIN_VALUE;
    private BiConsumer<Long, Long> selectionListener = (from, to) -> { };
    private Image buffer;
    private int dragButton;
    private int dragStartX;
    private long dragViewFrom;
    private long dragViewTo;
    private boolean dragOnAxis;
    private int dragNowX = -1;
    private long lastRenderNanos;
    /** The first lane shown (the lanes scroll under the fixed axis and findings rows). */
    private int firstLane;
    /** The finding codes seen, a row each (at most {@link #MAX_FINDING_ROWS}; the rest share the last). */
    private List<org.xenguest.debug.core.findings.FindingCode> findingCodes = List.of();
    private static final int MAX_FINDING_ROWS = 4;

    public TimelineCanvas(Composite parent) {
        super(parent, SWT.NO_BACKGROUND | SWT.V_SCROLL);
        getVerticalBar().addListener(SWT.Selection, event -> {
            firstLane = getVerticalBar().getSelection();
            redraw();
        });
        addListener(SWT.Resize, event -> updateScrollBar());
        palette = Palette.forBackground(parent.getBackground().getRGB());
        addPaintListener(event -> paint(event.gc));
        addDisposeListener(event -> {
            if (buffer != null) {
                buffer.dispose();
            }
        });
        addListener(SWT.MouseVerticalWheel, this::wheel);
        addListener(SWT.MouseDown, this::mouseDown);
        addListener(SWT.MouseMove, this::mouseMove);
        addListener(SWT.MouseUp, this::mouseUp);
        addListener(SWT.KeyDown, this::key);
        addListener(SWT.Traverse, event -> event.doit = event.detail != SWT.TRAVERSE_ARROW_NEXT
                && event.detail != SWT.TRAVERSE_ARROW_PREVIOUS);
    }

    /** Draws with {@code value} from now on (the workbench theme changed). */
    public void setPalette(Palette value) {
        palette = value;
        redraw();
    }

    /** Shows {@code value} (null: nothing), the whole session at first. */
    public void setModel(TimelineModel value) {
        model = value;
        selectedFrom = Long.MIN_VALUE;
        selectedTo = Long.MIN_VALUE;
        firstLane = 0;
        updateFindingRows();
        updateScrollBar();
        fit();
    }

    public TimelineModel model() {
        return model;
    }

    /** The session grew: a fitted view grows with it. UI thread. */
    public void modelChanged() {
        if (fitted) {
            fitRange();
        }
        updateFindingRows();
        updateScrollBar();
        redraw();
    }

    /** How many lanes fit below the axis and the findings rows. */
    private int visibleLanes() {
        Rectangle area = getClientArea();
        return Math.max(1, (area.height - laneBounds(firstLane).y - STRIP) / STRIP);
    }

    private void updateFindingRows() {
        findingCodes = model == null ? List.of()
                : model.findings().stream().map(TimelineModel.FindingSpan::code).distinct().toList();
    }

    private int findingRows() {
        return Math.max(1, Math.min(MAX_FINDING_ROWS, findingCodes.size()));
    }

    private void updateScrollBar() {
        if (isDisposed()) {
            return;
        }
        int lanes = model == null ? 0 : model.lanes().size();
        int visible = visibleLanes();
        firstLane = Math.max(0, Math.min(firstLane, lanes - visible));
        getVerticalBar().setValues(firstLane, 0, Math.max(lanes, 1), Math.min(visible, Math.max(lanes, 1)), 1, visible);
        getVerticalBar().setVisible(lanes > visible);
    }

    /** Called with the selected range (from == to for a click) in epoch nanoseconds. */
    public void setSelectionListener(BiConsumer<Long, Long> listener) {
        selectionListener = listener;
    }

    /** Shows the selection (Long.MIN_VALUE: none, live). */
    public void showSelection(long from, long to) {
        selectedFrom = from;
        selectedTo = to;
        redraw();
    }

    // ---- the visible range ---------------------------------------------------------------------

    public long viewFrom() {
        return viewFrom;
    }

    public long viewTo() {
        return viewTo;
    }

    /** Shows the whole session. */
    public void fit() {
        fitted = true;
        fitRange();
        redraw();
    }

    private void fitRange() {
        if (model == null || model.snapshots() == 0) {
            viewFrom = 0;
            viewTo = MIN_SPAN;
            return;
        }
        viewFrom = model.start();
        viewTo = Math.max(model.end(), model.start() + MIN_SPAN);
    }

    /** Shows [from, to) (clamped to at least {@link #MIN_SPAN}). */
    public void showRange(long from, long to) {
        long span = Math.max(MIN_SPAN, to - from);
        viewFrom = from;
        viewTo = from + span;
        fitted = false;
        redraw();
    }

    /** Zooms by {@code factor} (below 1: in) keeping the time under {@code x} where it is. */
    public void zoom(double factor, int x) {
        long anchor = timeAt(x);
        double fraction = (double) (anchor - viewFrom) / Math.max(1, viewTo - viewFrom);
        long span = (long) Math.max(MIN_SPAN, Math.min((viewTo - viewFrom) * factor, maxSpan()));
        long from = anchor - (long) (fraction * span);
        showRange(from, from + span);
    }

    /** Moves the view by {@code fraction} of its width (negative: back in time). */
    public void pan(double fraction) {
        long shift = (long) ((viewTo - viewFrom) * fraction);
        showRange(viewFrom + shift, viewTo + shift);
    }

    private long maxSpan() {
        if (model == null || model.snapshots() == 0) {
            return MIN_SPAN;
        }
        return Math.max(MIN_SPAN, (model.end() - model.start()) * 2);
    }

    /** The plot's left edge and width, in pixels. */
    public Rectangle plotArea() {
        Rectangle area = getClientArea();
        return new Rectangle(MARGIN + LABELS, MARGIN, Math.max(1, area.width - 2 * MARGIN - LABELS),
                Math.max(1, area.height - 2 * MARGIN));
    }

    /** The time at pixel column {@code x}. */
    public long timeAt(int x) {
        Rectangle plot = plotArea();
        return viewFrom + (long) ((double) (x - plot.x) * (viewTo - viewFrom) / plot.width);
    }

    /** The pixel column of {@code time} (may lie outside the plot). */
    public int xOf(long time) {
        Rectangle plot = plotArea();
        return plot.x + (int) Math.round((double) (time - viewFrom) * plot.width / Math.max(1, viewTo - viewFrom));
    }

    /** Where the lane {@code index} (of {@link TimelineModel#lanes()}) is drawn (above or below the area when scrolled away). */
    public Rectangle laneBounds(int index) {
        Rectangle plot = plotArea();
        return new Rectangle(plot.x, MARGIN + AXIS + findingRows() * STRIP + 6 + (index - firstLane) * STRIP, plot.width,
                STRIP - 2);
    }

    /** Where the findings of {@code code} are drawn (one row a code; the first row when none). */
    public Rectangle findingsBounds(org.xenguest.debug.core.findings.FindingCode code) {
        Rectangle plot = plotArea();
        int row = Math.max(0, Math.min(MAX_FINDING_ROWS - 1, findingCodes.indexOf(code)));
        return new Rectangle(plot.x, MARGIN + AXIS + 2 + row * STRIP, plot.width, STRIP - 2);
    }

    public Palette palette() {
        return palette;
    }

    /** How long the last frame took to draw, for the benchmark. */
    public long lastRenderNanos() {
        return lastRenderNanos;
    }

    // ---- input ---------------------------------------------------------------------------------

    private void wheel(Event event) {
        if (event.count == 0) {
            return;
        }
        if ((event.stateMask & SWT.SHIFT) != 0) {
            pan(event.count > 0 ? -0.1 : 0.1);
        } else {
            zoom(event.count > 0 ? 0.8 : 1.25, event.x);
        }
    }

    private void mouseDown(Event event) {
        setFocus();
        dragButton = event.button;
        dragStartX = event.x;
        dragNowX = event.x;
        dragViewFrom = viewFrom;
        dragViewTo = viewTo;
        dragOnAxis = event.y < MARGIN + AXIS;
    }

    private void mouseMove(Event event) {
        if (dragButton == 0) {
            return;
        }
        dragNowX = event.x;
        if (isPanning()) {
            long shift = (long) ((double) (dragStartX - event.x) * (dragViewTo - dragViewFrom) / plotArea().width);
            showRange(dragViewFrom + shift, dragViewTo + shift);
        } else {
            redraw();
        }
    }

    private boolean isPanning() {
        return dragButton == 2 || dragButton == 3 || (dragButton == 1 && dragOnAxis);
    }

    private void mouseUp(Event event) {
        int button = dragButton;
        boolean panned = isPanning();
        dragButton = 0;
        dragNowX = -1;
        if (button != 1 || panned || model == null || model.snapshots() == 0) {
            return;
        }
        int left = Math.max(plotArea().x, Math.min(dragStartX, event.x));
        int right = Math.max(dragStartX, event.x);
        if (right - left < 3) {
            select(timeAt(event.x), timeAt(event.x));
        } else {
            select(timeAt(left), timeAt(right));
        }
    }

    /** Selects [from, to] as a click or drag does. */
    public void select(long from, long to) {
        showSelection(from, to);
        selectionListener.accept(from, to);
    }

    private void key(Event event) {
        switch (event.keyCode) {
            case '+', '=', SWT.KEYPAD_ADD -> zoom(0.5, plotArea().x + plotArea().width / 2);
            case '-', SWT.KEYPAD_SUBTRACT -> zoom(2, plotArea().x + plotArea().width / 2);
            case SWT.ARROW_LEFT -> pan(-0.2);
            case SWT.ARROW_RIGHT -> pan(0.2);
            case SWT.HOME -> fit();
            default -> {
                if (event.character == 'f') {
                    fit();
                }
            }
        }
    }

    // ---- drawing -------------------------------------------------------------------------------

    private void paint(GC target) {
        Rectangle area = getClientArea();
        if (area.width <= 0 || area.height <= 0) {
            return;
        }
        if (buffer == null || !buffer.getBounds().equals(new Rectangle(0, 0, area.width, area.height))) {
            if (buffer != null) {
                buffer.dispose();
            }
            buffer = new Image(getDisplay(), area.width, area.height);
        }
        long start = System.nanoTime();
        GC gc = new GC(buffer);
        try {
            render(gc, area);
        } finally {
            gc.dispose();
        }
        target.drawImage(buffer, 0, 0);
        lastRenderNanos = System.nanoTime() - start;
    }

    /** Draws one frame into {@code gc} (the benchmark draws into an image of its own). */
    public void render(GC gc, Rectangle area) {
        gc.setBackground(palette.background());
        gc.fillRectangle(area);
        gc.setForeground(palette.secondaryText());
        if (model == null || model.snapshots() == 0) {
            gc.drawString("Waiting for snapshots: start a live session or replay a recording.", MARGIN, MARGIN, true);
            return;
        }
        synchronized (model.lock()) {
            Rectangle plot = plotArea();
            List<Lane> lanes = model.lanes();
            int last = Math.min(lanes.size(), firstLane + visibleLanes());
            int bottom = laneBounds(last).y;
            axis(gc, plot, bottom);
            findingsRow(gc);
            for (int i = firstLane; i < last; i++) {
                lane(gc, lanes.get(i), laneBounds(i));
            }
            gaps(gc, MARGIN + AXIS, bottom);
            bookmarks(gc, bottom);
            selection(gc, bottom);
        }
    }

    private void axis(GC gc, Rectangle plot, int bottom) {
        long span = viewTo - viewFrom;
        long step = STEPS[STEPS.length - 1];
        for (long candidate : STEPS) {
            if ((double) candidate * plot.width / span >= 110) {
                step = candidate;
                break;
            }
        }
        long origin = model.start();
        gc.setForeground(palette.gridLine());
        gc.drawLine(plot.x, MARGIN + AXIS - 1, plot.x + plot.width, MARGIN + AXIS - 1);
        long first = Math.floorDiv(viewFrom - origin, step) * step + origin;
        for (long tick = first; tick <= viewTo; tick += step) {
            int x = xOf(tick);
            if (x < plot.x) {
                continue;
            }
            gc.setForeground(palette.gridLine());
            gc.drawLine(x, MARGIN + AXIS - 6, x, bottom);
            gc.setForeground(palette.secondaryText());
            gc.drawString(absolute(tick, step), x + 2, MARGIN, true);
            gc.drawString(relative(tick - origin, step), x + 2, MARGIN + 13, true);
        }
        gc.drawString("time", MARGIN, MARGIN, true);
        gc.drawString("since start", MARGIN, MARGIN + 13, true);
    }

    /** The wall-clock time, with as many decimals as the tick step needs. */
    static String absolute(long nanos, long step) {
        Instant time = TimelineModel.instant(nanos);
        String clock = CLOCK.format(time);
        if (step >= 1_000_000_000L) {
            return clock;
        }
        int millis = time.getNano() / 1_000_000;
        return step >= 100_000_000L ? clock + "." + millis / 100
                : step >= 10_000_000L ? clock + String.format(Locale.ROOT, ".%02d", millis / 10)
                        : clock + String.format(Locale.ROOT, ".%03d", millis);
    }

    /** The time since the session's first snapshot, e.g. {@code +12.5 s}, {@code +1:02:03}. */
    static String relative(long nanos, long step) {
        if (nanos >= 60_000_000_000L && step >= 1_000_000_000L) {
            long seconds = nanos / 1_000_000_000L;
            return String.format(Locale.ROOT, "+%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        int decimals = step >= 1_000_000_000L ? 0 : step >= 100_000_000L ? 1 : step >= 10_000_000L ? 2 : 3;
        return String.format(Locale.ROOT, "+%." + decimals + "f s", nanos / 1e9);
    }

    private void findingsRow(GC gc) {
        gc.setForeground(palette.foreground());
        if (findingCodes.isEmpty()) {
            gc.drawString("findings: none", MARGIN, findingsBounds(null).y - 2, true);
        }
        for (int row = 0; row < findingRows() && row < findingCodes.size(); row++) {
            String label = row == MAX_FINDING_ROWS - 1 && findingCodes.size() > MAX_FINDING_ROWS ? "other findings"
                    : findingCodes.get(row).name().toLowerCase(java.util.Locale.ROOT);
            while (gc.textExtent(label).x > LABELS - 4 && label.length() > 4) {
                label = label.substring(0, label.length() - 2) + "\u2026";
            }
            gc.drawString(label, MARGIN, findingsBounds(findingCodes.get(row)).y - 2, true);
        }
        for (TimelineModel.FindingSpan span : model.findings()) {
            Rectangle row = findingsBounds(span.code());
            int x0 = Math.max(row.x, xOf(span.from()));
            int x1 = Math.min(row.x + row.width, Math.max(xOf(span.to()), x0 + 2));
            if (x1 < row.x || x0 > row.x + row.width) {
                continue;
            }
            gc.setBackground(palette.finding());
            gc.fillRectangle(x0, row.y, Math.max(2, x1 - x0), row.height);
            String text = span.message();
            if (gc.textExtent(text).x < x1 - x0 - 4) {
                gc.setForeground(palette.background());
                gc.drawString(text, x0 + 2, row.y - 2, true);
            }
        }
    }

    private void lane(GC gc, Lane lane, Rectangle strip) {
        gc.setForeground(palette.foreground());
        gc.drawString(lane.label(), MARGIN, strip.y - 2, true);
        int[] columns = lane.columns(viewFrom, viewTo, strip.width);
        long end = model.end();
        int lastX = Math.min(strip.x + strip.width, xOf(end) + 1);   // after the last snapshot nothing is known
        int runStart = 0;
        for (int c = 1; c <= columns.length; c++) {
            if (c < columns.length && columns[c] == columns[runStart] && strip.x + c < lastX) {
                continue;
            }
            int state = columns[runStart];
            int x0 = strip.x + runStart;
            int x1 = Math.min(strip.x + c, lastX);
            if (state != Lane.NONE && x1 > x0) {
                gc.setBackground(colour(lane.kind(), state));
                gc.fillRectangle(x0, strip.y, x1 - x0, strip.height);
                if (state != Lane.MIXED) {
                    String text = LaneStates.text(lane.kind(), state);
                    if (lane.kind() != Lane.Kind.PORT && gc.textExtent(text).x < x1 - x0 - 4) {
                        gc.setForeground(palette.foreground());
                        gc.drawString(text, x0 + 2, strip.y - 2, true);
                    }
                }
            }
            if (c < columns.length && strip.x + c >= lastX) {
                break;
            }
            runStart = c;
        }
    }

    private Color colour(Lane.Kind kind, int state) {
        if (state == Lane.MIXED) {
            return palette.changed();   // changed within the pixel: zoom in to see each state
        }
        return switch (kind) {
            case PORT -> palette.port(LaneStates.portColour(state));
            case VCPU -> (state & LaneStates.XEN_KNOWN) != 0 && (state & LaneStates.BLOCKED) != 0
                    && (state & LaneStates.INTERRUPTS_ENABLED) != 0 && (state & LaneStates.UPCALL_PENDING) != 0
                            ? palette.finding()
                            : (state & LaneStates.UPCALL_PENDING) != 0
                                    ? palette.port((state & LaneStates.UPCALL_MASK) != 0 ? PortColour.PENDING_MASKED
                                            : PortColour.PENDING_SELECTED)
                                    : palette.port((state & LaneStates.UPCALL_MASK) != 0 ? PortColour.MASKED : PortColour.IDLE);
            case RING -> palette.port(LaneStates.ringOutstanding(state) > 0 ? PortColour.PENDING : PortColour.IDLE);
            case DEVICE -> LaneStates.deviceFrontend(state) == 4 ? palette.good() : palette.warning();
        };
    }

    /** Unknown time: the background, crossed by diagonal lines, over every lane. */
    private void gaps(GC gc, int top, int bottom) {
        Rectangle plot = plotArea();
        for (TimelineModel.Gap gap : model.gaps()) {
            int x0 = Math.max(plot.x, xOf(gap.from()) + 1);
            int x1 = Math.min(plot.x + plot.width, xOf(gap.to()));
            if (x1 <= x0) {
                continue;
            }
            gc.setBackground(palette.background());
            gc.fillRectangle(x0, top, x1 - x0, bottom - top);
            gc.setForeground(palette.secondaryText());
            gc.setAntialias(SWT.OFF);
            int height = bottom - top;
            for (int x = x0 - height; x < x1; x += 6) {
                // the 45-degree line from (x, bottom) up to (x + height, top), cut to the gap's columns
                int from = Math.max(0, x0 - x);
                int to = Math.min(height, x1 - 1 - x);
                if (from <= to) {
                    gc.drawLine(x + from, bottom - from, x + to, bottom - to);
                }
            }
            gc.setAntialias(SWT.DEFAULT);
            if (gc.textExtent(gap.reason()).x < x1 - x0 - 4) {
                gc.setForeground(palette.foreground());
                gc.drawString(gap.reason(), x0 + 2, top + 1, false);
            }
        }
    }

    private void bookmarks(GC gc, int bottom) {
        Rectangle plot = plotArea();
        for (TimelineModel.Bookmark bookmark : model.bookmarks()) {
            int x = xOf(bookmark.time());
            if (x < plot.x || x > plot.x + plot.width) {
                continue;
            }
            gc.setForeground(palette.warning());
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawLine(x, MARGIN + AXIS, x, bottom);
            gc.setLineStyle(SWT.LINE_SOLID);
            gc.drawString(bookmark.note(), x + 3, bottom + 2, true);
        }
    }

    private void selection(GC gc, int bottom) {
        if (dragButton == 1 && !isPanning() && dragNowX >= 0 && Math.abs(dragNowX - dragStartX) >= 3) {
            gc.setAlpha(60);
            gc.setBackground(palette.foreground());
            gc.fillRectangle(Math.min(dragStartX, dragNowX), MARGIN + AXIS, Math.abs(dragNowX - dragStartX),
                    bottom - MARGIN - AXIS);
            gc.setAlpha(255);
        }
        if (selectedFrom == Long.MIN_VALUE) {
            return;
        }
        int x0 = xOf(selectedFrom);
        int x1 = xOf(selectedTo);
        if (x1 - x0 >= 2) {
            gc.setAlpha(50);
            gc.setBackground(palette.foreground());
            gc.fillRectangle(x0, MARGIN + AXIS, x1 - x0, bottom - MARGIN - AXIS);
            gc.setAlpha(255);
        }
        gc.setForeground(palette.foreground());
        gc.setLineWidth(2);
        gc.drawLine(x1, MARGIN + AXIS, x1, bottom);
        gc.setLineWidth(1);
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int lanes = model == null ? 1 : Math.max(1, model.lanes().size());
        return new Point(wHint == SWT.DEFAULT ? 800 : wHint,
                hHint == SWT.DEFAULT ? laneBounds(lanes).y + 20 : hHint);
    }
}
