package org.xenguest.debug.core.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.memory.GuestMemoryException;
import org.xenguest.debug.core.memory.MemoryRange;

/**
 * One snapshot's reads in one exchange, with a source that reads many ranges at once
 * ({@link GuestMemory#readsRangesAtOnce()}, a generated stub over a serial line): the ranges the
 * last snapshot read (the descriptor's block, shared_info, rings, ...) are read together first and
 * this snapshot's reads are served from them; a read that was not among them goes to the source on
 * its own and is gathered with the rest next time. So a booting guest that binds a port or places
 * a ring costs an exchange more in that snapshot only, and what is served comes from one reply: one
 * instant of the guest. Lives for one snapshot; does not close the source.
 */
final class GatheredReads implements GuestMemory {

    private final GuestMemory memory;
    private final List<MemoryRange> fetched;
    private final List<byte[]> bytes;
    private final Set<MemoryRange> read = new LinkedHashSet<>();

    private GatheredReads(GuestMemory memory, List<MemoryRange> fetched, List<byte[]> bytes) {
        this.memory = memory;
        this.fetched = fetched;
        this.bytes = bytes;
    }

    /** Reads {@code ranges} (what the last snapshot read) at once if the source can, else nothing yet. */
    static GatheredReads prefetch(GuestMemory memory, List<MemoryRange> ranges) throws IOException {
        if (ranges.isEmpty() || !memory.readsRangesAtOnce()) {
            return new GatheredReads(memory, List.of(), List.of());
        }
        try {
            return new GatheredReads(memory, ranges, memory.readAll(ranges));
        } catch (GuestMemoryException notReadableNow) {
            // one of last time's ranges is gone (the guest rebooted, a structure moved): read one by one,
            // and the reads that fail say which
            return new GatheredReads(memory, List.of(), List.of());
        }
    }

    @Override
    public byte[] read(long address, int length) throws IOException {
        MemoryRange wanted = new MemoryRange(address, length);
        byte[] result = null;
        for (int i = 0; i < fetched.size() && result == null; i++) {
            MemoryRange range = fetched.get(i);
            if (range.contains(wanted)) {
                int from = (int) (address - range.address());
                result = Arrays.copyOfRange(bytes.get(i), from, from + length);
            }
        }
        if (result == null) {
            result = memory.read(address, length);
        }
        read.add(wanted);
        return result;
    }

    /** The ranges this snapshot read, in order, each once: what to gather next time. */
    List<MemoryRange> ranges() {
        return new ArrayList<>(read);
    }

    @Override
    public String describe() {
        return memory.describe();
    }
}
