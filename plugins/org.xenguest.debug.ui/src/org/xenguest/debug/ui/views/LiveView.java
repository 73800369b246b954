package org.xenguest.debug.ui.views;

import java.util.concurrent.CompletableFuture;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.ui.live.SessionState;
import org.xenguest.debug.ui.live.SessionStatus;

/**
 * What every live view shares: it follows the current {@link LiveSession}, refreshes at most 60
 * times a second on the UI thread whatever the poll rate, shows the session's status in a line
 * at its top (connecting, live, stalled...), and offers pause/resume and disconnect. Pausing and
 * disconnecting wait for a read in flight, so they run off the UI thread.
 */
public abstract class LiveView extends ViewPart {

    private final LiveSession.Listener sessionListener = session -> throttle().request();
    private RedrawThrottle throttle;
    private Label statusLine;
    private Palette palette;
    private Action pauseAction;
    private Action disconnectAction;
    private SessionStatus shownStatus;
    private Object shownPinned;
    private LiveSession shownSession;
    private Composite partParent;
    private final org.eclipse.jface.util.IPropertyChangeListener themeListener = event -> themeMayHaveChanged();
    private final org.eclipse.swt.widgets.Listener settingsListener = event -> themeMayHaveChanged();
    private org.eclipse.e4.core.services.events.IEventBroker eventBroker;
    private final org.osgi.service.event.EventHandler cssThemeHandler = event -> themeMayHaveChanged();
    /** What the E4 CSS theme engine posts after switching theme (Preferences > Appearance). */
    static final String CSS_THEME_CHANGED = "org/eclipse/e4/ui/css/swt/ThemeManager/themeChanged";

    @Override
    public final void createPartControl(Composite parent) {
        partParent = parent;
        palette = Palette.forBackground(parent.getBackground().getRGB());
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.verticalSpacing = 2;
        root.setLayout(layout);
        statusLine = new Label(root, SWT.NONE);
        statusLine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite content = new Composite(root, SWT.NONE);
        content.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        content.setLayout(new org.eclipse.swt.layout.FillLayout());
        createContent(content);
        throttle = new RedrawThrottle(parent.getDisplay(), this::refreshNow);
        contributeActions(getViewSite().getActionBars().getToolBarManager());
        getViewSite().getActionBars().getMenuManager().add(new Action("Replay a Recording...") {
            @Override
            public void run() {
                replayChosenRecording();
            }
        });
        getViewSite().getActionBars().getMenuManager().add(new Action("Open a Core File...") {
            @Override
            public void run() {
                openChosenCore();
            }
        });
        getViewSite().getActionBars().updateActionBars();
        LiveSessions.addListener(sessionListener);
        org.xenguest.debug.ui.live.TimeTravel.install();
        // the theme: a colour-and-font theme switch or a changed colour, a CSS theme switch, the desktop's settings
        getSite().getWorkbenchWindow().getWorkbench().getThemeManager().addPropertyChangeListener(themeListener);
        parent.getDisplay().addListener(SWT.Settings, settingsListener);
        eventBroker = getSite().getService(org.eclipse.e4.core.services.events.IEventBroker.class);
        if (eventBroker != null) {
            eventBroker.subscribe(CSS_THEME_CHANGED, cssThemeHandler);
        }
        refreshNow();
    }

    /** Re-reads the theme after the change is applied to the widgets (asynchronously, on the UI thread). */
    private void themeMayHaveChanged() {
        if (partParent == null || partParent.isDisposed()) {
            return;
        }
        partParent.getDisplay().asyncExec(this::applyTheme);
    }

    /**
     * Picks the palette for the background the theme gives the view now, and redraws with it if
     * it changed (light to dark or back). UI thread.
     */
    public void applyTheme() {
        if (partParent == null || partParent.isDisposed()) {
            return;
        }
        Palette now = Palette.forBackground(partParent.getBackground().getRGB());
        if (now == palette) {
            return;
        }
        palette = now;
        paletteChanged(now);
        shownStatus = null; // its colour comes from the palette
        refreshNow();
    }

    /** The palette changed with the theme: redraw what is drawn with it. */
    protected void paletteChanged(Palette now) {
    }

    /** The composite the workbench gave this view (whose background the theme sets). */
    public Composite partParent() {
        return partParent;
    }

    @Override
    public void setFocus() {
        statusLine.getParent().setFocus();
    }

    private RedrawThrottle throttle() {
        return throttle;
    }

    /** Builds the view's own widgets under the status line. */
    protected abstract void createContent(Composite parent);

    /** Shows the session's newest state; UI thread; {@code session} may be null. */
    protected abstract void refresh(LiveSession session);

    public Palette palette() {
        return palette;
    }

