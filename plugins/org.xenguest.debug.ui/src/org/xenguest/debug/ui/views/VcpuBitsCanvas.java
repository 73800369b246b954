package org.xenguest.debug.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.view.PortGridModel;
import org.xenguest.debug.core.view.PortColour;
import org.xenguest.abi.VcpuInfo;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.view.XenVcpuText;

/**
 * Per vCPU: evtchn_upcall_pending, evtchn_upcall_mask and the 64 bits of evtchn_pending_sel, one
 * box per bit (bit n = word n of the pending bitmap = ports 64n..64n+63). Bits that changed get
 * a fading frame like the grid's cells. Under them, Xen's view of the vCPU (blocked, running,
 * IF, RIP, LAPIC IRR/ISR) when the source reports it, else a line saying it is not known.
 */
public final class VcpuBitsCanvas extends Canvas {

    private static final int MARGIN = 8;
    private static final int LABEL = 64;
    private static final int FLAG = 118;
    private static final int BOX = 11;
    private static final int ROW = 50;
    /** The Xen line's offset in a vCPU's row, under the boxes. */
    private static final int XEN_LINE = 28;

    private Palette palette;
    private Snapshot snapshot;
    /** Fading highlight per vCPU: [0] upcall_pending, [1] upcall_mask, [2..65] selector bits. */
    private int[][] changeAge = new int[32][66];
    private Image buffer;
    private final Font smallFont;
    private java.util.OptionalInt upcallVector = java.util.OptionalInt.empty();

    /** Draws with {@code value} from now on (the workbench theme changed). */
    public void setPalette(Palette value) {
        palette = value;
        if (buffer != null) {
            buffer.dispose();
            buffer = null;
        }
        redraw();
    }

    public VcpuBitsCanvas(Composite parent) {
        super(parent, SWT.NO_BACKGROUND);
        palette = Palette.forBackground(parent.getBackground().getRGB());
        FontData[] data = getFont().getFontData();
        smallFont = new Font(getDisplay(), data[0].getName(), Math.max(7, data[0].getHeight() - 2), SWT.NORMAL);
        addPaintListener(event -> paint(event.gc));
        addDisposeListener(event -> {
            if (buffer != null) {
                buffer.dispose();
            }
            smallFont.dispose();
        });
    }

