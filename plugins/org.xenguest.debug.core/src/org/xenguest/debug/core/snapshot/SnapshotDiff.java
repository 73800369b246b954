package org.xenguest.debug.core.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.VcpuInfo;

/**
 * What changed between two snapshots: which pending, mask and selector bits flipped, which
 * vCPU upcall flags, rings, grant entries, xenstore indices and device states.
 *
 * @param pendingChanged       ports whose pending bit flipped
 * @param maskChanged          ports whose mask bit flipped
 * @param selectorChanged      vCPU id to the XOR of its old and new evtchn_pending_sel (only
 *                             vCPUs with a change)
 * @param upcallPendingChanged vCPUs whose evtchn_upcall_pending changed
 * @param upcallMaskChanged    vCPUs whose evtchn_upcall_mask changed
 * @param ringsChanged         rings whose indices (shared or rsp_cons) changed
 * @param grantEntriesChanged  grant entries that changed
 * @param xenstoreChanged      whether the xenstore page's indices or status changed
 * @param devicesChanged       devices whose front or back state changed
 * @param elapsedNanos         monotonic time between the two snapshots
 */
public record SnapshotDiff(List<Integer> pendingChanged, List<Integer> maskChanged, Map<Integer, Long> selectorChanged,
        List<Integer> upcallPendingChanged, List<Integer> upcallMaskChanged, List<String> ringsChanged,
        int grantEntriesChanged, boolean xenstoreChanged, List<String> devicesChanged, long elapsedNanos) {

    public SnapshotDiff {
        pendingChanged = List.copyOf(pendingChanged);
        maskChanged = List.copyOf(maskChanged);
        selectorChanged = Collections.unmodifiableMap(new LinkedHashMap<>(selectorChanged));
        upcallPendingChanged = List.copyOf(upcallPendingChanged);
        upcallMaskChanged = List.copyOf(upcallMaskChanged);
        ringsChanged = List.copyOf(ringsChanged);
        devicesChanged = List.copyOf(devicesChanged);
    }

    /** Compares {@code previous} with {@code current}. */
    public static SnapshotDiff between(Snapshot previous, Snapshot current) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        List<Integer> pending = changedPorts(previous.sharedInfo().pendingWords(), current.sharedInfo().pendingWords());
        List<Integer> mask = changedPorts(previous.sharedInfo().maskWords(), current.sharedInfo().maskWords());
        Map<Integer, Long> selectors = new LinkedHashMap<>();
        List<Integer> upcallPending = new ArrayList<>();
        List<Integer> upcallMask = new ArrayList<>();
        List<VcpuInfo> before = previous.sharedInfo().vcpuInfos();
        List<VcpuInfo> after = current.sharedInfo().vcpuInfos();
        for (int id = 0; id < after.size(); id++) {
            long flipped = before.get(id).evtchnPendingSel() ^ after.get(id).evtchnPendingSel();
            if (flipped != 0) {
                selectors.put(id, flipped);
            }
            if (before.get(id).evtchnUpcallPending() != after.get(id).evtchnUpcallPending()) {
                upcallPending.add(id);
            }
            if (before.get(id).evtchnUpcallMask() != after.get(id).evtchnUpcallMask()) {
                upcallMask.add(id);
            }
        }
        List<String> rings = new ArrayList<>();
        for (RingState ring : current.rings()) {
            RingState old = previous.rings().stream().filter(r -> r.name().equals(ring.name())).findFirst().orElse(null);
            if (old == null || !old.header().equals(ring.header()) || !Objects.equals(old.rspConsumer(), ring.rspConsumer())) {
                rings.add(ring.name());
            }
        }
        int grants = 0;
        if (previous.grantTable().isPresent() && current.grantTable().isPresent()) {
            List<GrantTableState.Entry> oldEntries = previous.grantTable().get().entries();
            List<GrantTableState.Entry> newEntries = current.grantTable().get().entries();
            for (int ref = 0; ref < Math.min(oldEntries.size(), newEntries.size()); ref++) {
                if (!oldEntries.get(ref).equals(newEntries.get(ref))) {
                    grants++;
                }
            }
            grants += Math.abs(oldEntries.size() - newEntries.size());
        }
        boolean xenstore = previous.xenstore().isPresent() != current.xenstore().isPresent()
                || previous.xenstore().isPresent()
                        && !previous.xenstore().get().page().equals(current.xenstore().get().page());
        List<String> devices = new ArrayList<>();
        for (DeviceState device : current.devices()) {
            DeviceState old = previous.devices().stream().filter(d -> d.name().equals(device.name())).findFirst()
                    .orElse(null);
            if (!device.equals(old)) {
                devices.add(device.name());
            }
        }
        return new SnapshotDiff(pending, mask, selectors, upcallPending, upcallMask, rings, grants, xenstore, devices,
                current.monotonicNanos() - previous.monotonicNanos());
    }

    private static List<Integer> changedPorts(List<Long> before, List<Long> after) {
        List<Integer> ports = new ArrayList<>();
        for (int word = 0; word < after.size(); word++) {
            long flipped = before.get(word) ^ after.get(word);
            while (flipped != 0) {
                int bit = Long.numberOfTrailingZeros(flipped);
                ports.add(word * EventChannels.BITS_PER_WORD + bit);
                flipped &= flipped - 1;
            }
        }
        return ports;
    }

    /** True if nothing at all changed. */
    public boolean isEmpty() {
        return !eventStateChanged() && ringsChanged.isEmpty() && grantEntriesChanged == 0 && !xenstoreChanged
                && devicesChanged.isEmpty();
    }

    /** True if a pending, mask or selector bit or an upcall flag changed. */
    public boolean eventStateChanged() {
        return !pendingChanged.isEmpty() || !maskChanged.isEmpty() || !selectorChanged.isEmpty()
                || !upcallPendingChanged.isEmpty() || !upcallMaskChanged.isEmpty();
    }

    public boolean pendingChanged(int port) {
        return pendingChanged.contains(port);
    }

    public boolean maskChanged(int port) {
        return maskChanged.contains(port);
    }

    /** True if the selector bit of {@code port}'s word changed on {@code vcpu}. */
    public boolean selectorChanged(int vcpu, int port) {
        Long flipped = selectorChanged.get(vcpu);
        return flipped != null && (flipped >>> EventChannels.wordIndex(port) & 1) != 0;
    }
}