    protected void contributeActions(IToolBarManager toolBar) {
        pauseAction = new Action("Pause polling", Action.AS_CHECK_BOX) {
            @Override
            public void run() {
                LiveSession session = LiveSessions.current();
                if (session != null) {
                    boolean pause = isChecked();
                    CompletableFuture.runAsync(pause ? session::pause : session::resume);
                }
            }
        };
        pauseAction.setToolTipText("Pause polling (the last snapshot stays shown) / resume");
        disconnectAction = new Action("Disconnect") {
            @Override
            public void run() {
                LiveSession session = LiveSessions.current();
                if (session != null) {
                    CompletableFuture.runAsync(session::disconnect);
                }
            }
        };
        disconnectAction.setToolTipText("Disconnect from the guest (the last snapshot stays shown)");
        toolBar.add(pauseAction);
        toolBar.add(disconnectAction);
    }

    private void openChosenCore() {
        org.eclipse.swt.widgets.FileDialog dialog = new org.eclipse.swt.widgets.FileDialog(getSite().getShell(),
                SWT.OPEN);
        dialog.setText("Open a core file (xl dump-core, xenguest host dump-core)");
        dialog.setFilterExtensions(new String[] { "*.core;*core*", "*" });
        String chosen = dialog.open();
        if (chosen != null) {
            // the core is read on the session's own thread: a large one does not hold the UI
            LiveSessions.show(LiveSession.openCore(java.nio.file.Path.of(chosen), java.time.Duration.ofMillis(50), null));
        }
    }

    private void replayChosenRecording() {
        org.eclipse.swt.widgets.FileDialog dialog = new org.eclipse.swt.widgets.FileDialog(getSite().getShell(),
                SWT.OPEN);
        dialog.setText("Replay a recording (xenguest watch --record, or a launch's record file)");
        dialog.setFilterExtensions(new String[] { "*.jsonl;*.json", "*" });
        String chosen = dialog.open();
        if (chosen != null) {
            // the file is read on the replay's own thread: a large recording does not hold the UI
            RecordingLauncher.open(java.nio.file.Path.of(chosen));
        }
    }

    /** Refreshes now (UI thread); the throttle calls it at most 60 times a second. */
    public final void refreshNow() {
        if (statusLine == null || statusLine.isDisposed()) {
            return;
        }
        LiveSession session = LiveSessions.current();
        SessionStatus status = session == null ? null : session.status();
        Object pinned = session == null ? null : session.pinned();
        if (status != shownStatus || pinned != shownPinned) {
            shownStatus = status;
            shownPinned = pinned;
            showStatus(status, session);
        }
        if (pauseAction != null) {
            boolean active = session != null && session.status().state().isActive();
            pauseAction.setEnabled(active);
            pauseAction.setChecked(session != null && session.isPaused());
            disconnectAction.setEnabled(active);
        }
        if (session != shownSession) {
            shownSession = session;
            sessionReplaced();
        }
        refresh(session);
    }

    /** Another session (or none) is shown now: forget what the last one showed. */
    protected void sessionReplaced() {
    }

    private void showStatus(SessionStatus status, LiveSession session) {
        String text = status == null ? "No live session: launch a \"Xen Guest (live)\" configuration, or replay a recording."
                : status.text();
        org.xenguest.debug.core.session.Session.Update pinned = session == null ? null : session.pinned();
        if (pinned != null) {   // a time picked on the timeline: say which, before the session's own state
            text = "Showing " + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                    .withZone(java.time.ZoneId.systemDefault()).format(pinned.snapshot().takenAt())
                    + " (snapshot #" + pinned.snapshot().sequence() + "; \"Live\" on the Timeline returns to now). " + text;
        }
        statusLine.setText(text);
        statusLine.setToolTipText(text);
        SessionState state = status == null ? null : status.state();
        statusLine.setForeground(state == null ? palette.secondaryText()
                : switch (state) {
                    case LIVE, REPLAYING -> palette.good();
                    case CONNECTING, PAUSED -> palette.warning();
                    case STALLED -> palette.finding();
                    case REPLAY_ENDED, DISCONNECTED -> palette.secondaryText();
                });
    }

    /** The status line's text (for tests). */
    public String statusText() {
        return statusLine.getText();
    }

    /** Refreshes done so far by the throttle (for tests and the benchmark). */
    public long refreshes() {
        return throttle.runs();
    }

    @Override
    public void dispose() {
        LiveSessions.removeListener(sessionListener);
        getSite().getWorkbenchWindow().getWorkbench().getThemeManager().removePropertyChangeListener(themeListener);
        if (partParent != null && !partParent.isDisposed()) {
            partParent.getDisplay().removeListener(SWT.Settings, settingsListener);
        }
        if (eventBroker != null) {
            eventBroker.unsubscribe(cssThemeHandler);
        }
        super.dispose();
    }
}
