package org.xenguest.debug.ui.views;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.format.PortListing;
import org.xenguest.debug.core.view.PortGridModel;
import org.xenguest.debug.core.view.PortFilter;
import org.xenguest.debug.core.view.XenPortText;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.ui.live.LiveSession;

/**
 * The Event Channels view: the 4,096 ports as a grid ({@link EventChannelGrid}) or as a list
 * that reads like Xen's {@code 'e'} debug key; filters for named, active and pending ports.
 */
public final class EventChannelsView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.eventChannels";
    /** Masked-only ports in a row are folded into one line beyond this many (guests often mask all). */

    private final PortGridModel model = new PortGridModel();
    private StackLayout stack;
    private EventChannelGrid grid;
    private StyledText list;
    private boolean listMode;
    private PortFilter filter = PortFilter.ALL;
    private Snapshot listedSnapshot;

    @Override
    protected void createContent(Composite parent) {
        Composite pages = new Composite(parent, SWT.NONE);
        stack = new StackLayout();
        pages.setLayout(stack);
        grid = new EventChannelGrid(pages, model, this::history);
        list = new StyledText(pages, SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        list.setFont(JFaceResources.getTextFont());
        list.setMargins(8, 6, 8, 6);
        stack.topControl = grid;
    }

    @Override
    protected void paletteChanged(Palette now) {
        grid.setPalette(now);
    }

    private List<Snapshot> history() {
        LiveSession session = org.xenguest.debug.ui.live.LiveSessions.current();
        return session == null ? List.of() : session.history();
    }

    @Override
    protected void contributeActions(IToolBarManager toolBar) {
        toolBar.add(filterAction("Named", "Only ports the guest descriptor names", on -> filter.withNamedOnly(on)));
        toolBar.add(filterAction("Active", "Only pending or masked ports", on -> filter.withActiveOnly(on)));
        toolBar.add(filterAction("Pending", "Only pending ports", on -> filter.withPendingOnly(on)));
        Action listAction = new Action("List", Action.AS_CHECK_BOX) {
            @Override
            public void run() {
                setListMode(isChecked());
            }
        };
        listAction.setToolTipText("Show the ports as a list, like Xen's 'e' debug key");
        toolBar.add(new Separator());
        toolBar.add(listAction);
        toolBar.add(new Separator());
        super.contributeActions(toolBar);
    }

    private Action filterAction(String text, String tip, java.util.function.Function<Boolean, PortFilter> apply) {
        Action action = new Action(text, Action.AS_CHECK_BOX) {
            @Override
            public void run() {
                setFilter(apply.apply(isChecked()));
            }
        };
        action.setToolTipText(tip);
        return action;
    }

    public void setFilter(PortFilter newFilter) {
        filter = newFilter;
        grid.setFilter(newFilter);
        listedSnapshot = null;
        refreshNow();
    }

    public void setListMode(boolean on) {
        listMode = on;
        stack.topControl = on ? list : grid;
        list.getParent().layout();
        listedSnapshot = null;
        refreshNow();
    }

    @Override
    protected void sessionReplaced() {
        model.clear();
        listedSnapshot = null;
    }

    @Override
    protected void refresh(LiveSession session) {
        model.update(session == null ? null : session.latest());
        if (listMode) {
            if (model.snapshot() != listedSnapshot) {
                listedSnapshot = model.snapshot();
                showList();
            }
        } else {
            grid.redrawChanged();
        }
    }

    private void showList() {
        StringBuilder text = new StringBuilder();
        List<StyleRange> styles = new ArrayList<>();
        Snapshot snapshot = model.snapshot();
        if (snapshot == null) {
            list.setText("No snapshot yet.");
            return;
        }
        GuestDescriptor guest = snapshot.descriptor();
        text.append("Event channel information for ").append(guest.name()).append(" (snapshot #")
                .append(snapshot.sequence()).append(", ")
                .append(java.time.LocalTime.ofInstant(snapshot.takenAt(), java.time.ZoneId.systemDefault())
                        .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")))
                .append(", from ").append(snapshot.source()).append(")\n");
        boolean xen = snapshot.xen().isPresent();
        text.append("    port [p/m/s]  vcpu  kind         name                 ")
                .append(xen ? String.format("%-24s %s", "handler", XenPortText.header(snapshot)) : "handler")
                .append('\n');
        if (!xen) {
            text.append("    (").append(XenPortText.NOT_REPORTED).append(")\n");
        }
        List<PortState> listed = new ArrayList<>();
        for (int port = 0; port < PortGridModel.PORTS; port++) {
            PortState state = model.state(port);
            if ((state.pending() || state.masked() || state.name() != null || model.changeAge(port) > 0
                    || XenPortText.binding(snapshot, port).isPresent())
                    && filter.accepts(state) && (port != 0 || state.pending())) {
                listed.add(state);
            }
        }
        for (PortListing.Line entry : PortListing.lines(listed, state -> !state.pending() && state.name() == null
                && model.changeAge(state.port()) == 0 && model.findings(state.port()).isEmpty()
                && XenPortText.binding(snapshot, state.port()).isEmpty())) {
            if (entry instanceof PortListing.MaskedRun run) {
                text.append(run.text()).append('\n');
                continue;
            }
            PortState state = ((PortListing.PortLine) entry).state();
            int port = state.port();
            int lineStart = text.length();
            GuestDescriptor.Port described = guest.port(port).orElse(null);
            String handler = described == null || described.handler() == null ? "" : described.handler();
            text.append(String.format("  %6d %s  %4d  %-12s %-20s %s", port, state.flags(), state.vcpu(),
                    described == null || described.kind() == null ? "" : described.kind(),
                    state.name() == null ? "" : state.name(),
                    xen ? String.format("%-24s %s", handler, XenPortText.columns(snapshot, port)) : handler));
            // where Xen and the guest's model disagree (the notify vCPU): a mark and the reason, in the warning colour
            String disagreement = XenPortText.disagreement(snapshot, port).orElse(null);
            if (disagreement != null) {
                text.append("  \u2260 ").append(disagreement);
            }
            for (Finding finding : model.findings(port)) {
                text.append("  \u26a0 ").append(finding.code());
            }
            if (model.changeAge(port) > 0) {
                text.append("  * changed");
            }
            int lineLength = text.length() - lineStart;
            text.append('\n');
            StyleRange style = new StyleRange(lineStart, lineLength, palette().foreground(), null);
            if (disagreement != null && model.findings(port).isEmpty()) {
                style.foreground = palette().warning();
                style.fontStyle = SWT.BOLD;
            } else if (!model.findings(port).isEmpty()) {
                style.foreground = palette().finding();
                style.fontStyle = SWT.BOLD;
            } else if (model.changeAge(port) > 0) {
                style.background = new org.eclipse.swt.graphics.Color(Palette.blend(palette().background().getRGB(),
                        palette().changed().getRGB(), 0.35 * model.changeAge(port) / PortGridModel.FADE_SNAPSHOTS));
                style.fontStyle = SWT.BOLD;
            }
            styles.add(style);
        }
        int topIndex = list.getTopIndex();
        list.setText(text.toString());
        list.setStyleRanges(styles.toArray(StyleRange[]::new));
        list.setTopIndex(topIndex);
    }

    // ---- for tests --------------------------------------------------------------------------

    public EventChannelGrid grid() {
        return grid;
    }

    public PortGridModel model() {
        return model;
    }

    public String listText() {
        return list.getText();
    }

    public boolean isListMode() {
        return listMode;
    }
}
