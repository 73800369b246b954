package org.xenguest.debug.ui.views;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.view.PortGridModel;
import org.xenguest.debug.core.view.PortFilter;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.view.PortColour;

/**
 * The 4,096 ports of the 2-level ABI as a 64 x 64 grid: row = word of evtchn_pending (and of the
 * selector), column = bit, with a legend and the named ports beside it. A kept off-screen frame
 * holds the whole view and is updated where something changed; a paint of the grid or the summary
 * alone draws them straight onto the window from the same state (copying the frame costs several
 * ms whatever the size), any other paint copies the frame.
 */
public final class EventChannelGrid extends Canvas {

    private static final int MARGIN = 8;
    private static final int ROW_LABELS = 44;
    private static final int HEADER = 16;
    private static final int SIDE_PANEL = 250;
    private static final int MIN_CELL = 5;

    private final PortGridModel model;
    private final Supplier<List<Snapshot>> history;
    private Palette palette;
    private PortFilter filter = PortFilter.ALL;
    /** The view as last drawn, and what it was drawn with (see {@link #render}). */
    private Image frame;
    private int frameCell;
    private Palette framePalette;
    private Object frameDescriptor;
    private int[] drawnFills;
    private int[] drawnMarks;
    private long drawnSelected = -1;
    private List<PanelLine> drawnPanel = List.of();
    private String drawnSummary;
    /** The widest summary text drawn since the frame was drawn anew. */
    private int summaryWidth;
    private int namedPortsTop;
    /** Font metrics, taken when the frame is drawn anew (asking for them costs as much as drawing text). */
    private int lineHeight;
    private int boldLineHeight;
    private Font smallFont;
    private Font boldFont;
    private int hoveredPort = -1;
    private long paints;
    /** Paints that drew the grid and summary straight onto the window, without copying the frame. */
    private long directPaints;
    /** The change frames' blended colours, by packed RGB (one Color each, not one a cell). */
    private final java.util.Map<Integer, Color> fadeColours = new java.util.HashMap<>();
    private long lastPaintNanos;
    private long lastCellsNanos;
    /** The last render's time per part, in {@link #PHASES}' order (for the benchmark). */
    private final long[] lastPhaseNanos = new long[PHASES.size()];

    /** The parts of a render, as {@link #lastPhaseNanos()} times them. */
    public static final List<String> PHASES = List.of("frame, headers, legend, selector bars",
            "cells (fills, lines, marks)", "named ports", "summary", "onto the target (cells and summary drawn, the rest copied)");

    public EventChannelGrid(Composite parent, PortGridModel model, Supplier<List<Snapshot>> history) {
        super(parent, SWT.NO_BACKGROUND);
        this.model = model;
        this.history = history;
        this.palette = Palette.forBackground(parent.getBackground().getRGB());
        FontData[] data = getFont().getFontData();
        smallFont = new Font(getDisplay(), data[0].getName(), Math.max(7, data[0].getHeight() - 2), SWT.NORMAL);
        boldFont = new Font(getDisplay(), data[0].getName(), data[0].getHeight(), SWT.BOLD);
        addPaintListener(this::paint);
        addListener(SWT.MouseMove, event -> hover(event.x, event.y));
        addListener(SWT.MouseExit, event -> hover(-1, -1));
        addDisposeListener(event -> {
            if (frame != null) {
                frame.dispose();
            }
            smallFont.dispose();
            boldFont.dispose();
        });
    }

    public Palette palette() {
        return palette;
    }

    public void setPalette(Palette palette) {
        this.palette = palette;
        redraw();
    }

    public void setFilter(PortFilter filter) {
        this.filter = filter;
        // a filter changes the cells and the summary only: the paint draws those straight
        Rectangle area = getClientArea();
        if (area.width > 0 && area.height > 0 && frame != null) {
            Rectangle grid = gridZone(frameCell);
            Rectangle summary = summaryZone(frameCell, area);
            redraw(grid.x, grid.y, grid.width, grid.height, false);
            redraw(summary.x, summary.y, summary.width, summary.height, false);
        } else {
            redraw();
        }
    }

