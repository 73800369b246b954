package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.AWTException;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the built Studio product the way the README does, on the X display the tests run under
 * (Xvfb in the README's test command), waits for its workbench window, keeps a screenshot of it
 * and checks through the OSGi console that Studio's bundles are in it.
 */
class StudioProductTest {

    private static final Duration WINDOW_LIMIT = Duration.ofMinutes(3);

    @Test
    void studioStartsItsWorkbenchWindow(@TempDir Path temp) throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isBlank(),
                "no DISPLAY: the Studio test needs an X server; run the README's test command (it uses xvfb-run)");
        Path studio = Installation.product("org.xenguest.studio.product", "xenguest-studio");
        Robot robot = robot();
        int colorsBefore = distinctColors(capture(robot));

        List<String> command = Installation.eclipseCommand(studio, List.of("-Xmx1g"),
                "-nosplash", "-console", "-consoleLog", "-data", temp.resolve("workspace").toString());
        try (Processes.Running running = Processes.start(studio, Map.of(), command)) {
            BufferedImage window = awaitWindow(robot, running, colorsBefore);
            Path screenshot = Installation.output().resolve("screenshots/studio-workbench.png");
            Files.createDirectories(screenshot.getParent());
            ImageIO.write(window, "png", screenshot.toFile());

            running.send("ss org.xenguest");
            running.send("getprop eclipse.product");
            running.send("echo end-of-list");
            String listing = running.awaitOutput("end-of-list\n", Duration.ofSeconds(60));
            for (String bundle : List.of("org.xenguest.abi", "org.xenguest.studio")) {
                assertTrue(listing.matches("(?s).*\\d+\\s+(RESOLVED|STARTING|ACTIVE)\\s+" + Pattern.quote(bundle) + "_.*"),
                        "the Studio does not have " + bundle + " resolved:\n" + listing);
            }
            assertTrue(listing.contains("eclipse.product=org.xenguest.studio.product"),
                    "the running product is not the Studio's:\n" + listing);
            running.send("close");
        }
    }

    /** The workbench has drawn when the screen shows far more colours than the empty X root. */
    private static BufferedImage awaitWindow(Robot robot, Processes.Running running, int colorsBefore) {
        long deadline = System.nanoTime() + WINDOW_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(running.process().isAlive(), "the Studio exited early:\n" + running.output());
            if (distinctColors(capture(robot)) > colorsBefore + 20) {
                Processes.sleep(5_000); // let the first layout and the views finish painting
                return capture(robot);
            }
            Processes.sleep(1_000);
        }
        throw new AssertionError("no workbench window within " + WINDOW_LIMIT + ":\n" + running.output());
    }

    private static Robot robot() {
        try {
            return new Robot();
        } catch (AWTException | UnsupportedOperationException e) {
            throw new AssertionError("cannot read the X display " + System.getenv("DISPLAY") + ": " + e, e);
        }
    }

    private static BufferedImage capture(Robot robot) {
        return robot.createScreenCapture(new Rectangle(Toolkit.getDefaultToolkit().getScreenSize()));
    }

    private static int distinctColors(BufferedImage image) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colors.add(image.getRGB(x, y));
            }
        }
        return colors.size();
    }

}
