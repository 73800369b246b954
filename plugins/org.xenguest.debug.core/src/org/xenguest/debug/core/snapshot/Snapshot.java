package org.xenguest.debug.core.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.xenguest.abi.EventChannels;
import org.xenguest.abi.FrontRingLayout;
import org.xenguest.abi.GrantEntryV1;
import org.xenguest.abi.GrantEntryV2;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.SharedInfo;
import org.xenguest.abi.SharedRingHeader;
import org.xenguest.abi.VcpuInfo;
import org.xenguest.abi.XenstoreInterface;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.xen.XenView;

/**
 * What a guest's shared structures held at one moment: the decoded shared_info (2-level
 * pending and mask words, every vcpu_info) and, when the guest descriptor locates them, the
 * grant table, the rings, the xenstore page and the device handshake states.
 *
 * <p>Immutable. Timestamped twice: {@link #takenAt()} (wall clock, for people) and
 * {@link #monotonicNanos()} ({@link System#nanoTime()}, for durations). The raw bytes read are
 * kept ({@link #regions()}) so that a recording replays through the same decoders.
 *
 * <p>The bytes of one snapshot are read in several packets while the guest may run, so the
 * parts are not one atomic copy; each part (a word, a vcpu_info) is consistent in itself.
 */
public final class Snapshot {

    private final long sequence;
    private final Instant takenAt;
    private final long monotonicNanos;
    private final String source;
    private final GuestDescriptor descriptor;
    private final long sharedInfoAddress;
    private final SharedInfo sharedInfo;
    private final List<MemoryRegion> regions;
    private final GrantTableState grantTable;
    private final List<RingState> rings;
    private final XenstoreState xenstore;
    private final List<DeviceState> devices;
    /**
     * The event-channel state as one array, so that the rules can compare snapshots cheaply:
     * pending words, mask words, then per vCPU slot (upcall_pending << 8 | upcall_mask) and pending_sel.
     */
    private final long[] eventState;
    private final int eventStateHash;
    private final Map<Integer, GuestDescriptor.Port> portsByNumber;
    /** Xen's own view at the same moment, when the source has it (the dom0 probe), else null. */
    private final XenView xen;
    /** What the core file it was decoded from tells (vCPU registers), else null. */
    private final CoreView core;

    private Snapshot(long sequence, Instant takenAt, long monotonicNanos, String source, GuestDescriptor descriptor,
            long sharedInfoAddress, SharedInfo sharedInfo, List<MemoryRegion> regions, GrantTableState grantTable,
            List<RingState> rings, XenstoreState xenstore, List<DeviceState> devices, XenView xen, CoreView core) {
        this.xen = xen;
        this.core = core;
        this.sequence = sequence;
        this.takenAt = takenAt;
        this.monotonicNanos = monotonicNanos;
        this.source = source;
        this.descriptor = descriptor;
        this.sharedInfoAddress = sharedInfoAddress;
        this.sharedInfo = sharedInfo;
        this.regions = List.copyOf(regions);
        this.grantTable = grantTable;
        this.rings = List.copyOf(rings);
        this.xenstore = xenstore;
        this.devices = List.copyOf(devices);
        int words = EventChannels.WORDS_2L;
        List<VcpuInfo> vcpus = sharedInfo.vcpuInfos();
        this.eventState = new long[2 * words + 2 * vcpus.size()];
        for (int word = 0; word < words; word++) {
            eventState[word] = sharedInfo.pendingWords().get(word);
            eventState[words + word] = sharedInfo.maskWords().get(word);
        }
        for (int id = 0; id < vcpus.size(); id++) {
            VcpuInfo vcpu = vcpus.get(id);
            eventState[2 * words + 2 * id] = (long) vcpu.evtchnUpcallPending() << 8 | vcpu.evtchnUpcallMask();
            eventState[2 * words + 2 * id + 1] = vcpu.evtchnPendingSel();
        }
        this.eventStateHash = java.util.Arrays.hashCode(eventState);
        this.portsByNumber = descriptor.ports().stream()
                .collect(Collectors.toMap(GuestDescriptor.Port::port, Function.identity(), (first, second) -> first));
    }