    public PortFilter filter() {
        return filter;
    }

    /** Paints done so far, and how long the last one took (for the benchmark). */
    public long paints() {
        return paints;
    }

    /** How long the last render took for the cells alone (fills and marks), without the text. */
    public long lastCellsNanos() {
        return lastCellsNanos;
    }

    /** Paints that drew straight onto the window (the grid and summary only), of {@link #paints()}. */
    public long directPaints() {
        return directPaints;
    }

    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    /** How long each part of the last render took, in {@link #PHASES}' order. */
    public long[] lastPhaseNanos() {
        return lastPhaseNanos.clone();
    }

    // ---- geometry ---------------------------------------------------------------------------

    /** The side of one cell in pixels for the current size. */
    public int cellSize() {
        Rectangle area = getClientArea();
        int side = Math.min((area.width - 2 * MARGIN - ROW_LABELS - sidePanelWidth(area)) / PortGridModel.COLUMNS,
                (area.height - 2 * MARGIN - HEADER - 18) / PortGridModel.COLUMNS);
        return Math.max(MIN_CELL, side);
    }

    private static int sidePanelWidth(Rectangle area) {
        return area.width >= 64 * 8 + SIDE_PANEL ? SIDE_PANEL : 0;
    }

    /** Where port {@code port}'s cell is drawn, in the canvas' coordinates. */
    public Rectangle cellBounds(int port) {
        return cellBounds(port, cellSize());
    }

    private static Rectangle cellBounds(int port, int cell) {
        int x = MARGIN + ROW_LABELS + port % PortGridModel.COLUMNS * cell;
        int y = MARGIN + HEADER + port / PortGridModel.COLUMNS * cell;
        return new Rectangle(x, y, cell, cell);
    }

    /** The port under a point, or -1. */
    public int portAt(int x, int y) {
        int cell = cellSize();
        int column = Math.floorDiv(x - MARGIN - ROW_LABELS, cell);
        int row = Math.floorDiv(y - MARGIN - HEADER, cell);
        if (column < 0 || row < 0 || column >= PortGridModel.COLUMNS || row >= PortGridModel.COLUMNS) {
            return -1;
        }
        return row * PortGridModel.COLUMNS + column;
    }

    // ---- hover ------------------------------------------------------------------------------

    private void hover(int x, int y) {
        int port = x < 0 ? -1 : portAt(x, y);
        if (port == hoveredPort) {
            return;
        }
        hoveredPort = port;
        setToolTipText(port < 0 ? null : model.describe(port, history.get()));
    }

    /** What the hover shows for {@code port}. */
    public String toolTipFor(int port) {
        return model.describe(port, history.get());
    }

    // ---- painting ---------------------------------------------------------------------------

    /**
     * Paints by drawing what changed into the kept frame and blitting it: the frame is the one
     * image a paint shows, so a paint where nothing changed is one blit.
     */
    private void paint(org.eclipse.swt.events.PaintEvent event) {
        long start = System.nanoTime();
        Rectangle area = getClientArea();
        if (area.width <= 0 || area.height <= 0) {
            return;
        }
        updateFrame(area);
        // the window keeps what it showed: the paint's area is the part asked for (what changed, or
        // what was exposed; the event gives its bounds, the clip its parts). Where it lies under the
        // grid and the summary only, those are drawn straight from what the frame holds (fills and
        // one line of text): copying the frame measured several ms whatever the size. Any other
        // paint copies the frame: the whole image with a clip, not a part of it (drawing a part of
        // an image pads it, cairo's EXTEND_PAD).
        Rectangle bounds = new Rectangle(event.x, event.y, event.width, event.height);
        Rectangle grid = gridZone(frameCell);
        Rectangle summary = summaryZone(frameCell, area);
        // the grid, the summary and the background around them up to the side panel
        int right = sidePanelWidth(area) > 0 ? panelX(frameCell) : area.width;
        Rectangle direct = new Rectangle(grid.x, grid.y, right - grid.x, summary.y + summary.height - grid.y);
        if (summary.x + summary.width <= right && direct.contains(bounds.x, bounds.y)
                && direct.contains(bounds.x + bounds.width - 1, bounds.y + bounds.height - 1)) {
            event.gc.setAntialias(SWT.OFF);
            if (bounds.intersects(grid)) {
                drawGridZone(event.gc, frameCell, bounds.intersection(grid));
            }
            event.gc.setBackground(palette.background());
            int gridRight = grid.x + grid.width;
            event.gc.fillRectangle(gridRight, grid.y, right - gridRight, summary.y - grid.y);
            event.gc.fillRectangle(grid.x, grid.y + grid.height, grid.width, summary.y - grid.y - grid.height);
            event.gc.fillRectangle(grid.x, summary.y, summary.x - grid.x, summary.height);
            event.gc.fillRectangle(summary.x + summary.width, summary.y, right - summary.x - summary.width, summary.height);
            if (bounds.intersects(summary)) {
                paintSummary(event.gc, summary);
            }
            directPaints++;
        } else {
            event.gc.drawImage(frame, 0, 0);
        }
        paints++;
        lastPaintNanos = System.nanoTime() - start;
    }

