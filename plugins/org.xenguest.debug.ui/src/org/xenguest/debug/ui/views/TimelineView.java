package org.xenguest.debug.ui.views;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.TimeSelection;

/**
 * The Timeline view: the whole session (live as it grows, or a whole recording), zoomable down
 * to single snapshots. A click or drag picks the time every live view shows
 * ({@link TimeSelection}); "Live" returns them to now; "Fit" shows the whole session again;
 * "Bookmark" marks the picked time with a note.
 */
public final class TimelineView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.timeline";

    private TimelineCanvas timeline;
    private final Runnable selectionListener = () -> {
        if (timeline != null && !timeline.isDisposed()) {
            timeline.getDisplay().asyncExec(this::showSelection);
        }
    };
    private long shownSnapshots = -1;

    @Override
    protected void createContent(Composite parent) {
        timeline = new TimelineCanvas(parent);
        timeline.setSelectionListener((from, to) -> TimeSelection.select(
                new TimeSelection.Range(TimelineModel.instant(from), TimelineModel.instant(to))));
        TimeSelection.addListener(selectionListener);
    }

    @Override
    protected void contributeActions(IToolBarManager toolBar) {
        Action live = new Action("Live") {
            @Override
            public void run() {
                TimeSelection.followLive();
            }
        };
        live.setToolTipText("Show the newest snapshot in every view again");
        Action fit = new Action("Fit") {
            @Override
            public void run() {
                timeline.fit();
            }
        };
        fit.setToolTipText("Show the whole session (Home)");
        Action bookmark = new Action("Bookmark") {
            @Override
            public void run() {
                addBookmark();
            }
        };
        bookmark.setToolTipText("Mark the picked time (or now) with a note");
        toolBar.add(live);
        toolBar.add(fit);
        toolBar.add(bookmark);
        super.contributeActions(toolBar);
    }

    private void addBookmark() {
        TimelineModel model = timeline.model();
        if (model == null || model.snapshots() == 0) {
            return;
        }
        long at = TimeSelection.selected().map(r -> TimelineModel.nanos(r.to())).orElse(model.end());
        InputDialog dialog = new InputDialog(getSite().getShell(), "Bookmark", "A note for "
                + TimelineModel.instant(at) + ":", "", null);
        if (dialog.open() == IDialogConstants.OK_ID) {
            model.addBookmark(at, dialog.getValue());
            timeline.redraw();
        }
    }

    private void showSelection() {
        if (timeline.isDisposed()) {
            return;
        }
        var range = TimeSelection.selected();
        if (range.isEmpty()) {
            timeline.showSelection(Long.MIN_VALUE, Long.MIN_VALUE);
        } else {
            timeline.showSelection(TimelineModel.nanos(range.get().from()), TimelineModel.nanos(range.get().to()));
        }
    }

    @Override
    protected void sessionReplaced() {
        shownSnapshots = -1;
        timeline.setModel(null);
    }

    @Override
    protected void refresh(LiveSession session) {
        if (session == null) {
            return;
        }
        TimelineModel model = session.timeline();
        if (model != timeline.model()) {
            timeline.setModel(model);
            showSelection();
            shownSnapshots = -1;
        }
        if (model != null && model.snapshots() != shownSnapshots) {
            shownSnapshots = model.snapshots();
            timeline.modelChanged();
        }
    }

    @Override
    protected void paletteChanged(Palette now) {
        timeline.setPalette(now);
    }

    public TimelineCanvas timeline() {
        return timeline;
    }

    @Override
    public void dispose() {
        TimeSelection.removeListener(selectionListener);
        super.dispose();
    }
}
