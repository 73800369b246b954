package org.xenguest.debug.ui.views;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.xenguest.debug.core.view.PortColour;

/**
 * The few colours of the live views, one set for light and one for dark themes, chosen from the
 * background the view gets. State colours differ in hue and lightness both, so that they read
 * on either background and for the common colour-vision deficiencies (blue/orange/magenta).
 */
public final class Palette {

    private static final Palette LIGHT = new Palette(false, new RGB(0xEC, 0xEE, 0xF1), new RGB(0xB4, 0xC0, 0xCD),
            new RGB(0xF2, 0xB1, 0x2F), new RGB(0xE0, 0x5A, 0x1B), new RGB(0xB0, 0x3A, 0xC8), new RGB(0xFF, 0xFF, 0xFF),
            new RGB(0x20, 0x24, 0x28), new RGB(0x6A, 0x72, 0x7A), new RGB(0x00, 0xA5, 0xD6), new RGB(0xD3, 0x1B, 0x1B),
            new RGB(0x14, 0x6E, 0x2E), new RGB(0xB5, 0x6A, 0x00), new RGB(0xD6, 0xDA, 0xDF));
    private static final Palette DARK = new Palette(true, new RGB(0x35, 0x39, 0x3E), new RGB(0x5C, 0x6F, 0x84),
            new RGB(0xF2, 0xB1, 0x2F), new RGB(0xFF, 0x70, 0x2E), new RGB(0xD0, 0x62, 0xE6), new RGB(0x23, 0x26, 0x29),
            new RGB(0xE6, 0xE8, 0xEA), new RGB(0x9A, 0xA2, 0xAA), new RGB(0x35, 0xD0, 0xFF), new RGB(0xFF, 0x4D, 0x4D),
            new RGB(0x5C, 0xD6, 0x7A), new RGB(0xFF, 0xB2, 0x3E), new RGB(0x44, 0x48, 0x4E));

    private final boolean dark;
    private final Color idle;
    private final Color masked;
    private final Color pending;
    private final Color pendingSelected;
    private final Color pendingMasked;
    private final Color background;
    private final Color foreground;
    private final Color secondaryText;
    private final Color changed;
    private final Color finding;
    private final Color good;
    private final Color warning;
    private final Color gridLine;

    private Palette(boolean dark, RGB idle, RGB masked, RGB pending, RGB pendingSelected, RGB pendingMasked,
            RGB background, RGB foreground, RGB secondaryText, RGB changed, RGB finding, RGB good, RGB warning,
            RGB gridLine) {
        this.dark = dark;
        this.idle = new Color(idle);
        this.masked = new Color(masked);
        this.pending = new Color(pending);
        this.pendingSelected = new Color(pendingSelected);
        this.pendingMasked = new Color(pendingMasked);
        this.background = new Color(background);
        this.foreground = new Color(foreground);
        this.secondaryText = new Color(secondaryText);
        this.changed = new Color(changed);
        this.finding = new Color(finding);
        this.good = new Color(good);
        this.warning = new Color(warning);
        this.gridLine = new Color(gridLine);
    }

    /** The palette for a view whose theme background is {@code themeBackground}. */
    public static Palette forBackground(RGB themeBackground) {
        double luminance = 0.2126 * themeBackground.red + 0.7152 * themeBackground.green
                + 0.0722 * themeBackground.blue;
        return luminance < 128 ? DARK : LIGHT;
    }

    public static Palette light() {
        return LIGHT;
    }

    public static Palette dark() {
        return DARK;
    }

    public boolean isDark() {
        return dark;
    }

    public Color port(PortColour colour) {
        return switch (colour) {
            case IDLE -> idle;
            case MASKED -> masked;
            case PENDING -> pending;
            case PENDING_SELECTED -> pendingSelected;
            case PENDING_MASKED -> pendingMasked;
        };
    }

    /** A set bit in the vCPUs view. */
    public Color bitSet() {
        return pendingSelected;
    }

    public Color bitClear() {
        return idle;
    }

    public Color background() {
        return background;
    }

    public Color foreground() {
        return foreground;
    }

    public Color secondaryText() {
        return secondaryText;
    }

    /** The frame of a cell that changed lately (fading). */
    public Color changed() {
        return changed;
    }

    /** The frame of a cell a finding concerns. */
    public Color finding() {
        return finding;
    }

    public Color good() {
        return good;
    }

    public Color warning() {
        return warning;
    }

    public Color gridLine() {
        return gridLine;
    }

    /** {@code from} moved towards {@code to} by {@code amount} (0..1): the fading highlight. */
    public static RGB blend(RGB from, RGB to, double amount) {
        double a = Math.max(0, Math.min(1, amount));
        return new RGB((int) Math.round(from.red + (to.red - from.red) * a),
                (int) Math.round(from.green + (to.green - from.green) * a),
                (int) Math.round(from.blue + (to.blue - from.blue) * a));
    }
}