    /**
     * Brings the kept frame up to date and asks for a paint of the part that changed only (the
     * view calls this where it used to call {@link #redraw()}). True when something changed.
     */
    public boolean redrawChanged() {
        Rectangle area = getClientArea();
        if (area.width <= 0 || area.height <= 0) {
            return false;
        }
        List<Rectangle> damaged = updateFrame(area);
        for (Rectangle damage : damaged) {
            redraw(damage.x, damage.y, damage.width, damage.height, false);
        }
        return !damaged.isEmpty();
    }

    /**
     * A repaint as the view does it, into {@code gc} (which shows the last render, as a window
     * does): brings the kept frame up to date and copies the part that changed into {@code gc}.
     * The first render, and any after a change of size, palette, font or guest, copies it all.
     */
    public void render(GC gc, Rectangle area) {
        List<Rectangle> damaged = updateFrame(area);
        long t0 = System.nanoTime();
        Rectangle grid = gridZone(frameCell);
        Rectangle summary = summaryZone(frameCell, area);
        gc.setAntialias(SWT.OFF);
        for (Rectangle damage : damaged) {
            // as a paint does: the grid and the summary straight, the rest copied from the frame
            if (grid.contains(damage.x, damage.y) && grid.contains(damage.x + damage.width - 1, damage.y + damage.height - 1)) {
                drawGridZone(gc, frameCell, damage);
            } else if (damage.equals(summary)) {
                paintSummary(gc, summary);
            } else {
                gc.setClipping(damage);
                gc.drawImage(frame, 0, 0);
                gc.setClipping((Rectangle) null);
            }
        }
        lastPhaseNanos[4] = System.nanoTime() - t0;
    }

