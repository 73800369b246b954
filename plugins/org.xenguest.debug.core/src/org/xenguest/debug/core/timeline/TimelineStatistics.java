package org.xenguest.debug.core.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.guest.GuestDescriptor;

/**
 * {@link RangeStatistics} over a range of a time line, from its lanes' changes instead of the
 * decoded snapshots: at each snapshot's time the port and vCPU lanes give the pending, masked and
 * upcall bits, and the model its monotonic time, which is all the statistics read. The figures
 * are the decoding path's (a port the lanes do not have was never pending nor named); an hour at
 * 20 Hz takes a fraction of a second instead of decoding 72,000 snapshots.
 */
public final class TimelineStatistics {

    private TimelineStatistics() {
    }

    /**
     * The statistics over the snapshots taken in [{@code from}, {@code to}] (epoch nanoseconds,
     * inclusive, as a replay's window), the ports named by {@code descriptor} (the recording's).
     */
    public static RangeStatistics.Result over(TimelineModel model, GuestDescriptor descriptor, long from, long to) {
        synchronized (model.lock()) {
            int first = from == Long.MIN_VALUE ? 0 : model.snapshotAtOrBefore(from - 1) + 1;
            int last = model.snapshotAtOrBefore(to);
            List<Lane> ports = new ArrayList<>();
            List<Lane> vcpus = new ArrayList<>();
            for (Lane lane : model.lanes()) {   // ports by number, vCPUs by id
                if (lane.kind() == Lane.Kind.PORT) {
                    ports.add(lane);
                } else if (lane.kind() == Lane.Kind.VCPU) {
                    vcpus.add(lane);
                }
            }
            ports.sort((a, b) -> Integer.compare(TimelineModel.number(a), TimelineModel.number(b)));
            vcpus.sort((a, b) -> Integer.compare(TimelineModel.number(a), TimelineModel.number(b)));
            int[] portNumbers = ports.stream().mapToInt(TimelineModel::number).toArray();
            Map<Integer, String> names = new HashMap<>();
            descriptor.ports().forEach(p -> names.put(p.port(), p.name()));
            int[] portCursors = cursors(ports, first, model);
            int[] vcpuCursors = cursors(vcpus, first, model);
            RangeStatistics statistics = new RangeStatistics();
            for (int i = first; i <= last; i++) {
                long now = model.timeOf(i);
                int[] portStates = states(ports, portCursors, now);
                int[] vcpuStates = states(vcpus, vcpuCursors, now);
                statistics.add(new LaneFrame(model.monotonicOf(i), portNumbers, portStates, vcpuStates, names,
                        descriptor.ports()));
            }
            return statistics.result();
        }
    }

    private static int[] cursors(List<Lane> lanes, int first, TimelineModel model) {
        int[] cursors = new int[lanes.size()];
        long start = first < model.snapshots() ? model.timeOf(first) : Long.MAX_VALUE;
        for (int l = 0; l < cursors.length; l++) {
            cursors[l] = Math.max(-1, lanes.get(l).indexAt(start) - 1);
        }
        return cursors;
    }

    /** Each lane's state at {@code now}, moving its cursor forward (the snapshots come in order). */
    private static int[] states(List<Lane> lanes, int[] cursors, long now) {
        int[] states = new int[lanes.size()];
        for (int l = 0; l < states.length; l++) {
            Lane lane = lanes.get(l);
            int c = cursors[l];
            while (c + 1 < lane.changes() && lane.timeOf(c + 1) <= now) {
                c++;
            }
            cursors[l] = c;
            states[l] = c < 0 ? Lane.NONE : lane.stateOf(c);
        }
        return states;
    }

    /** One snapshot as its lanes show it. */
    private record LaneFrame(long monotonicNanos, int[] portNumbers, int[] portStates, int[] vcpuStates,
            Map<Integer, String> names, List<GuestDescriptor.Port> namedPorts) implements RangeStatistics.Frame {

        private int port(int port, int flag) {
            int at = java.util.Arrays.binarySearch(portNumbers, port);
            return at < 0 || portStates[at] == Lane.NONE ? 0 : portStates[at] & flag;
        }

        @Override
        public boolean isPending(int port) {
            return port(port, LaneStates.PENDING) != 0;
        }

        @Override
        public boolean isMasked(int port) {
            return port(port, LaneStates.MASKED) != 0;
        }

        @Override
        public int[] pendingPorts() {
            int count = 0;
            int[] pending = new int[portNumbers.length];
            for (int l = 0; l < portNumbers.length; l++) {
                if (portStates[l] != Lane.NONE && (portStates[l] & LaneStates.PENDING) != 0) {
                    pending[count++] = portNumbers[l];
                }
            }
            return java.util.Arrays.copyOf(pending, count);
        }

        @Override
        public String portName(int port) {
            return names.get(port);
        }

        @Override
        public int vcpuCount() {
            int count = 0;
            while (count < vcpuStates.length && vcpuStates[count] != Lane.NONE) {
                count++;
            }
            return count;
        }

        @Override
        public boolean upcallPending(int vcpu) {
            return (vcpuStates[vcpu] & LaneStates.UPCALL_PENDING) != 0;
        }

        @Override
        public boolean upcallMasked(int vcpu) {
            return (vcpuStates[vcpu] & LaneStates.UPCALL_MASK) != 0;
        }
    }
}