    /**
     * Decodes a snapshot from the regions read (see {@link MemoryRegion} for the roles). Parts
     * without a region are absent. Used by {@link SnapshotReader} and by replay alike.
     *
     * @throws IllegalArgumentException if the shared_info region is missing or a region is too
     *                                  short for its structure
     */
    public static Snapshot decode(long sequence, Instant takenAt, long monotonicNanos, String source,
            GuestDescriptor descriptor, List<MemoryRegion> regions) {
        Objects.requireNonNull(takenAt, "takenAt");
        GuestDescriptor guest = descriptor == null ? GuestDescriptor.empty() : descriptor;
        Map<String, MemoryRegion> byRole = regions.stream()
                .collect(Collectors.toMap(MemoryRegion::role, Function.identity(), (first, second) -> second));
        MemoryRegion shared = byRole.get(MemoryRegion.SHARED_INFO);
        if (shared == null) {
            throw new IllegalArgumentException("a snapshot needs the shared_info region");
        }
        SharedInfo sharedInfo = SharedInfo.decode(shared.bytesUnsafe());

        GrantTableState grants = null;
        MemoryRegion grantRegion = byRole.get(MemoryRegion.GRANT_TABLE);
        if (grantRegion != null && guest.grantTable() != null) {
            grants = decodeGrants(guest.grantTable(), grantRegion.bytesUnsafe());
        }
        List<RingState> rings = new ArrayList<>();
        for (GuestDescriptor.Ring ring : guest.rings()) {
            MemoryRegion header = byRole.get(MemoryRegion.RING + ring.name());
            if (header == null) {
                continue;
            }
            MemoryRegion front = byRole.get(MemoryRegion.FRONT_RING + ring.name());
            Long rspConsumer = front == null ? null : u32(front.bytesUnsafe(), FrontRingLayout.RSP_CONS_OFFSET);
            rings.add(new RingState(ring, SharedRingHeader.decode(header.bytesUnsafe()), rspConsumer));
        }
        XenstoreState xenstore = null;
        MemoryRegion store = byRole.get(MemoryRegion.XENSTORE);
        if (store != null) {
            xenstore = new XenstoreState(store.address(), XenstoreInterface.decode(store.bytesUnsafe()));
        }
        List<DeviceState> devices = new ArrayList<>();
        for (GuestDescriptor.Device device : guest.devices()) {
            MemoryRegion front = byRole.get(MemoryRegion.FRONTEND_STATE + device.name());
            MemoryRegion back = byRole.get(MemoryRegion.BACKEND_STATE + device.name());
            if (front == null && back == null) {
                continue;
            }
            devices.add(new DeviceState(device.name(), front == null ? null : u32(front.bytesUnsafe(), 0),
                    back == null ? null : u32(back.bytesUnsafe(), 0)));
        }
        return new Snapshot(sequence, takenAt, monotonicNanos, source == null ? "" : source, guest, shared.address(),
                sharedInfo, regions, grants, rings, xenstore, devices, null, null);
    }

    /** This snapshot with Xen's own view of the domain taken with it (bindings, vCPU states). */
    public Snapshot withXen(XenView view) {
        return new Snapshot(sequence, takenAt, monotonicNanos, source, descriptor, sharedInfoAddress, sharedInfo, regions,
                grantTable, rings, xenstore, devices, view, core);
    }

    /** This snapshot with what the core file it came from tells (vCPU registers at the dump). */
    public Snapshot withCore(CoreView view) {
        return new Snapshot(sequence, takenAt, monotonicNanos, source, descriptor, sharedInfoAddress, sharedInfo, regions,
                grantTable, rings, xenstore, devices, xen, view);
    }

    /** The core file's facts, when this snapshot was decoded from one. */
    public Optional<CoreView> core() {
        return Optional.ofNullable(core);
    }

    /** Xen's view taken with this snapshot, when its source knows it (the dom0 probe). */
    public Optional<XenView> xen() {
        return Optional.ofNullable(xen);
    }

    private static GrantTableState decodeGrants(GuestDescriptor.GrantTable table, byte[] bytes) {
        List<GrantTableState.Entry> entries = new ArrayList<>();
        if (table.version() == 1) {
            List<GrantEntryV1> decoded = GrantEntryV1.decodeAll(bytes);
            for (int ref = 0; ref < decoded.size(); ref++) {
                GrantEntryV1 entry = decoded.get(ref);
                entries.add(new GrantTableState.Entry(ref, entry.flags(), entry.domid(), entry.frame()));
            }
        } else {
            List<GrantEntryV2> decoded = GrantEntryV2.decodeAll(bytes);
            for (int ref = 0; ref < decoded.size(); ref++) {
                GrantEntryV2 entry = decoded.get(ref);
                entries.add(new GrantTableState.Entry(ref, entry.flags(), entry.domid(), entry.frame()));
            }
        }
        return new GrantTableState(table.version(), bytes.length / GrantTableLayout.FRAME_SIZE, entries);
    }

