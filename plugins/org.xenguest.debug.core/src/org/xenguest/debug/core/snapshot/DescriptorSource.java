package org.xenguest.debug.core.snapshot;

import java.io.IOException;

import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.GuestMemory;

/**
 * Where the guest descriptor comes from when it changes while the guest runs: a booting guest
 * maps shared_info and binds its ports after the debugger attached, so the descriptor is read
 * from guest memory again before every snapshot.
 */
@FunctionalInterface
public interface DescriptorSource {
    GuestDescriptor read(GuestMemory memory) throws IOException;
}
