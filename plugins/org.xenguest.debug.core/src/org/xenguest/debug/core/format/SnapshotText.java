package org.xenguest.debug.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.xenguest.abi.VcpuInfo;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.snapshot.DeviceState;
import org.xenguest.debug.core.snapshot.CoreView;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenView;

/**
 * A snapshot as text for a terminal: each pending or masked port as Xen's {@code 'e'} debug key
 * shows it ({@code port [p/m/s]} and its name), the vCPUs, the located structures, then the
 * findings. With a diff, what changed is marked with {@code *} (and bold with ANSI).
 */
public final class SnapshotText {

    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private SnapshotText() {
    }

    /**
     * @param diff  what changed since the previous snapshot, or null
     * @param ansi  mark changes in bold as well as with '*'
     */
    public static String render(Snapshot snapshot, List<Finding> findings, SnapshotDiff diff, boolean ansi) {
        StringBuilder text = new StringBuilder();
        text.append("shared_info at ").append(Addresses.format(snapshot.sharedInfoAddress())).append(" from ")
                .append(snapshot.source()).append(", ").append(snapshot.takenAt()).append(" (#")
                .append(snapshot.sequence()).append(")\n");

        TreeSet<Integer> changedPorts = new TreeSet<>();
        if (diff != null) {
            changedPorts.addAll(diff.pendingChanged());
            changedPorts.addAll(diff.maskChanged());
        }
        TreeSet<Integer> listed = new TreeSet<>();
        for (PortState port : snapshot.activePorts()) {
            listed.add(port.port());
        }
        listed.addAll(changedPorts); // changed to [0/0/x]: show where it went
        List<PortState> shown = new ArrayList<>();
        for (int port : listed) {
            shown.add(snapshot.port(port));
        }
        text.append("Event channels (pending or masked)\n");
        text.append("    port [p/m/s]  vcpu  name\n");
        if (shown.isEmpty()) {
            text.append("    (none)\n");
        }
        for (PortListing.Line entry : PortListing.lines(shown, port -> port.masked() && !port.pending()
                && port.name() == null && !changedPorts.contains(port.port()))) {
            if (entry instanceof PortListing.MaskedRun run) {
                text.append(run.text()).append('\n');
                continue;
            }
            PortState port = ((PortListing.PortLine) entry).state();
            String marks = diff == null ? "" : portChanges(diff, port);
            String line = String.format("  %6d %s  %4d", port.port(), port.flags(), port.vcpu())
                    + (port.name() == null ? "" : "  " + port.name()) + (marks.isEmpty() ? "" : "  * " + marks);
            text.append(highlight(line, !marks.isEmpty() && ansi)).append('\n');
        }

        text.append("vCPUs\n");
        for (int id = 0; id < snapshot.vcpuCount(); id++) {
            VcpuInfo vcpu = snapshot.vcpu(id);
            boolean changed = diff != null && (diff.upcallPendingChanged().contains(id)
                    || diff.upcallMaskChanged().contains(id) || diff.selectorChanged().containsKey(id));
            String line = String.format("  vCPU %d: upcall_pending=%d upcall_mask=%d pending_sel=%s%s", id,
                    vcpu.evtchnUpcallPending(), vcpu.evtchnUpcallMask(), SnapshotJson.word(vcpu.evtchnPendingSel()),
                    changed ? "  *" : "");
            text.append(highlight(line, changed && ansi)).append('\n');
        }

        snapshot.xen().ifPresent(view -> xen(text, snapshot, view));
        snapshot.core().ifPresent(view -> core(text, view));

        snapshot.grantTable().ifPresent(grants -> text.append("Grant table: v").append(grants.version()).append(", ")
                .append(grants.frames()).append(grants.frames() == 1 ? " frame, " : " frames, ")
                .append(grants.freeEntries()).append(" of ").append(grants.usableEntries())
                .append(" usable entries free").append(diff != null && diff.grantEntriesChanged() > 0 ? "  *" : "")
                .append('\n'));
        if (!snapshot.rings().isEmpty()) {
            text.append("Rings\n");
            for (RingState ring : snapshot.rings()) {
                boolean changed = diff != null && diff.ringsChanged().contains(ring.name());
                String line = String.format("  %s: req_prod %d req_event %d rsp_prod %d rsp_event %d rsp_cons %s,"
                        + " %d unanswered%s%s", ring.name(), ring.header().reqProd(), ring.header().reqEvent(),
                        ring.header().rspProd(), ring.header().rspEvent(),
                        ring.rspConsumer() == null ? "?" : ring.rspConsumer().toString(), ring.unansweredRequests(),
                        ring.responseEventArmed() ? "" : ", rsp_event not armed", changed ? "  *" : "");
                text.append(highlight(line, changed && ansi)).append('\n');
            }
        }
        snapshot.xenstore().ifPresent(store -> text.append(String.format(
                "Xenstore ring: req %d/%d (cons/prod), rsp %d/%d%s%n", store.page().reqCons(), store.page().reqProd(),
                store.page().rspCons(), store.page().rspProd(), diff != null && diff.xenstoreChanged() ? "  *" : "")));
        if (!snapshot.devices().isEmpty()) {
            text.append("Devices\n");
            for (DeviceState device : snapshot.devices()) {
                boolean changed = diff != null && diff.devicesChanged().contains(device.name());
                String line = "  " + device.name() + ": frontend " + DeviceState.label(device.frontendState())
                        + ", backend " + DeviceState.label(device.backendState()) + (changed ? "  *" : "");
                text.append(highlight(line, changed && ansi)).append('\n');
            }
        }

        text.append("Findings\n");
        if (findings.isEmpty()) {
            text.append("  (none)\n");
        }
        for (Finding finding : findings) {
            text.append(String.format("  %-7s %s: %s%n", finding.severity(), finding.code(), finding.message()));
        }
        return text.toString();
    }