    /**
     * Draws into the kept frame what changed since it was last drawn, and returns where it drew
     * (empty: nothing). The frame is drawn anew only when its size, cell size,
     * palette or guest changes; else only the cells whose colour or marks changed, the selector
     * bars, the named-port lines and the summary that changed. What was measured before: the
     * text (headers, legend, font metrics) drawn every frame, and a new cell image every frame.
     */
    public List<Rectangle> updateFrame(Rectangle area) {
        long t0 = System.nanoTime();
        int cell = cellSize();
        Object descriptor = model.hasSnapshot() ? model.snapshot().descriptor() : null;
        boolean resized = frame == null || frame.getBounds().width != area.width || frame.getBounds().height != area.height;
        boolean full = resized || cell != frameCell || palette != framePalette || descriptor != frameDescriptor;
        if (resized) {
            if (frame != null) {
                frame.dispose();
            }
            frame = new Image(getDisplay(), area.width, area.height);
        }
        Damage damage = new Damage();
        GC g = new GC(frame);
        long t1;
        long t2;
        long t3;
        try {
            g.setAntialias(SWT.OFF);
            if (full) {
                frameCell = cell;
                framePalette = palette;
                frameDescriptor = descriptor;
                drawnFills = null;
                drawnSelected = -1;
                drawnPanel = List.of();
                drawnSummary = null;
                summaryWidth = 0;
                g.setBackground(palette.background());
                g.fillRectangle(area);
                damage.add(area);
                g.setFont(getFont());
                lineHeight = g.getFontMetrics().getHeight();
                g.setFont(boldFont);
                boldLineHeight = g.getFontMetrics().getHeight();
                drawHeaders(g, cell);
                if (sidePanelWidth(area) > 0) {
                    namedPortsTop = drawLegend(g, panelX(cell), MARGIN);
                }
            }
            drawSelectorBars(g, cell, damage);
            t1 = System.nanoTime();
            int[] fills = new int[PortGridModel.PORTS];
            int[] marks = new int[PortGridModel.PORTS];
            PortColour[] colours = PortColour.values();
            int[] packedColours = new int[colours.length];
            for (PortColour colour : colours) {
                packedColours[colour.ordinal()] = packed(palette.port(colour));
            }
            int hidden = packed(palette.gridLine());
            for (int port = 0; port < PortGridModel.PORTS; port++) {
                PortState state = model.state(port);
                boolean shown = state == null || filter.accepts(state);
                fills[port] = shown ? packedColours[model.colour(port).ordinal()] : hidden;
                marks[port] = markOf(port, state);
            }
            List<Rectangle> changedCells = changedRuns(cell, fills, marks);
            drawnFills = fills;
            drawnMarks = marks;
            for (Rectangle run : changedCells) {
                drawGridZone(g, cell, run);
                damage.add(run);
            }
            t2 = System.nanoTime();
            if (sidePanelWidth(area) > 0) {
                drawNamedPorts(g, panelX(cell), namedPortsTop, area, damage);
            }
            t3 = System.nanoTime();
            drawSummary(g, MARGIN + HEADER + PortGridModel.COLUMNS * cell + 4, area, damage);
        } finally {
            g.dispose();
        }
        long t4 = System.nanoTime();
        lastCellsNanos = t2 - t1;
        lastPhaseNanos[0] = t1 - t0;
        lastPhaseNanos[1] = t2 - t1;
        lastPhaseNanos[2] = t3 - t2;
        lastPhaseNanos[3] = t4 - t3;
        return damage.rectangles();
    }

    /**
     * What one update drew, as rectangles (a changed cell near the top and the summary at the
     * bottom are two small copies, not one as tall as the grid); many become their bounds.
     */
    private static final class Damage {
        static final int MOST = 32;
        final List<Rectangle> parts = new java.util.ArrayList<>();

        void add(Rectangle drawn) {
            parts.add(new Rectangle(drawn.x, drawn.y, drawn.width, drawn.height));
        }

        void add(int x, int y, int width, int height) {
            parts.add(new Rectangle(x, y, width, height));
        }

        List<Rectangle> rectangles() {
            if (parts.size() <= MOST) {
                return parts;
            }
            Rectangle bounds = parts.get(0);
            for (Rectangle part : parts) {
                bounds = bounds.union(part);
            }
            return List.of(bounds);
        }
    }

    private static int panelX(int cell) {
        return MARGIN + ROW_LABELS + PortGridModel.COLUMNS * cell + 16;
    }

    /** What goes over a cell's fill, as a number that changes when the marks do (0: none). */
    private int markOf(int port, PortState state) {
        if (state == null || !filter.accepts(state)) {
            return 0;
        }
        boolean finding = !model.findings(port).isEmpty();
        return (state.name() != null ? 1 : 0) | (finding ? 2 : 0) | (finding ? 0 : model.changeAge(port) << 2);
    }

    /** The palette's colour for a packed RGB (the palette's own objects: no new colour a cell). */
    private Color colour(int rgb) {
        for (PortColour colour : PortColour.values()) {
            if (packed(palette.port(colour)) == rgb) {
                return palette.port(colour);
            }
        }
        return packed(palette.gridLine()) == rgb ? palette.gridLine() : new Color(rgb >>> 16, rgb >>> 8 & 0xFF, rgb & 0xFF);
    }