    /** Takes a new snapshot and what changed since the one before. */
    public void update(Snapshot newSnapshot, SnapshotDiff diff) {
        if (newSnapshot == snapshot) {
            return;
        }
        snapshot = newSnapshot;
        for (int[] ages : changeAge) {
            for (int i = 0; i < ages.length; i++) {
                ages[i] = newSnapshot == null ? 0 : Math.max(0, ages[i] - 1);
            }
        }
        if (diff != null) {
            for (int vcpu : diff.upcallPendingChanged()) {
                changeAge[vcpu][0] = PortGridModel.FADE_SNAPSHOTS;
            }
            for (int vcpu : diff.upcallMaskChanged()) {
                changeAge[vcpu][1] = PortGridModel.FADE_SNAPSHOTS;
            }
            diff.selectorChanged().forEach((vcpu, flipped) -> {
                for (int bit = 0; bit < 64; bit++) {
                    if ((flipped >>> bit & 1) != 0) {
                        changeAge[vcpu][2 + bit] = PortGridModel.FADE_SNAPSHOTS;
                    }
                }
            });
        }
        redraw();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The line under vCPU {@code vcpu}'s boxes: Xen's view of it, or that the source does not report it. */
    public String xenLine(int vcpu) {
        return snapshot == null ? "" : XenVcpuText.line(snapshot, vcpu, upcallVector);
    }

    /** Where the Xen line of vCPU {@code vcpu} is drawn (its top left). */
    public Point xenLineOrigin(int vcpu) {
        return new Point(MARGIN + LABEL, rowY(vcpu) + XEN_LINE);
    }

    /** The IDT vector upcalls arrive on, when the source knows it: marked in the LAPIC lists. */
    public void setUpcallVector(java.util.OptionalInt vector) {
        upcallVector = vector;
    }

    /** Where vCPU {@code vcpu}'s upcall_pending box is. */
    public Rectangle upcallPendingBounds(int vcpu) {
        return new Rectangle(MARGIN + LABEL, rowY(vcpu) + 14, BOX, BOX);
    }

    public Rectangle upcallMaskBounds(int vcpu) {
        return new Rectangle(MARGIN + LABEL + FLAG / 2, rowY(vcpu) + 14, BOX, BOX);
    }

    /** Where bit {@code bit} of vCPU {@code vcpu}'s pending_sel is (bit 0 leftmost). */
    public Rectangle selectorBitBounds(int vcpu, int bit) {
        int x = MARGIN + LABEL + FLAG + bit * (BOX + 1) + bit / 8 * 4;
        return new Rectangle(x, rowY(vcpu) + 14, BOX, BOX);
    }

    private static int rowY(int vcpu) {
        return MARGIN + 16 + vcpu * ROW;
    }

    public Palette palette() {
        return palette;
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
        if (snapshot == null) {
            gc.drawString("No snapshot yet.", MARGIN, MARGIN, true);
            return;
        }
        gc.setFont(smallFont);
        gc.drawString("upcall", MARGIN + LABEL, MARGIN, true);
        gc.drawString("pending  mask", MARGIN + LABEL - 6, MARGIN + 8, true);
        for (int bit = 0; bit < 64; bit += 8) {
            gc.drawString("sel " + bit, selectorBitBounds(0, bit).x, MARGIN + 4, true);
        }
        gc.setFont(getFont());
        for (int vcpu = 0; vcpu < snapshot.vcpuCount(); vcpu++) {
            VcpuInfo info = snapshot.vcpu(vcpu);
            int y = rowY(vcpu);
            gc.setForeground(palette.foreground());
            gc.drawString("vCPU " + vcpu, MARGIN, y + 11, true);
            box(gc, upcallPendingBounds(vcpu), info.evtchnUpcallPending() != 0, palette.bitSet(), changeAge[vcpu][0]);
            box(gc, upcallMaskBounds(vcpu), info.evtchnUpcallMask() != 0, palette.port(PortColour.MASKED),
                    changeAge[vcpu][1]);
            long selector = info.evtchnPendingSel();
            for (int bit = 0; bit < 64; bit++) {
                box(gc, selectorBitBounds(vcpu, bit), (selector >>> bit & 1) != 0, palette.bitSet(),
                        changeAge[vcpu][2 + bit]);
            }
            gc.setForeground(palette.secondaryText());
            gc.setFont(smallFont);
            Rectangle last = selectorBitBounds(vcpu, 63);
            gc.drawString(String.format("0x%016x", selector), last.x + last.width + 10, y + 13, true);
            boolean known = snapshot.xen().isPresent();
            gc.setForeground(known ? palette.foreground() : palette.secondaryText());
            Point origin = xenLineOrigin(vcpu);
            gc.drawString(xenLine(vcpu), origin.x, origin.y, true);
            gc.setFont(getFont());
        }
    }

    private void box(GC gc, Rectangle bounds, boolean set, Color on, int age) {
        gc.setBackground(set ? on : palette.bitClear());
        gc.fillRectangle(bounds);
        if (age > 0) {
            gc.setForeground(new Color(Palette.blend((set ? on : palette.bitClear()).getRGB(),
                    palette.changed().getRGB(), (double) age / PortGridModel.FADE_SNAPSHOTS)));
            gc.setLineWidth(2);
            gc.drawRectangle(bounds.x - 1, bounds.y - 1, bounds.width + 1, bounds.height + 1);
            gc.setLineWidth(1);
        }
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int vcpus = snapshot == null ? 1 : snapshot.vcpuCount();
        return new Point(wHint == SWT.DEFAULT ? 2 * MARGIN + LABEL + FLAG + 64 * (BOX + 1) + 40 + 150 : wHint,
                hHint == SWT.DEFAULT ? rowY(vcpus) + MARGIN : hHint);
    }
}
