package org.xenguest.debug.core.memory;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Guest memory held in this JVM: regions put in by the caller and changed at will. For tests,
 * examples and replays. Thread-safe.
 */
public final class InMemoryGuestMemory implements GuestMemory {

    private final TreeMap<Long, byte[]> regions = new TreeMap<>(Long::compareUnsigned);
    private final String name;

    public InMemoryGuestMemory() {
        this("in-memory guest");
    }

    public InMemoryGuestMemory(String name) {
        this.name = name;
    }

    /** Adds (or replaces) a region starting at {@code address}; the bytes are copied. */
    public synchronized InMemoryGuestMemory put(long address, byte[] bytes) {
        regions.put(address, bytes.clone());
        return this;
    }

    /** Overwrites bytes inside an existing region. */
    public synchronized void write(long address, byte[] bytes) throws GuestMemoryException {
        Map.Entry<Long, byte[]> region = regionHolding(address, bytes.length);
        System.arraycopy(bytes, 0, region.getValue(), (int) (address - region.getKey()), bytes.length);
    }

    @Override
    public synchronized byte[] read(long address, int length) throws GuestMemoryException {
        Map.Entry<Long, byte[]> region = regionHolding(address, length);
        int offset = (int) (address - region.getKey());
        return Arrays.copyOfRange(region.getValue(), offset, offset + length);
    }

    private Map.Entry<Long, byte[]> regionHolding(long address, int length) throws GuestMemoryException {
        Map.Entry<Long, byte[]> region = regions.floorEntry(address);
        if (length < 0 || region == null || address - region.getKey() + length > region.getValue().length) {
            throw new GuestMemoryException("guest range " + GuestMemoryException.range(address, length)
                    + " is not in " + name);
        }
        return region;
    }

    @Override
    public String describe() {
        return name;
    }
}