    private static String portChanges(SnapshotDiff diff, PortState port) {
        List<String> changed = new ArrayList<>();
        if (diff.pendingChanged(port.port())) {
            changed.add("pending");
        }
        if (diff.maskChanged(port.port())) {
            changed.add("mask");
        }
        if (diff.selectorChanged(port.vcpu(), port.port())) {
            changed.add("selector");
        }
        return String.join(",", changed);
    }

    /**
     * One line for a snapshot among several guests' ({@code watch --all-domains}): where, the
     * pending and masked-pending ports, each vCPU's upcall flags (and Xen's run state), findings.
     */
    public static String summaryLine(Snapshot snapshot, List<Finding> findings) {
        StringBuilder line = new StringBuilder(snapshot.xen().map(v -> "d" + v.domain().domain().id() + " "
                + v.domain().domain().name()).orElse(snapshot.descriptor().name())).append(" #").append(snapshot.sequence());
        List<Integer> pending = snapshot.sharedInfo().pendingPorts();
        line.append(": pending ").append(pending.isEmpty() ? "none" : pending.toString());
        for (int id = 0; id < snapshot.vcpuCount(); id++) {
            VcpuInfo vcpu = snapshot.vcpu(id);
            int vcpuId = id;
            line.append("; vcpu").append(id).append(" upcall ").append(vcpu.evtchnUpcallPending()).append('/')
                    .append(vcpu.evtchnUpcallMask());
            snapshot.xen().flatMap(v -> v.vcpus().stream().filter(x -> x.vcpu() == vcpuId).findFirst()).ifPresent(x -> line
                    .append(x.running() ? " running" : x.blocked() ? " blocked" : " runnable")
                    .append(x.hvm().flatMap(VcpuState.Hvm::interruptsEnabled).map(on -> on ? " IF=1" : " IF=0").orElse("")));
        }
        line.append("; findings ").append(findings.isEmpty() ? "none"
                : String.join(", ", findings.stream().map(f -> f.code().name()).toList()));
        return line.toString();
    }

    /** Xen's own view (the dom0 probe): every bound port as Xen's 'e' key lists it, each vCPU's state. */
    private static void xen(StringBuilder text, Snapshot snapshot, XenView view) {
        text.append("Xen's view of domain ").append(view.domain().domain().id()).append(" (")
                .append(view.domain().domain().name()).append("): bound ports\n");
        text.append("    port [p/m/s]  vcpu  state        remote     name\n");
        for (PortBinding binding : view.ports()) {
            PortState port = snapshot.port(binding.port());
            String remote = binding.remoteDomain().isPresent()
                    ? "d" + binding.remoteDomain().getAsInt() + binding.remotePort().stream().mapToObj(r -> ":" + r)
                            .findFirst().orElse("")
                    : binding.virqKind().map(v -> "virq " + v.dslName()).orElse("");
            text.append(String.format("  %6d %s  %4d  %-11s  %-9s  %s%n", binding.port(), port.flags(), binding.vcpu(),
                    binding.statusWord(), remote, port.name() == null ? "" : port.name()));
        }
        for (VcpuState vcpu : view.vcpus()) {
            StringBuilder line = new StringBuilder("  vCPU ").append(vcpu.vcpu()).append(": ")
                    .append(!vcpu.online() ? "offline" : vcpu.running() ? "running" : vcpu.blocked() ? "blocked" : "runnable");
            vcpu.hvm().ifPresent(hvm -> {
                hvm.interruptsEnabled().ifPresent(on -> line.append(", IF=").append(on ? 1 : 0));
                hvm.rip().ifPresent(rip -> line.append(", RIP ").append(Addresses.format(rip)));
                if (hvm.lapicKnown()) {
                    line.append(", LAPIC IRR ").append(hvm.lapicIrr()).append(" ISR ").append(hvm.lapicIsr());
                }
            });
            text.append(line).append('\n');
        }
    }

    /** What a core file tells beyond memory: where from, each vCPU's registers at the dump. */
    private static void core(StringBuilder text, CoreView view) {
        text.append("Core file ").append(view.file()).append(": ")
                .append(view.xenVersion().isEmpty() ? "" : "Xen " + view.xenVersion() + ", ")
                .append(view.typeWord()).append(" domain, ").append(view.frames()).append(" frames")
                .append(view.sharedInfoFrameFound() ? "" : "; shared_info from the core's section (no frame equals it)")
                .append('\n');
        for (CoreView.Vcpu vcpu : view.vcpus()) {
            text.append("  vCPU ").append(vcpu.vcpu()).append(": ").append(vcpu.online() ? "online" : "offline")
                    .append(", IF=").append(vcpu.interruptsEnabled() ? 1 : 0)
                    .append(", RIP ").append(Addresses.format(vcpu.rip()))
                    .append(", RSP ").append(Addresses.format(vcpu.rsp())).append('\n');
        }
    }

    private static String highlight(String line, boolean on) {
        return on ? BOLD + line + RESET : line;
    }
}
