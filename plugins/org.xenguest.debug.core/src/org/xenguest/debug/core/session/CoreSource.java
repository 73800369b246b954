package org.xenguest.debug.core.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.GuestMemoryException;
import org.xenguest.debug.core.memory.XenCoreMemory;
import org.xenguest.debug.core.snapshot.CoreView;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotReader;

/**
 * The one snapshot of a Xen core file ({@code xl dump-core}, {@code xenguest-probe --dump-core}):
 * decoded from the core's frames as a live guest's memory is, shared_info from its
 * {@code .xen_shared_info} section, and the vCPUs' registers at the dump kept with it
 * ({@link Snapshot#core()}). Then the source ends, as a recording does.
 */
public final class CoreSource implements SnapshotSource {

    private final Path file;
    private XenCoreMemory core;
    private final DescriptorSource descriptors;
    private boolean taken;

    private CoreSource(Path file, XenCoreMemory core, DescriptorSource descriptors) {
        this.file = file;
        this.core = core;
        this.descriptors = descriptors;
    }

    /**
     * The core in {@code file}, opened at the first {@link #next()} (on the session's thread: a
     * large core's pfn table is read there, not by the caller, e.g. the UI thread).
     */
    public static CoreSource opening(Path file, GuestDescriptor descriptor) {
        GuestDescriptor described = descriptor == null ? GuestDescriptor.empty() : descriptor;
        return new CoreSource(Objects.requireNonNull(file, "file"), null, memory -> described);
    }

    /**
     * The core described by {@code descriptor} (a model's names, rings), or with nothing but what
     * the core holds when it is null. shared_info is the core's section unless the descriptor
     * places it elsewhere.
     */
    public static CoreSource of(XenCoreMemory core, GuestDescriptor descriptor) {
        GuestDescriptor described = descriptor == null ? GuestDescriptor.empty() : descriptor;
        return describedBy(core, memory -> described);
    }

    /** The description read from the core's memory (a generated guest's debug info block). */
    public static CoreSource describedBy(XenCoreMemory core, DescriptorSource descriptors) {
        Objects.requireNonNull(core, "core");
        return new CoreSource(core.file(), core, Objects.requireNonNull(descriptors, "descriptors"));
    }

    /** The core, or null before a source made by {@link #opening} has read it. */
    public XenCoreMemory core() {
        return core;
    }

    @Override
    public Optional<Snapshot> next() throws IOException {
        if (taken) {
            return Optional.empty();
        }
        taken = true;
        if (core == null) {
            core = XenCoreMemory.open(file);
        }
        GuestDescriptor described = descriptors.read(core);
        if (described.sharedInfoAddress() == null) {
            long at = core.sharedInfoAddress().orElseThrow(() -> new GuestMemoryException("core file " + core.file()
                    + " has no " + org.xenguest.abi.XenCoreFormat.SECTION_SHARED_INFO + " section (the tools could not"
                    + " map it: the guest had not placed shared_info yet?), and nothing says where shared_info is: give"
                    + " --shared-info ADDR or --elf IMAGE"));
            described = described.withSharedInfoAddress(at);
        }
        if (described.vcpus() < core.vcpus().size()) {
            described = described.withVcpus(Math.min(core.vcpus().size(),
                    org.xenguest.abi.SharedInfoLayout.XEN_LEGACY_MAX_VCPUS));
        }
        GuestDescriptor located = described;
        Snapshot snapshot = new SnapshotReader(core, memory -> located, Clock.systemUTC()).read();
        return Optional.of(snapshot.withCore(view()));
    }

    private CoreView view() {
        return new CoreView(String.valueOf(core.file().getFileName()), core.xenVersion(), core.header().autoTranslated(),
                core.frames(), core.sharedInfoFrameFound(), core.vcpus().stream()
                        .map(v -> new CoreView.Vcpu(v.vcpu(), v.online(), v.interruptsEnabled(), v.rip(), v.rsp(), v.cr3()))
                        .toList());
    }

    @Override
    public String describe() {
        return "Xen core " + file;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (core != null) {
            core.close();
        }
    }
}
