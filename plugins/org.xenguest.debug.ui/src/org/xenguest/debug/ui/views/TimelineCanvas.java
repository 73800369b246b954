package org.xenguest.debug.ui.views;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.view.PortGridModel;
import org.xenguest.abi.EventChannels;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.view.PortColour;

/**
 * The recent history over time, oldest left: on top, the pending and mask bits that flipped per
 * second; below, one strip per port that is named or changed, coloured like the grid's cells.
 */
public final class TimelineCanvas extends Canvas {

    private static final int MARGIN = 8;
    private static final int LABELS = 150;
    private static final int CHART = 60;
    private static final int STRIP = 14;
    /** Strips beyond this many are left out (the named ones come first). */
    public static final int MAX_STRIPS = 32;

    private Palette palette;
    private List<Snapshot> history = List.of();
    private List<Integer> ports = List.of();
    private double[] changesPerSecond = new double[0];
    private Image buffer;

    /** Draws with {@code value} from now on (the workbench theme changed). */
    public void setPalette(Palette value) {
        palette = value;
        if (buffer != null) {
            buffer.dispose();
            buffer = null;
        }
        redraw();
    }

    public TimelineCanvas(Composite parent) {
        super(parent, SWT.NO_BACKGROUND);
        palette = Palette.forBackground(parent.getBackground().getRGB());
        addPaintListener(event -> paint(event.gc));
        addDisposeListener(event -> {
            if (buffer != null) {
                buffer.dispose();
            }
        });
    }

    /** Takes the history (oldest first) and works out the strips and the rate. */
    public void update(List<Snapshot> snapshots) {
        history = snapshots;
        TreeSet<Integer> named = new TreeSet<>();
        TreeSet<Integer> changed = new TreeSet<>();
        changesPerSecond = new double[snapshots.size()];
        for (int i = 0; i < snapshots.size(); i++) {
            Snapshot snapshot = snapshots.get(i);
            snapshot.descriptor().ports().forEach(port -> named.add(port.port()));
            if (i == 0) {
                continue;
            }
            Snapshot previous = snapshots.get(i - 1);
            int flips = 0;
            for (int word = 0; word < EventChannels.WORDS_2L; word++) {
                long bits = (snapshot.sharedInfo().pendingWords().get(word) ^ previous.sharedInfo().pendingWords().get(word))
                        | (snapshot.sharedInfo().maskWords().get(word) ^ previous.sharedInfo().maskWords().get(word));
                flips += Long.bitCount(snapshot.sharedInfo().pendingWords().get(word)
                        ^ previous.sharedInfo().pendingWords().get(word))
                        + Long.bitCount(snapshot.sharedInfo().maskWords().get(word)
                                ^ previous.sharedInfo().maskWords().get(word));
                while (bits != 0) {
                    changed.add(word * EventChannels.BITS_PER_WORD + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
            double seconds = Math.max(1e-3, (snapshot.monotonicNanos() - previous.monotonicNanos()) / 1e9);
            changesPerSecond[i] = flips / seconds;
        }
        List<Integer> strips = new ArrayList<>(named);
        changed.stream().filter(port -> !named.contains(port)).forEach(strips::add);
        ports = strips.size() > MAX_STRIPS ? List.copyOf(strips.subList(0, MAX_STRIPS)) : List.copyOf(strips);
        redraw();
    }

    /** The ports with a strip, top to bottom. */
    public List<Integer> ports() {
        return ports;
    }

    public Palette palette() {
        return palette;
    }

    /** Where the strip of the {@code index}th port is, over the whole time span. */
    public Rectangle stripBounds(int index) {
        Rectangle area = getClientArea();
        return new Rectangle(MARGIN + LABELS, MARGIN + CHART + 24 + index * STRIP,
                Math.max(1, area.width - 2 * MARGIN - LABELS), STRIP - 2);
    }

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
        GC gc = new GC(buffer);
        try {
            render(gc, area);
        } finally {
            gc.dispose();
        }
        target.drawImage(buffer, 0, 0);
    }

    private void render(GC gc, Rectangle area) {
        gc.setBackground(palette.background());
        gc.fillRectangle(area);
        gc.setForeground(palette.secondaryText());
        int count = history.size();
        if (count < 2) {
            gc.drawString("Waiting for snapshots.", MARGIN, MARGIN, true);
            return;
        }
        int plotX = MARGIN + LABELS;
        int plotWidth = Math.max(1, area.width - 2 * MARGIN - LABELS);
        Duration span = Duration.ofNanos(history.get(count - 1).monotonicNanos() - history.get(0).monotonicNanos());
        double max = 1;
        for (double rate : changesPerSecond) {
            max = Math.max(max, rate);
        }
        gc.drawString(String.format("bit flips/s (max %.0f)", max), MARGIN, MARGIN + CHART / 2 - 8, true);
        gc.setBackground(palette.port(PortColour.PENDING));
        for (int i = 1; i < count; i++) {
            int x0 = plotX + (int) ((long) (i - 1) * plotWidth / (count - 1));
            int x1 = plotX + (int) ((long) i * plotWidth / (count - 1));
            int height = (int) Math.round(changesPerSecond[i] / max * CHART);
            if (height > 0) {
                gc.fillRectangle(x0, MARGIN + CHART - height, Math.max(1, x1 - x0), height);
            }
        }
        gc.setForeground(palette.gridLine());
        gc.drawLine(plotX, MARGIN + CHART, plotX + plotWidth, MARGIN + CHART);
        gc.setForeground(palette.secondaryText());
        gc.drawString(String.format("%.1f s ago", span.toMillis() / 1000.0), plotX, MARGIN + CHART + 3, true);
        String now = "now (#" + history.get(count - 1).sequence() + ")";
        gc.drawString(now, plotX + plotWidth - gc.textExtent(now).x, MARGIN + CHART + 3, true);

        for (int row = 0; row < ports.size(); row++) {
            int port = ports.get(row);
            Rectangle strip = stripBounds(row);
            String name = history.get(count - 1).descriptor().portName(port);
            gc.setForeground(palette.foreground());
            gc.drawString(port + (name == null ? "" : " " + name), MARGIN, strip.y - 2, true);
            // runs of one colour as one rectangle each: few calls even for long histories
            int runStart = 0;
            PortColour runColour = PortGridModel.colourOf(history.get(0).port(port));
            for (int i = 1; i <= count; i++) {
                PortColour colour = i < count ? PortGridModel.colourOf(history.get(i).port(port)) : null;
                if (colour != runColour) {
                    int x0 = plotX + (int) ((long) runStart * plotWidth / count);
                    int x1 = plotX + (int) ((long) i * plotWidth / count);
                    gc.setBackground(palette.port(runColour));
                    gc.fillRectangle(x0, strip.y, Math.max(1, x1 - x0), strip.height);
                    runStart = i;
                    runColour = colour;
                }
            }
        }
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? 800 : wHint,
                hHint == SWT.DEFAULT ? MARGIN * 2 + CHART + 24 + STRIP * Math.max(1, ports.size()) : hHint);
    }
}
