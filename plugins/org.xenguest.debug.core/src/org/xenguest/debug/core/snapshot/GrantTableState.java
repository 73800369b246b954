package org.xenguest.debug.core.snapshot;

import java.util.List;

import org.xenguest.abi.GrantTableLayout;

/**
 * The guest's grant table at one moment: every entry of its frames.
 *
 * @param version 1 or 2
 * @param frames  frames read
 * @param entries every entry, ref 0 first
 */
public record GrantTableState(int version, int frames, List<Entry> entries) {

    /**
     * One grant entry, from a v1 or v2 decoder.
     *
     * @param ref   grant reference
     * @param flags GTF_* flags (v2: the header's)
     * @param domid domain granted access
     * @param frame frame granted
     */
    public record Entry(int ref, int flags, int domid, long frame) {
        /** GTF_invalid: grants nothing, free for the guest to allocate. */
        public boolean isFree() {
            return (flags & GrantTableLayout.GTF_TYPE_MASK) == GrantTableLayout.GTF_INVALID;
        }
    }

    public GrantTableState {
        entries = List.copyOf(entries);
    }

    /** Entries a guest can allocate: all but the reserved refs 0..7. */
    public int usableEntries() {
        return Math.max(0, entries.size() - GrantTableLayout.NR_RESERVED_ENTRIES);
    }

    /** Usable entries that grant nothing. */
    public int freeEntries() {
        int free = 0;
        for (int ref = GrantTableLayout.NR_RESERVED_ENTRIES; ref < entries.size(); ref++) {
            if (entries.get(ref).isFree()) {
                free++;
            }
        }
        return free;
    }

    public int usedEntries() {
        return usableEntries() - freeEntries();
    }
}
