package org.xenguest.debug.core.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.xenguest.abi.SharedRingHeader;
import org.xenguest.abi.VcpuInfo;
import org.xenguest.abi.XenstoreInterface;
import org.xenguest.debug.core.analysis.ChangeEvent.Kind;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.snapshot.DeviceState;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;

/**
 * Turns a session's snapshots, in their order, into the changes between each and the one before:
 * pending and mask bits, vCPU upcall flags and selectors, ring indices, free grants, xenstore
 * indices, device states, findings raised and cleared, and gaps. Stateful: feed every snapshot
 * of one session once, in order.
 */
public final class ChangeExtractor {
    private final GapDetector gaps = new GapDetector();
    private Snapshot previous;
    private Map<String, Finding> previousFindings = Map.of();
    private long originNanos;

    /** The changes {@code snapshot} shows against the one fed before it (none for the first). */
    public List<ChangeEvent> next(Snapshot snapshot, List<Finding> findings) {
        Objects.requireNonNull(snapshot, "snapshot");
        List<ChangeEvent> events = new ArrayList<>();
        Rows rows = new Rows(snapshot, events);
        if (previous == null) {
            originNanos = snapshot.monotonicNanos();
        } else {
            long interval = snapshot.monotonicNanos() - previous.monotonicNanos();
            if (gaps.isGap(interval)) {
                rows.add(Kind.GAP, "session", null, null, "no snapshot for", "-", String.format(Locale.ROOT, "%.3f s", interval / 1e9));
            }
            ports(rows, previous, snapshot);
            vcpus(rows, previous, snapshot);
            rings(rows, previous, snapshot);
            grants(rows, previous, snapshot);
            xenstore(rows, previous, snapshot);
            devices(rows, previous, snapshot);
        }
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding finding : findings) {
            current.put(findingKey(finding), finding);
        }
        for (String key : previousFindings.keySet()) {
            if (!current.containsKey(key)) {
                rows.add(Kind.FINDING, key, null, null, "finding", "raised", "cleared");
            }
        }
        for (String key : current.keySet()) {
            if (!previousFindings.containsKey(key)) {
                rows.add(Kind.FINDING, key, null, null, "finding", "-", "raised");
            }
        }
        previousFindings = current;
        previous = snapshot;
        return events;
    }

    /** A finding by what it is about (its code, ports and structures), not by its changing message. */
    private static String findingKey(Finding finding) {
        StringBuilder key = new StringBuilder(finding.code().name());
        finding.ports().forEach(p -> key.append(" port ").append(p));
        finding.structures().forEach(s -> key.append(' ').append(s));
        return key.toString();
    }

    private final class Rows {
        final Snapshot snapshot;
        final List<ChangeEvent> events;

        Rows(Snapshot snapshot, List<ChangeEvent> events) {
            this.snapshot = snapshot;
            this.events = events;
        }

        void add(Kind kind, String object, Integer port, Integer vcpu, String field, Object from, Object to) {
            events.add(new ChangeEvent(snapshot.sequence(), snapshot.takenAt(), snapshot.monotonicNanos() - originNanos,
                    kind, object, port, vcpu, field, String.valueOf(from), String.valueOf(to)));
        }
    }

    private static void ports(Rows rows, Snapshot before, Snapshot after) {
        SnapshotDiff diff = SnapshotDiff.between(before, after);
        for (int port : diff.pendingChanged()) {
            rows.add(Kind.PORT, portName(after, port), port, null, "pending", bit(before.isPending(port)),
                    bit(after.isPending(port)));
        }
        for (int port : diff.maskChanged()) {
            rows.add(Kind.PORT, portName(after, port), port, null, "masked", bit(before.isMasked(port)),
                    bit(after.isMasked(port)));
        }
    }

    private static String portName(Snapshot snapshot, int port) {
        String name = snapshot.port(port).name();
        return name == null ? "port " + port : "port " + port + " " + name;
    }

    private static void vcpus(Rows rows, Snapshot before, Snapshot after) {
        int count = Math.min(before.vcpuCount(), after.vcpuCount());
        for (int id = 0; id < count; id++) {
            VcpuInfo old = before.vcpu(id);
            VcpuInfo now = after.vcpu(id);
            String object = "vcpu " + id;
            if (old.evtchnUpcallPending() != now.evtchnUpcallPending()) {
                rows.add(Kind.VCPU, object, null, id, "upcall_pending", old.evtchnUpcallPending(), now.evtchnUpcallPending());
            }
            if (old.evtchnUpcallMask() != now.evtchnUpcallMask()) {
                rows.add(Kind.VCPU, object, null, id, "upcall_mask", old.evtchnUpcallMask(), now.evtchnUpcallMask());
            }
            if (old.evtchnPendingSel() != now.evtchnPendingSel()) {
                rows.add(Kind.VCPU, object, null, id, "pending_sel", hex(old.evtchnPendingSel()), hex(now.evtchnPendingSel()));
            }
        }
    }

    private static void rings(Rows rows, Snapshot before, Snapshot after) {
        for (RingState ring : after.rings()) {
            RingState old = before.rings().stream().filter(r -> r.name().equals(ring.name())).findFirst().orElse(null);
            if (old == null) {
                continue;
            }
            String object = "ring " + ring.name();
            field(rows, Kind.RING, object, "req_prod", old.header(), ring.header(), SharedRingHeader::reqProd);
            field(rows, Kind.RING, object, "req_event", old.header(), ring.header(), SharedRingHeader::reqEvent);
            field(rows, Kind.RING, object, "rsp_prod", old.header(), ring.header(), SharedRingHeader::rspProd);
            field(rows, Kind.RING, object, "rsp_event", old.header(), ring.header(), SharedRingHeader::rspEvent);
            if (!Objects.equals(old.rspConsumer(), ring.rspConsumer())) {
                rows.add(Kind.RING, object, null, null, "rsp_cons", old.rspConsumer(), ring.rspConsumer());
            }
        }
    }

    private static void grants(Rows rows, Snapshot before, Snapshot after) {
        if (before.grantTable().isPresent() && after.grantTable().isPresent()) {
            int old = before.grantTable().get().freeEntries();
            int now = after.grantTable().get().freeEntries();
            if (old != now) {
                rows.add(Kind.GRANTS, "grant table", null, null, "free", old, now);
            }
        }
    }

    private static void xenstore(Rows rows, Snapshot before, Snapshot after) {
        if (before.xenstore().isPresent() && after.xenstore().isPresent()) {
            XenstoreInterface old = before.xenstore().get().page();
            XenstoreInterface now = after.xenstore().get().page();
            field(rows, Kind.XENSTORE, "xenstore", "req_prod", old, now, XenstoreInterface::reqProd);
            field(rows, Kind.XENSTORE, "xenstore", "req_cons", old, now, XenstoreInterface::reqCons);
            field(rows, Kind.XENSTORE, "xenstore", "rsp_prod", old, now, XenstoreInterface::rspProd);
            field(rows, Kind.XENSTORE, "xenstore", "rsp_cons", old, now, XenstoreInterface::rspCons);
        }
    }

    private static void devices(Rows rows, Snapshot before, Snapshot after) {
        for (DeviceState device : after.devices()) {
            DeviceState old = before.devices().stream().filter(d -> d.name().equals(device.name())).findFirst().orElse(null);
            if (old == null) {
                continue;
            }
            String object = "device " + device.name();
            if (!Objects.equals(old.frontendState(), device.frontendState())) {
                rows.add(Kind.DEVICE, object, null, null, "frontend", DeviceState.label(old.frontendState()),
                        DeviceState.label(device.frontendState()));
            }
            if (!Objects.equals(old.backendState(), device.backendState())) {
                rows.add(Kind.DEVICE, object, null, null, "backend", DeviceState.label(old.backendState()),
                        DeviceState.label(device.backendState()));
            }
        }
    }

    private static <T> void field(Rows rows, Kind kind, String object, String name, T old, T now, Function<T, Long> get) {
        long a = get.apply(old);
        long b = get.apply(now);
        if (a != b) {
            rows.add(kind, object, null, null, name, a, b);
        }
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
