package org.xenguest.debug.core.snapshot;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.xenguest.abi.FrontRingLayout;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.RingLayout;
import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.abi.SharedRingHeader;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.memory.MemoryRange;

/**
 * Takes snapshots: reads shared_info (what of its page the guest uses) and whatever else the guest
 * descriptor locates, and decodes it. One reader per memory source; not for concurrent use
 * (the memory source serializes anyway).
 */
public final class SnapshotReader {

    /** shared_info occupies one page; the page is read whole. */
    public static final int SHARED_INFO_PAGE = RingLayout.PAGE_SIZE;

    private final GuestMemory memory;
    private final DescriptorSource source;
    private volatile long sharedInfoAddress;
    private volatile GuestDescriptor descriptor;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    /** What the last snapshot read: gathered into one exchange when the source can ({@link GatheredReads}). */
    private List<MemoryRange> lastRanges = List.of();
    private final List<Extra> extras = new CopyOnWriteArrayList<>();

    private record Extra(String role, long address, int length) {
    }

    public SnapshotReader(GuestMemory memory, long sharedInfoAddress, GuestDescriptor descriptor) {
        this(memory, sharedInfoAddress, descriptor, Clock.systemUTC());
    }

    public SnapshotReader(GuestMemory memory, long sharedInfoAddress, GuestDescriptor descriptor, Clock clock) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.source = null;
        this.sharedInfoAddress = sharedInfoAddress;
        this.descriptor = descriptor == null ? GuestDescriptor.empty() : descriptor;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A reader that asks {@code source} for the descriptor (and shared_info's address in it)
     * before every snapshot: for a guest that is still booting.
     */
    public SnapshotReader(GuestMemory memory, DescriptorSource source, Clock clock) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.source = Objects.requireNonNull(source, "source");
        this.descriptor = GuestDescriptor.empty();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public GuestMemory memory() {
        return memory;
    }

    public GuestDescriptor descriptor() {
        return descriptor;
    }

    public long sharedInfoAddress() {
        return sharedInfoAddress;
    }

    /**
     * Reads {@code length} bytes at {@code address} with every snapshot from now on, kept as the
     * region {@link MemoryRegion#EXTRA}{@code name} (a guest's own counters, say): in the same
     * exchange as the rest, from the same instant.
     */
    public void alsoRead(String name, long address, int length) {
        extras.add(new Extra(MemoryRegion.EXTRA + name, address, new MemoryRange(address, length).length()));
    }

    /**
     * shared_info as the decoders take it (the whole page), read in two pieces: the vcpu_info
     * slots of the guest's vCPUs, then the event-channel words, wall clock and arch part. The
     * slots of vCPUs the guest does not run, which Xen never writes, read as zero; over a serial
     * stub this is a quarter of the bytes, four times the snapshots.
     */
    private static byte[] readSharedInfo(GuestMemory memory, long address, int vcpus) throws IOException {
        if (vcpus >= SharedInfoLayout.XEN_LEGACY_MAX_VCPUS) {
            return memory.read(address, SHARED_INFO_PAGE);
        }
        byte[] page = new byte[SHARED_INFO_PAGE];
        byte[] slots = memory.read(address, vcpus * SharedInfoLayout.VCPU_INFO_SIZE);
        System.arraycopy(slots, 0, page, 0, slots.length);
        int from = SharedInfoLayout.EVTCHN_PENDING_OFFSET;
        byte[] rest = memory.read(address + from, SharedInfoLayout.SHARED_INFO_SIZE - from);
        System.arraycopy(rest, 0, page, from, rest.length);
        return page;
    }

    /**
     * Reads one snapshot: in one exchange with a source that reads many ranges at once, once the
     * first snapshot has shown which.
     *
     * @throws GuestNotReadyException when the descriptor source has no shared_info yet
     * @throws IOException from the memory source (unreachable stub, address not readable)
     */
    public Snapshot read() throws IOException {
        GatheredReads memory = GatheredReads.prefetch(this.memory, lastRanges);
        try {
            return read(memory);
        } finally {
            lastRanges = memory.ranges();
        }
    }

    private Snapshot read(GuestMemory memory) throws IOException {
        GuestDescriptor descriptor = this.descriptor;
        long sharedInfoAddress = this.sharedInfoAddress;
        if (source != null) {
            descriptor = source.read(memory);
            this.descriptor = descriptor;
            if (descriptor.sharedInfoAddress() == null) {
                throw new GuestNotReadyException("guest " + descriptor.name()
                        + " is booting: it has not mapped shared_info yet");
            }
            sharedInfoAddress = descriptor.sharedInfoAddress();
            this.sharedInfoAddress = sharedInfoAddress;
        }
        Instant takenAt = clock.instant();
        long nanos = System.nanoTime();
        List<MemoryRegion> regions = new ArrayList<>();
        regions.add(new MemoryRegion(MemoryRegion.SHARED_INFO, sharedInfoAddress,
                readSharedInfo(memory, sharedInfoAddress, descriptor.vcpus())));
        GuestDescriptor.GrantTable grants = descriptor.grantTable();
        if (grants != null) {
            regions.add(new MemoryRegion(MemoryRegion.GRANT_TABLE, grants.address(),
                    memory.read(grants.address(), grants.frames() * GrantTableLayout.FRAME_SIZE)));
        }
        for (GuestDescriptor.Ring ring : descriptor.rings()) {
            regions.add(new MemoryRegion(MemoryRegion.RING + ring.name(), ring.address(),
                    memory.read(ring.address(), SharedRingHeader.INDICES_SIZE)));
            if (ring.frontRingAddress() != null) {
                regions.add(new MemoryRegion(MemoryRegion.FRONT_RING + ring.name(), ring.frontRingAddress(),
                        memory.read(ring.frontRingAddress(), FrontRingLayout.INDICES_SIZE)));
            }
        }
        if (descriptor.xenstore() != null) {
            long address = descriptor.xenstore().address();
            regions.add(new MemoryRegion(MemoryRegion.XENSTORE, address,
                    memory.read(address, XenstoreLayout.INTERFACE_SIZE)));
        }
        for (GuestDescriptor.Device device : descriptor.devices()) {
            if (device.frontendStateAddress() != null) {
                regions.add(new MemoryRegion(MemoryRegion.FRONTEND_STATE + device.name(), device.frontendStateAddress(),
                        memory.read(device.frontendStateAddress(), 4)));
            }
            if (device.backendStateAddress() != null) {
                regions.add(new MemoryRegion(MemoryRegion.BACKEND_STATE + device.name(), device.backendStateAddress(),
                        memory.read(device.backendStateAddress(), 4)));
            }
        }
        for (Extra extra : extras) {
            regions.add(new MemoryRegion(extra.role(), extra.address(), memory.read(extra.address(), extra.length())));
        }
        return Snapshot.decode(sequence.getAndIncrement(), takenAt, nanos, memory.describe(), descriptor, regions);
    }
}