    private void drawHeaders(GC gc, int cell) {
        gc.setFont(smallFont);
        gc.setForeground(palette.secondaryText());
        for (int column = 0; column < PortGridModel.COLUMNS; column += 8) {
            gc.drawString(Integer.toString(column), MARGIN + ROW_LABELS + column * cell, MARGIN, true);
        }
        for (int row = 0; row < PortGridModel.COLUMNS; row += 8) {
            int y = MARGIN + HEADER + row * cell;
            String label = Integer.toString(row * PortGridModel.COLUMNS);
            Point size = gc.textExtent(label);
            gc.drawString(label, MARGIN + ROW_LABELS - 8 - size.x, y + (cell - size.y) / 2, true);
        }
    }

    /** A bar left of each row whose word's selector bit is set on some vCPU; only rows that changed are drawn. */
    private void drawSelectorBars(GC gc, int cell, Damage damage) {
        long selected = 0;
        for (int row = 0; row < PortGridModel.COLUMNS; row++) {
            if (model.hasSnapshot() && model.wordSelected(row)) {
                selected |= 1L << row;
            }
        }
        long changed = drawnSelected == -1 ? -1L : selected ^ drawnSelected;
        for (long bits = changed; bits != 0; bits &= bits - 1) {
            int row = Long.numberOfTrailingZeros(bits);
            gc.setBackground((selected & 1L << row) != 0 ? palette.port(PortColour.PENDING_SELECTED) : palette.background());
            gc.fillRectangle(MARGIN + ROW_LABELS - 5, MARGIN + HEADER + row * cell + 1, 3, cell - 1);
            damage.add(MARGIN + ROW_LABELS - 5, MARGIN + HEADER + row * cell + 1, 3, cell - 1);
        }
        drawnSelected = selected;
    }

    /**
     * Where cells changed, as one rectangle per run of changed cells in a grid row (their lines
     * included); many become their bounds (the whole grid when every cell changed).
     */
    private List<Rectangle> changedRuns(int cell, int[] fills, int[] marks) {
        List<Rectangle> runs = new java.util.ArrayList<>();
        int left = MARGIN + ROW_LABELS;
        int top = MARGIN + HEADER;
        for (int row = 0; row < PortGridModel.COLUMNS; row++) {
            int column = 0;
            while (column < PortGridModel.COLUMNS) {
                if (!changed(row * PortGridModel.COLUMNS + column, fills, marks)) {
                    column++;
                    continue;
                }
                int end = column + 1;
                while (end < PortGridModel.COLUMNS && changed(row * PortGridModel.COLUMNS + end, fills, marks)) {
                    end++;
                }
                runs.add(new Rectangle(left + column * cell, top + row * cell, (end - column) * cell + 1, cell + 1));
                column = end;
            }
        }
        if (runs.size() <= Damage.MOST) {
            return runs;
        }
        Rectangle bounds = runs.get(0);
        for (Rectangle run : runs) {
            bounds = bounds.union(run);
        }
        return List.of(bounds);
    }

    private boolean changed(int port, int[] fills, int[] marks) {
        return drawnFills == null || fills[port] != drawnFills[port] || marks[port] != drawnMarks[port];
    }

    /** The grid with the selector bars' column left of it: what {@link #drawGridZone} draws whole. */
    private static Rectangle gridZone(int cell) {
        int side = PortGridModel.COLUMNS * cell;
        return new Rectangle(MARGIN + ROW_LABELS - 5, MARGIN + HEADER, side + 6, side + 1);
    }

    /** The summary's line: under the grid, as wide as the grid or the widest summary drawn since the frame was new. */
    private Rectangle summaryZone(int cell, Rectangle area) {
        int width = Math.max(PortGridModel.COLUMNS * cell + 1, summaryWidth);
        return new Rectangle(MARGIN + ROW_LABELS, MARGIN + HEADER + PortGridModel.COLUMNS * cell + 4,
                Math.min(width, area.width - MARGIN - ROW_LABELS), lineHeight + 2);
    }

