package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.GuestNotReadyException;

/**
 * shared_info found through a pointer the guest sets at run time (an ELF symbol such as
 * {@code HYPERVISOR_shared_info}): read before every snapshot until the guest has set it, then
 * kept (a guest maps shared_info once).
 */
public final class SharedInfoPointer implements DescriptorSource {

    private final long pointer;
    private final GuestDescriptor descriptor;
    private volatile Long address;

    public SharedInfoPointer(long pointer, GuestDescriptor descriptor) {
        this.pointer = pointer;
        this.descriptor = descriptor == null ? GuestDescriptor.empty() : descriptor;
    }

    @Override
    public GuestDescriptor read(GuestMemory memory) throws IOException {
        if (address == null) {
            long value = ByteBuffer.wrap(memory.read(pointer, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (value == 0) {
                throw new GuestNotReadyException("the shared_info pointer at " + Addresses.format(pointer)
                        + " is still 0: the guest has not mapped shared_info yet");
            }
            address = value;
        }
        return descriptor.withSharedInfoAddress(address);
    }
}
