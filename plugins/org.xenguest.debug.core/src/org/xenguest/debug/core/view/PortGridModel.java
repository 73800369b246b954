package org.xenguest.debug.core.view;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.EventChannels;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.view.PortColour;

/**
 * What the grid draws for each of the 4,096 ports, kept apart from the drawing so that tests
 * can compare the pixels with it: the colour, how recently the port changed (fading over
 * {@link #FADE_SNAPSHOTS} snapshots), and the findings concerning it. UI thread only.
 */
public final class PortGridModel {

    public static final int PORTS = EventChannels.NR_CHANNELS_2L;
    public static final int COLUMNS = EventChannels.BITS_PER_WORD;
    /** A changed cell stays highlighted this many snapshots, fainter each time. */
    public static final int FADE_SNAPSHOTS = 5;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PortColour[] colours = new PortColour[PORTS];
    private final int[] changeAge = new int[PORTS];
    private final List<List<Finding>> findings = new ArrayList<>(PORTS);
    private final PortState[] states = new PortState[PORTS];
    /** Per word (grid row): is its bit set in some vCPU's evtchn_pending_sel. */
    private final boolean[] selectedWords = new boolean[EventChannels.WORDS_2L];
    private Snapshot snapshot;

    public PortGridModel() {
        for (int port = 0; port < PORTS; port++) {
            findings.add(List.of());
        }
        clear();
    }

    /** Forgets everything (another session is shown). */
    public void clear() {
        java.util.Arrays.fill(colours, PortColour.IDLE);
        java.util.Arrays.fill(changeAge, 0);
        java.util.Arrays.fill(states, null);
        java.util.Arrays.fill(selectedWords, false);
        for (int port = 0; port < PORTS; port++) {
            findings.set(port, List.of());
        }
        snapshot = null;
    }

    /** Takes the newest update; a snapshot seen before (a repeated refresh) changes nothing. */
    public void update(Session.Update update) {
        if (update == null || update.snapshot() == snapshot) {
            return;
        }
        snapshot = update.snapshot();
        for (int port = 0; port < PORTS; port++) {
            PortState state = snapshot.port(port);
            states[port] = state;
            colours[port] = colourOf(state);
            if (changeAge[port] > 0) {
                changeAge[port]--;
            }
            findings.set(port, List.of());
        }
        if (update.diff() != null) {
            for (int port : update.diff().pendingChanged()) {
                changeAge[port] = FADE_SNAPSHOTS;
            }
            for (int port : update.diff().maskChanged()) {
                changeAge[port] = FADE_SNAPSHOTS;
            }
        }
        for (Finding finding : update.findings()) {
            for (int port : finding.ports()) {
                if (port >= 0 && port < PORTS) {
                    List<Finding> list = new ArrayList<>(findings.get(port));
                    list.add(finding);
                    findings.set(port, List.copyOf(list));
                }
            }
        }
        java.util.Arrays.fill(selectedWords, false);
        for (int vcpu = 0; vcpu < snapshot.vcpuCount(); vcpu++) {
            long selector = snapshot.vcpu(vcpu).evtchnPendingSel();
            for (int word = 0; word < selectedWords.length; word++) {
                selectedWords[word] |= (selector >>> word & 1) != 0;
            }
        }
    }

    public static PortColour colourOf(PortState state) {
        if (state.pending() && state.masked()) {
            return PortColour.PENDING_MASKED;
        }
        if (state.pending()) {
            return state.selector() ? PortColour.PENDING_SELECTED : PortColour.PENDING;
        }
        return state.masked() ? PortColour.MASKED : PortColour.IDLE;
    }

    public boolean hasSnapshot() {
        return snapshot != null;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public PortColour colour(int port) {
        return colours[port];
    }

    /** Snapshots of highlight left: {@link #FADE_SNAPSHOTS} just after a change, 0 when settled. */
    public int changeAge(int port) {
        return changeAge[port];
    }

    public List<Finding> findings(int port) {
        return findings.get(port);
    }

    /** The port's state in the newest snapshot, or null before the first. */
    public PortState state(int port) {
        return states[port];
    }

    public boolean wordSelected(int word) {
        return selectedWords[word];
    }

    public String name(int port) {
        PortState state = states[port];
        return state == null ? null : state.name();
    }

    /** What the hover says about a port: name, kind, handler, vCPU, state, findings, history. */
    public String describe(int port, List<Snapshot> history) {
        StringBuilder text = new StringBuilder("Port ").append(port);
        if (snapshot == null) {
            return text.append(": no snapshot yet").toString();
        }
        GuestDescriptor.Port described = snapshot.descriptor().port(port).orElse(null);
        if (described != null) {
            text.append("  ").append(described.name());
            if (described.kind() != null) {
                text.append("  (").append(described.kind()).append(')');
            }
            if (described.handler() != null) {
                text.append("\nhandler ").append(described.handler());
            }
        }
        PortState state = states[port];
        text.append("\n").append(state.flags()).append("  ").append(explain(state)).append(", notifies vCPU ")
                .append(state.vcpu());
        text.append('\n').append(XenPortText.hover(snapshot, port));
        for (Finding finding : findings.get(port)) {
            text.append("\n\u26a0 ").append(finding.code()).append(": ").append(finding.message());
        }
        List<String> changes = historyOf(port, history);
        if (!changes.isEmpty()) {
            text.append("\nHistory (newest last):");
            for (String change : changes) {
                text.append("\n  ").append(change);
            }
        }
        return text.toString();
    }

    /** The port's last changes of [p/m/s] in {@code history}, at most six. */
    static List<String> historyOf(int port, List<Snapshot> history) {
        List<String> changes = new ArrayList<>();
        String previous = null;
        for (Snapshot each : history) {
            String flags = each.port(port).flags();
            if (!flags.equals(previous)) {
                changes.add(LocalTime.ofInstant(each.takenAt(), ZoneId.systemDefault()).format(CLOCK) + "  " + flags
                        + "  (#" + each.sequence() + ")");
                previous = flags;
            }
        }
        return changes.size() > 6 ? changes.subList(changes.size() - 6, changes.size()) : changes;
    }

    static String explain(PortState state) {
        return (state.pending() ? "pending" : "not pending") + ", " + (state.masked() ? "masked" : "unmasked") + ", "
                + (state.selector() ? "selector set" : "selector clear");
    }
}
