package org.xenguest.debug.ui.views;

import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.ui.live.LiveSession;

/** The Timeline view: bit flips per second, and each named or changed port's state over time. */
public final class TimelineView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.timeline";

    private TimelineCanvas timeline;
    private Snapshot shown;

    @Override
    protected void createContent(Composite parent) {
        timeline = new TimelineCanvas(parent);
    }

    @Override
    protected void sessionReplaced() {
        shown = null;
        timeline.update(List.of());
    }

    @Override
    protected void refresh(LiveSession session) {
        if (session == null || session.latest() == null || session.latest().snapshot() == shown) {
            return;
        }
        shown = session.latest().snapshot();
        timeline.update(session.history());
    }

    @Override
    protected void paletteChanged(Palette now) {
        timeline.setPalette(now);
    }

    public TimelineCanvas timeline() {
        return timeline;
    }
}
