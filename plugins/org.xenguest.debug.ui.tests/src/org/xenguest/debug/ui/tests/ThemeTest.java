package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.EventChannelsView;
import org.xenguest.debug.ui.views.Palette;
import org.xenguest.debug.core.view.PortColour;

/**
 * The grid follows the workbench theme: when the theme gives the view a dark background and says
 * so (a changed colour in the theme's colour registry, or the CSS engine's theme-changed event),
 * the cells are drawn with the dark palette, and back.
 */
class ThemeTest {

    private static final String CSS_THEME_CHANGED = "org/eclipse/e4/ui/css/swt/ThemeManager/themeChanged";
    private static final String PROBE = "org.xenguest.debug.ui.tests.themeProbe";

    @Test
    void theGridsColoursFollowAThemeSwitch() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            LiveSession session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO,
                    LiveViewsTest.GUEST).withThresholds(RuleThresholds.instant()));
            LiveSessions.show(session);
            Color dark = new Color(0x2B, 0x2B, 0x2B);
            EventChannelsView view = (EventChannelsView) page.showView(EventChannelsView.ID);
            try {
                page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
                Ui.waitUntil("a snapshot", LiveViewsTest.WAIT, () -> view.model().hasSnapshot());
                Ui.pump(Duration.ofMillis(300));
                assertSame(Palette.light(), view.palette(), "the test workbench starts light");
                assertEquals(Palette.light().port(PortColour.IDLE).getRGB(), cellColour(view, 1));

                // the dark theme paints the view's background and changes a colour of the theme
                view.partParent().setBackground(dark);
                PlatformUI.getWorkbench().getThemeManager().getCurrentTheme().getColorRegistry().put(PROBE,
                        new RGB(0x2B, 0x2B, 0x2B));
                Ui.waitUntil("the dark palette", LiveViewsTest.WAIT, () -> view.palette() == Palette.dark());
                assertSame(Palette.dark(), view.grid().palette());
                assertEquals(Palette.dark().port(PortColour.IDLE).getRGB(), cellColour(view, 1));
                assertEquals(Palette.dark().port(PortColour.PENDING_MASKED).getRGB(), cellColour(view, 4));
                Ui.savePng(Ui.captureShell(page.getWorkbenchWindow().getShell()), "workbench-event-channels-dark");

                // back to a light theme, this time announced by the CSS theme engine's event
                view.partParent().setBackground(null);
                PlatformUI.getWorkbench().getService(IEventBroker.class).send(CSS_THEME_CHANGED, null);
                Ui.waitUntil("the light palette", LiveViewsTest.WAIT, () -> view.palette() == Palette.light());
                assertEquals(Palette.light().port(PortColour.IDLE).getRGB(), cellColour(view, 1));
                assertFalse(view.grid().palette().isDark());
            } finally {
                view.partParent().setBackground(null);
                dark.dispose();
                CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
                Ui.waitUntil("disconnect", LiveViewsTest.WAIT, done::isDone);
                LiveSessions.show(null);
                page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
            }
        }
    }

    /** The colour at the centre of a port's cell, as on screen. */
    private static RGB cellColour(EventChannelsView view, int port) {
        ImageData shown = Ui.capture(view.grid());
        Rectangle cell = view.grid().cellBounds(port);
        return Ui.pixel(shown, cell.x + cell.width / 2, cell.y + cell.height / 2);
    }
}
