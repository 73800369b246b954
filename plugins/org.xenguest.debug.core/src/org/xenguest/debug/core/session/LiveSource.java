package org.xenguest.debug.core.session;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotReader;

/** Snapshots read from a running guest's memory (an RSP stub, a dump read as if it were live). */
public final class LiveSource implements SnapshotSource {

    private final SnapshotReader reader;

    public LiveSource(SnapshotReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** shared_info at a known address, the guest described by {@code descriptor} (may be null). */
    public static LiveSource at(GuestMemory memory, long sharedInfoAddress, GuestDescriptor descriptor) {
        return new LiveSource(new SnapshotReader(memory, sharedInfoAddress, descriptor));
    }

    /** The descriptor (and shared_info's address in it) asked of {@code descriptors} before every snapshot. */
    public static LiveSource describedBy(GuestMemory memory, DescriptorSource descriptors) {
        return new LiveSource(new SnapshotReader(memory, descriptors, java.time.Clock.systemUTC()));
    }

    public SnapshotReader reader() {
        return reader;
    }

    public GuestMemory memory() {
        return reader.memory();
    }

    @Override
    public Optional<Snapshot> next() throws IOException {
        return Optional.of(reader.read());
    }

    @Override
    public String describe() {
        return reader.memory().describe();
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.memory().close();
    }
}