    /**
     * Draws every pixel of the grid zone's cells, lines, marks and selector bars that {@code part}
     * touches, from what was last drawn: one fillRectangle per run of equal colour in a row, the
     * lines across the part as one rectangle each, no text (so onto a window as into the frame).
     */
    private void drawGridZone(GC gc, int cell, Rectangle part) {
        int left = MARGIN + ROW_LABELS;
        int top = MARGIN + HEADER;
        int last = PortGridModel.COLUMNS - 1;
        int row0 = clamp(Math.floorDiv(part.y - top, cell), last);
        int row1 = clamp(ceilDiv(part.y + part.height - 1 - top, cell) - 1, last);
        if (part.x < left) {
            gc.setBackground(palette.background());
            gc.fillRectangle(left - 5, top + row0 * cell, 5, (row1 - row0 + 1) * cell + 1);
            gc.setBackground(palette.port(PortColour.PENDING_SELECTED));
            for (int row = row0; row <= row1; row++) {
                if ((drawnSelected & 1L << row) != 0) {
                    gc.fillRectangle(left - 5, top + row * cell + 1, 3, cell - 1);
                }
            }
        }
        if (part.x + part.width <= left) {
            return;
        }
        int column0 = clamp(Math.floorDiv(part.x - left, cell), last);
        int column1 = clamp(ceilDiv(part.x + part.width - 1 - left, cell) - 1, last);
        int drawnColour = -1;
        for (int row = row0; row <= row1; row++) {
            int y = top + row * cell;
            int column = column0;
            while (column <= column1) {
                int fill = drawnFills[row * PortGridModel.COLUMNS + column];
                int end = column + 1;
                while (end <= column1 && drawnFills[row * PortGridModel.COLUMNS + end] == fill) {
                    end++;
                }
                if (fill != drawnColour) {
                    gc.setBackground(colour(fill));
                    drawnColour = fill;
                }
                gc.fillRectangle(left + column * cell + 1, y + 1, (end - column) * cell - 1, cell - 1);
                column = end;
            }
        }
        // the lines as one-pixel rectangles: pixel-aligned fills are the toolkit's fast path
        gc.setBackground(palette.background());
        int width = (column1 - column0 + 1) * cell + 1;
        int height = (row1 - row0 + 1) * cell + 1;
        for (int line = column0; line <= column1 + 1; line++) {
            gc.fillRectangle(left + line * cell, top + row0 * cell, 1, height);
        }
        for (int line = row0; line <= row1 + 1; line++) {
            gc.fillRectangle(left + column0 * cell, top + line * cell, width, 1);
        }
        // marks overlap the lines: those of the cells around the part too, in the full render's order
        for (int row = Math.max(0, row0 - 1); row <= Math.min(last, row1 + 1); row++) {
            for (int column = Math.max(0, column0 - 1); column <= Math.min(last, column1 + 1); column++) {
                int port = row * PortGridModel.COLUMNS + column;
                if (drawnMarks[port] != 0) {
                    drawMarks(gc, port, cellBounds(port, cell));
                }
            }
        }
    }

    private static int clamp(int index, int last) {
        return Math.max(0, Math.min(last, index));
    }

    private static int ceilDiv(int value, int divisor) {
        return -Math.floorDiv(-value, divisor);
    }

    private static int packed(Color colour) {
        return colour.getRed() << 16 | colour.getGreen() << 8 | colour.getBlue();
    }