    /** Little-endian u32 at {@code offset} (x86 guests). */
    private static long u32(byte[] bytes, int offset) {
        if (bytes.length < offset + 4) {
            throw new IllegalArgumentException("a 32-bit index needs 4 bytes at offset " + offset + ", the region has "
                    + bytes.length);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(offset) & 0xFFFF_FFFFL;
    }

    // ---- accessors ------------------------------------------------------------------------

    /** Position in the series it was taken in (0, 1, 2, ...). */
    public long sequence() {
        return sequence;
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** {@link System#nanoTime()} when the read began; only differences between snapshots mean anything. */
    public long monotonicNanos() {
        return monotonicNanos;
    }

    /** Where the bytes came from, e.g. {@code gdb stub 127.0.0.1:1234}. */
    public String source() {
        return source;
    }

    public GuestDescriptor descriptor() {
        return descriptor;
    }

    public long sharedInfoAddress() {
        return sharedInfoAddress;
    }

    public SharedInfo sharedInfo() {
        return sharedInfo;
    }

    public List<MemoryRegion> regions() {
        return regions;
    }

    /** The region read for {@code role}, if this snapshot has one. */
    public Optional<MemoryRegion> region(String role) {
        return regions.stream().filter(r -> r.role().equals(role)).findFirst();
    }

    public Optional<GrantTableState> grantTable() {
        return Optional.ofNullable(grantTable);
    }

    public List<RingState> rings() {
        return rings;
    }

    public Optional<XenstoreState> xenstore() {
        return Optional.ofNullable(xenstore);
    }

    public List<DeviceState> devices() {
        return devices;
    }

    /** The guest's vCPU count (from the descriptor), i.e. how many vcpu_info slots matter. */
    public int vcpuCount() {
        return descriptor.vcpus();
    }

    public VcpuInfo vcpu(int id) {
        return sharedInfo.vcpu(id);
    }

    // ---- event channels -------------------------------------------------------------------

    /** Port {@code port} as {@code [p/m/s]}, with its notify vCPU and name. */
    public PortState port(int port) {
        GuestDescriptor.Port described = portsByNumber.get(port);
        int vcpu = described == null ? 0 : described.vcpu();
        long selector = eventState[2 * EventChannels.WORDS_2L + 2 * vcpu + 1];
        return new PortState(port, isPending(port), isMasked(port),
                (selector >>> EventChannels.wordIndex(port) & 1) != 0, vcpu, described == null ? null : described.name());
    }

    /** The pending bit of {@code port} (0..4095). */
    public boolean isPending(int port) {
        return (eventState[EventChannels.wordIndex(port)] >>> EventChannels.bitIndex(port) & 1) != 0;
    }

    /** The mask bit of {@code port} (0..4095). */
    public boolean isMasked(int port) {
        return (eventState[EventChannels.WORDS_2L + EventChannels.wordIndex(port)] >>> EventChannels.bitIndex(port)
                & 1) != 0;
    }

    /**
     * Every port that is pending or masked, ascending. Port 0 (never a valid channel) only if
     * pending.
     */
    public List<PortState> activePorts() {
        List<PortState> ports = new ArrayList<>();
        List<Long> pending = sharedInfo.pendingWords();
        List<Long> mask = sharedInfo.maskWords();
        for (int word = 0; word < EventChannels.WORDS_2L; word++) {
            long bits = pending.get(word) | mask.get(word);
            if (word == 0) {
                bits &= ~(~pending.get(0) & 1L); // port 0 only when pending
            }
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                ports.add(port(word * EventChannels.BITS_PER_WORD + bit));
                bits &= bits - 1;
            }
        }
        return Collections.unmodifiableList(ports);
    }

    /**
     * True if the event-channel state is the same as in {@code other}: pending and mask words,
     * and every vCPU's upcall_pending, upcall_mask and pending_sel. Times are not compared.
     */
    public boolean sameEventState(Snapshot other) {
        return eventStateHash == other.eventStateHash && java.util.Arrays.equals(eventState, other.eventState);
    }

    /** What changed since {@code previous} (which should be older). */
    public SnapshotDiff diff(Snapshot previous) {
        return SnapshotDiff.between(previous, this);
    }

    @Override
    public String toString() {
        return "Snapshot[#" + sequence + " " + takenAt + " shared_info@0x" + Long.toHexString(sharedInfoAddress) + " from "
                + source + "]";
    }
}
