package org.xenguest.debug.ui.views;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
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
 * selector), column = bit. Drawn into an off-screen image first (one blit per frame: no flicker),
 * with a legend and the named ports beside it.
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
    private Image buffer;
    private Font smallFont;
    private Font boldFont;
    private int hoveredPort = -1;
    private long paints;
    private long lastPaintNanos;
    private long lastCellsNanos;

    public EventChannelGrid(Composite parent, PortGridModel model, Supplier<List<Snapshot>> history) {
        super(parent, SWT.NO_BACKGROUND);
        this.model = model;
        this.history = history;
        this.palette = Palette.forBackground(parent.getBackground().getRGB());
        FontData[] data = getFont().getFontData();
        smallFont = new Font(getDisplay(), data[0].getName(), Math.max(7, data[0].getHeight() - 2), SWT.NORMAL);
        boldFont = new Font(getDisplay(), data[0].getName(), data[0].getHeight(), SWT.BOLD);
        addPaintListener(event -> paint(event.gc));
        addListener(SWT.MouseMove, event -> hover(event.x, event.y));
        addListener(SWT.MouseExit, event -> hover(-1, -1));
        addDisposeListener(event -> {
            if (buffer != null) {
                buffer.dispose();
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
        redraw();
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

    public long lastPaintNanos() {
        return lastPaintNanos;
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

    private void paint(GC target) {
        long start = System.nanoTime();
        Rectangle area = getClientArea();
        if (area.width <= 0 || area.height <= 0) {
            return;
        }
        if (buffer == null || buffer.getBounds().width != area.width || buffer.getBounds().height != area.height) {
            if (buffer != null) {
                buffer.dispose();
            }
            buffer = new Image(getDisplay(), area.width, area.height);
        }
        GC gc = new GC(buffer);
        try {
            render(gc, area);
        } finally {
            gc.dispose();
        }
        target.drawImage(buffer, 0, 0);
        paints++;
        lastPaintNanos = System.nanoTime() - start;
    }

    /** Draws the whole view into {@code gc}. */
    public void render(GC gc, Rectangle area) {
        gc.setBackground(palette.background());
        gc.fillRectangle(area);
        gc.setAntialias(SWT.OFF);
        int cell = cellSize();
        drawHeaders(gc, cell);
        long cellsStart = System.nanoTime();
        drawCells(gc, cell);
        for (int port = 0; port < PortGridModel.PORTS; port++) {
            drawMarks(gc, port, cellBounds(port, cell));
        }
        lastCellsNanos = System.nanoTime() - cellsStart;
        if (sidePanelWidth(area) > 0) {
            drawSidePanel(gc, MARGIN + ROW_LABELS + PortGridModel.COLUMNS * cell + 16, MARGIN, area);
        }
        drawSummary(gc, MARGIN + HEADER + PortGridModel.COLUMNS * cell + 4);
    }

    private void drawHeaders(GC gc, int cell) {
        gc.setFont(smallFont);
        gc.setForeground(palette.secondaryText());
        for (int column = 0; column < PortGridModel.COLUMNS; column += 8) {
            gc.drawString(Integer.toString(column), MARGIN + ROW_LABELS + column * cell, MARGIN, true);
        }
        for (int row = 0; row < PortGridModel.COLUMNS; row++) {
            int y = MARGIN + HEADER + row * cell;
            if (model.hasSnapshot() && model.wordSelected(row)) {
                // the selector bit of this word is set on some vCPU: a bar left of the row
                gc.setBackground(palette.port(PortColour.PENDING_SELECTED));
                gc.fillRectangle(MARGIN + ROW_LABELS - 5, y + 1, 3, cell - 1);
            }
            if (row % 8 == 0) {
                String label = Integer.toString(row * PortGridModel.COLUMNS);
                Point size = gc.textExtent(label);
                gc.drawString(label, MARGIN + ROW_LABELS - 8 - size.x, y + (cell - size.y) / 2, true);
            }
        }
    }

    /**
     * The 4,096 cell fills as one image built pixel by pixel and drawn with one call: 4,096
     * fillRectangle calls through the graphics library cost several times more.
     */
    private void drawCells(GC gc, int cell) {
        int side = PortGridModel.COLUMNS * cell + 1;
        int[] fills = new int[PortGridModel.PORTS];
        for (int port = 0; port < PortGridModel.PORTS; port++) {
            PortState state = model.state(port);
            boolean shown = state == null || filter.accepts(state);
            fills[port] = packed(shown ? palette.port(model.colour(port)) : palette.gridLine());
        }
        int gap = packed(palette.background());
        ImageData data = new ImageData(side, side, 24, RGB_PALETTE);
        byte[] bytes = data.data;
        int stride = data.bytesPerLine;
        byte[] gapLine = new byte[stride];
        for (int x = 0; x < side; x++) {
            putRgb(gapLine, 3 * x, gap);
        }
        byte[] cellLine = new byte[stride];
        for (int row = 0; row < PortGridModel.COLUMNS; row++) {
            // one line per grid row, copied to the cell's other lines: rows of a cell are alike
            for (int x = 0; x < side; x++) {
                int column = x / cell;
                putRgb(cellLine, 3 * x, x % cell == 0 || column >= PortGridModel.COLUMNS ? gap
                        : fills[row * PortGridModel.COLUMNS + column]);
            }
            int top = row * cell;
            System.arraycopy(gapLine, 0, bytes, top * stride, stride);
            for (int y = top + 1; y < top + cell; y++) {
                System.arraycopy(cellLine, 0, bytes, y * stride, stride);
            }
        }
        System.arraycopy(gapLine, 0, bytes, (side - 1) * stride, stride);
        Image cells = new Image(getDisplay(), data);
        try {
            gc.drawImage(cells, MARGIN + ROW_LABELS, MARGIN + HEADER);
        } finally {
            cells.dispose();
        }
    }

    private static final PaletteData RGB_PALETTE = new PaletteData(0xFF0000, 0x00FF00, 0x0000FF);

    /** 24-bit direct pixels with red in the top byte are stored red, green, blue. */
    private static void putRgb(byte[] line, int at, int rgb) {
        line[at] = (byte) (rgb >>> 16);
        line[at + 1] = (byte) (rgb >>> 8);
        line[at + 2] = (byte) rgb;
    }

    private static int packed(Color colour) {
        return colour.getRed() << 16 | colour.getGreen() << 8 | colour.getBlue();
    }

    /** What goes over a cell's fill: the named-port tick, and the finding or fading change frame. */
    private void drawMarks(GC gc, int port, Rectangle bounds) {
        PortState state = model.state(port);
        if (state == null || !filter.accepts(state)
                || state.name() == null && model.changeAge(port) == 0 && model.findings(port).isEmpty()) {
            return;
        }
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
            gc.setForeground(new Color(Palette.blend(fill, palette.changed().getRGB(),
                    (double) age / PortGridModel.FADE_SNAPSHOTS)));
            gc.setLineWidth(2);
            gc.drawRectangle(bounds.x + 1, bounds.y + 1, bounds.width - 2, bounds.height - 2);
            gc.setLineWidth(1);
        }
    }

    private void drawSidePanel(GC gc, int x, int y, Rectangle area) {
        gc.setFont(boldFont);
        gc.setForeground(palette.foreground());
        gc.drawString("Legend  [pending/masked/selector]", x, y, true);
        y += gc.getFontMetrics().getHeight() + 4;
        gc.setFont(getFont());
        int line = gc.getFontMetrics().getHeight() + 3;
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
        y += gc.getFontMetrics().getHeight() + 4;
        gc.setFont(getFont());
        if (!model.hasSnapshot()) {
            gc.setForeground(palette.secondaryText());
            gc.drawString("(no snapshot yet)", x, y, true);
            return;
        }
        List<org.xenguest.debug.core.guest.GuestDescriptor.Port> named = model.snapshot().descriptor().ports();
        if (named.isEmpty()) {
            gc.setForeground(palette.secondaryText());
            gc.drawString("(no guest descriptor)", x, y, true);
        }
        for (var port : named) {
            if (y + line > area.height - MARGIN) {
                gc.setForeground(palette.secondaryText());
                gc.drawString("\u2026", x, y, true);
                break;
            }
            PortState state = model.state(port.port());
            legendRow(gc, x, y, palette.port(model.colour(port.port())),
                    model.findings(port.port()).isEmpty() ? null : palette.finding(),
                    String.format("%4d %s %s", port.port(), state.flags(), port.name()));
            y += line;
        }
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

    private void drawSummary(GC gc, int y) {
        gc.setFont(getFont());
        gc.setForeground(palette.secondaryText());
        if (!model.hasSnapshot()) {
            gc.drawString("No snapshot yet: connect to a guest (Xen Guest (live) launch) or replay a recording.",
                    MARGIN + ROW_LABELS, y, true);
            return;
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
        gc.drawString(String.format("%d pending (%d upcall due, %d while masked) \u00b7 %d masked \u00b7 snapshot #%d",
                pending, due, pendingMasked, masked, model.snapshot().sequence())
                + (filter.isAll() ? "" : " \u00b7 filtered"), MARGIN + ROW_LABELS, y, true);
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int width = 2 * MARGIN + ROW_LABELS + PortGridModel.COLUMNS * 10 + SIDE_PANEL;
        int height = 2 * MARGIN + HEADER + PortGridModel.COLUMNS * 10 + 18;
        return new Point(wHint == SWT.DEFAULT ? width : wHint, hHint == SWT.DEFAULT ? height : hHint);
    }
}