    /** What goes over a cell's fill: the named-port tick, and the finding or fading change frame. */
    private void drawMarks(GC gc, int port, Rectangle bounds) {
        PortState state = model.state(port);
        if (state.name() != null) {
            gc.setBackground(palette.foreground());
            gc.fillRectangle(bounds.x + 1, bounds.y + 1, Math.max(2, bounds.width / 3), 2);
            gc.fillRectangle(bounds.x + 1, bounds.y + 1, 2, Math.max(2, bounds.height / 3));
        }
        int age = model.changeAge(port);
        if (!model.findings(port).isEmpty()) {
            gc.setForeground(palette.finding());
            gc.setLineWidth(2);
            gc.drawRectangle(bounds.x + 1, bounds.y + 1, bounds.width - 2, bounds.height - 2);
            gc.setLineWidth(1);
        } else if (age > 0) {
            RGB fill = palette.port(model.colour(port)).getRGB();
            RGB blended = Palette.blend(fill, palette.changed().getRGB(), (double) age / PortGridModel.FADE_SNAPSHOTS);
            gc.setForeground(fadeColours.computeIfAbsent(blended.red << 16 | blended.green << 8 | blended.blue,
                    rgb -> new Color(blended)));
            gc.setLineWidth(2);
            gc.drawRectangle(bounds.x + 1, bounds.y + 1, bounds.width - 2, bounds.height - 2);
            gc.setLineWidth(1);
        }
    }

    /** The legend (drawn with the frame); returns where the named ports' list starts. */
    private int drawLegend(GC gc, int x, int y) {
        gc.setFont(boldFont);
        gc.setForeground(palette.foreground());
        gc.drawString("Legend  [pending/masked/selector]", x, y, true);
        y += boldLineHeight + 4;
        gc.setFont(getFont());
        int line = lineHeight + 3;
        y = legendRow(gc, x, y, palette.port(PortColour.IDLE), null, "[0/0/x] idle") + line;
        y = legendRow(gc, x, y, palette.port(PortColour.MASKED), null, "[0/1/x] masked") + line;
        y = legendRow(gc, x, y, palette.port(PortColour.PENDING), null, "[1/0/0] pending") + line;
        y = legendRow(gc, x, y, palette.port(PortColour.PENDING_SELECTED), null, "[1/0/1] pending, upcall due") + line;
        y = legendRow(gc, x, y, palette.port(PortColour.PENDING_MASKED), null, "[1/1/x] pending while masked") + line;
        y = legendRow(gc, x, y, palette.port(PortColour.IDLE), palette.changed(), "changed (fades)") + line;
        y = legendRow(gc, x, y, palette.port(PortColour.IDLE), palette.finding(), "finding on the port") + line;
        gc.setBackground(palette.port(PortColour.IDLE));
        gc.fillRectangle(x, y, 12, 12);
        gc.setBackground(palette.foreground());
        gc.fillRectangle(x, y, 5, 2);
        gc.fillRectangle(x, y, 2, 5);
        gc.setForeground(palette.foreground());
        gc.drawString("named port", x + 20, y - 1, true);
        y += line;
        gc.setBackground(palette.port(PortColour.PENDING_SELECTED));
        gc.fillRectangle(x + 4, y, 3, 12);
        gc.drawString("selector bit of the row's word", x + 20, y - 1, true);
        y += line + 10;

        gc.setFont(boldFont);
        gc.drawString("Named ports", x, y, true);
        return y + boldLineHeight + 4;
    }

    /** One line of the named ports' list: a swatch (null: secondary text only) and its text. */
    private record PanelLine(Color swatch, Color frame, String text) {
    }

    private List<PanelLine> panelLines(int y, Rectangle area, int line) {
        if (!model.hasSnapshot()) {
            return List.of(new PanelLine(null, null, "(no snapshot yet)"));
        }
        List<org.xenguest.debug.core.guest.GuestDescriptor.Port> named = model.snapshot().descriptor().ports();
        if (named.isEmpty()) {
            return List.of(new PanelLine(null, null, "(no guest descriptor)"));
        }
        List<PanelLine> lines = new java.util.ArrayList<>();
        for (var port : named) {
            if (y + line > area.height - MARGIN) {
                lines.add(new PanelLine(null, null, "\u2026"));
                break;
            }
            PortState state = model.state(port.port());
            lines.add(new PanelLine(palette.port(model.colour(port.port())),
                    model.findings(port.port()).isEmpty() ? null : palette.finding(),
                    String.format("%4d %s %s", port.port(), state.flags(), port.name())));
            y += line;
        }
        return lines;
    }

