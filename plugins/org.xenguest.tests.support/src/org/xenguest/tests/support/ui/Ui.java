package org.xenguest.tests.support.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/** Waiting on the UI thread without blocking it, and reading what a widget shows on screen. */
public final class Ui {

    private Ui() {
    }

    /** Runs the event loop until {@code condition} holds; fails after {@code timeout} with {@code what}. */
    public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        waitUntil(timeout, condition, () -> what);
    }

    public static void waitUntil(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        Display display = Display.getCurrent();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toMillis() + " ms in vain for: " + what.get());
            }
            if (!display.readAndDispatch()) {
                display.timerExec(10, () -> {
                });
                display.sleep();
            }
        }
    }

    /** Keeps the event loop running for {@code duration}. */
    public static void pump(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        waitUntil("", duration.plusSeconds(5), () -> System.nanoTime() >= end);
    }

    /** What {@code control} shows on screen now, after painting what is pending. */
    public static ImageData capture(Control control) {
        control.redraw();
        control.update();
        // GTK draws in frames: let the frame with this paint reach the X server before reading it back
        pump(Duration.ofMillis(120));
        Rectangle size = control.getBounds();
        Image image = new Image(control.getDisplay(), Math.max(1, size.width), Math.max(1, size.height));
        GC gc = new GC(control);
        try {
            gc.copyArea(image, 0, 0);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    public static RGB pixel(ImageData data, int x, int y) {
        return data.palette.getRGB(data.getPixel(x, y));
    }

    /** Saves {@code data} as {@code <target>/screenshots/<name>.png}; returns the file. */
    public static Path savePng(ImageData data, String name) throws Exception {
        Path directory = Path.of(System.getProperty("xenguest.output", "target"), "screenshots");
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".png");
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] { data };
        loader.save(file.toString(), SWT.IMAGE_PNG);
        return file;
    }

    /** The whole window, title bar excluded, as on screen. */
    public static ImageData captureShell(org.eclipse.swt.widgets.Shell shell) {
        shell.update();
        pump(Duration.ofMillis(200));
        Display display = shell.getDisplay();
        Rectangle client = shell.getClientArea();
        Rectangle bounds = display.map(shell, null, client);
        return copyScreen(display, bounds);
    }

    /** The whole screen area of a control including its children (via the display). */
    public static ImageData captureScreen(Control control) {
        control.update();
        pump(Duration.ofMillis(150));
        Display display = control.getDisplay();
        Rectangle bounds = display.map(control.getParent(), null, control.getBounds());
        return copyScreen(display, bounds);
    }

    /** The pixels of a rectangle of the screen, in display coordinates. */
    private static ImageData copyScreen(Display display, Rectangle bounds) {
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