    /** The named ports with their flags; only lines that changed are drawn again. */
    private void drawNamedPorts(GC gc, int x, int y, Rectangle area, Damage damage) {
        int line = lineHeight + 3;
        List<PanelLine> lines = panelLines(y, area, line);
        if (lines.equals(drawnPanel)) {
            return;
        }
        gc.setFont(getFont());
        for (int i = 0; i < Math.max(lines.size(), drawnPanel.size()); i++) {
            PanelLine now = i < lines.size() ? lines.get(i) : null;
            if (i < drawnPanel.size() && java.util.Objects.equals(now, drawnPanel.get(i))) {
                continue;
            }
            int top = y + i * line;
            gc.setBackground(palette.background());
            gc.fillRectangle(x, top - 1, area.width - x, line);
            damage.add(x, top - 1, area.width - x, line);
            if (now == null) {
                continue;
            }
            if (now.swatch() == null) {
                gc.setForeground(palette.secondaryText());
                gc.drawString(now.text(), x, top, true);
            } else {
                legendRow(gc, x, top, now.swatch(), now.frame(), now.text());
            }
        }
        drawnPanel = lines;
    }

    private int legendRow(GC gc, int x, int y, Color swatch, Color frame, String text) {
        gc.setBackground(swatch);
        gc.fillRectangle(x, y, 12, 12);
        if (frame != null) {
            gc.setForeground(frame);
            gc.setLineWidth(2);
            gc.drawRectangle(x + 1, y + 1, 10, 10);
            gc.setLineWidth(1);
        }
        gc.setForeground(palette.foreground());
        gc.drawString(text, x + 20, y - 1, true);
        return y;
    }

    /** The line under the grid; drawn again only when its text changes. */
    private void drawSummary(GC gc, int y, Rectangle area, Damage damage) {
        String text = summary();
        if (text.equals(drawnSummary)) {
            return;
        }
        drawnSummary = text;
        gc.setFont(getFont());
        summaryWidth = Math.max(summaryWidth, gc.textExtent(text).x + 2);
        Rectangle zone = summaryZone(frameCell, area);
        paintSummary(gc, zone);
        damage.add(zone);
    }

    /** The summary as last drawn, over its whole line. */
    private void paintSummary(GC gc, Rectangle zone) {
        gc.setFont(getFont());
        gc.setBackground(palette.background());
        gc.fillRectangle(zone);
        gc.setForeground(palette.secondaryText());
        gc.drawString(drawnSummary, zone.x, zone.y, true);
    }

    private String summary() {
        if (!model.hasSnapshot()) {
            return "No snapshot yet: connect to a guest (Xen Guest (live) launch) or replay a recording.";
        }
        int pending = 0;
        int masked = 0;
        int due = 0;
        int pendingMasked = 0;
        for (int port = 0; port < PortGridModel.PORTS; port++) {
            PortColour colour = model.colour(port);
            pending += colour == PortColour.PENDING || colour == PortColour.PENDING_SELECTED
                    || colour == PortColour.PENDING_MASKED ? 1 : 0;
            masked += colour == PortColour.MASKED || colour == PortColour.PENDING_MASKED ? 1 : 0;
            due += colour == PortColour.PENDING_SELECTED ? 1 : 0;
            pendingMasked += colour == PortColour.PENDING_MASKED ? 1 : 0;
        }
        return String.format("%d pending (%d upcall due, %d while masked) \u00b7 %d masked \u00b7 snapshot #%d",
                pending, due, pendingMasked, masked, model.snapshot().sequence())
                + (filter.isAll() ? "" : " \u00b7 filtered");
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int width = 2 * MARGIN + ROW_LABELS + PortGridModel.COLUMNS * 10 + SIDE_PANEL;
        int height = 2 * MARGIN + HEADER + PortGridModel.COLUMNS * 10 + 18;
        return new Point(wHint == SWT.DEFAULT ? width : wHint, hHint == SWT.DEFAULT ? height : hHint);
    }
}
