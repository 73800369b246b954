package org.xenguest.debug.core.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.xenguest.debug.core.memory.GuestMemory;

/**
 * The attached domain's memory as one snapshot sees it: reads that a {@code qXenguest.Snapshot}
 * already brought are answered from its reply, the others go to the probe. It remembers what
 * the snapshot read, so that the next {@code qXenguest.Snapshot} asks for the same ranges: a
 * guest's snapshot reads the same places each time (shared_info, its rings, the xenstore page,
 * its debug info block), so from the second snapshot on one exchange brings everything.
 *
 * <p>Not for concurrent use (one poller, as {@link ProbeClient}).
 */
final class SnapshotMemory implements GuestMemory {

    private final ProbeClient client;
    private final GuestMemory live;
    private Map<ProbeSnapshot.Range, byte[]> fetched = Map.of();
    private final Set<ProbeSnapshot.Range> asked = new LinkedHashSet<>();

    SnapshotMemory(ProbeClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.live = client.memory();
    }

    /**
     * The ranges the last snapshot read, within the probe's bounds ({@code budget} bytes in all),
     * to ask for with the next; forgets them.
     */
    List<ProbeSnapshot.Range> takeRangesToAsk(int budget) {
        List<ProbeSnapshot.Range> out = new ArrayList<>();
        Set<Long> starts = new HashSet<>();
        int bytes = 0;
        for (ProbeSnapshot.Range range : asked) {
            if (out.size() == ProbeClient.SNAPSHOT_MAX_RANGES) {
                break;
            }
            if (range.length() <= ProbeClient.SNAPSHOT_MAX_RANGE && bytes + range.length() <= budget
                    && starts.add(range.address())) {
                out.add(range);
                bytes += range.length();
            }
        }
        asked.clear();
        return out;
    }

    /** What the snapshot about to be read may take from the probe's reply (empty: read everything live). */
    void fetched(Map<ProbeSnapshot.Range, byte[]> memory) {
        fetched = Map.copyOf(memory);
    }

    @Override
    public byte[] read(long address, int length) throws IOException {
        if (length <= 0) {
            return live.read(address, length);
        }
        asked.add(new ProbeSnapshot.Range(address, length));
        for (Map.Entry<ProbeSnapshot.Range, byte[]> e : fetched.entrySet()) {
            ProbeSnapshot.Range range = e.getKey();
            if (range.covers(address, length)) {
                int from = (int) (address - range.address());
                return Arrays.copyOfRange(e.getValue(), from, from + length);
            }
        }
        return live.read(address, length);
    }

    @Override
    public String describe() {
        return live.describe();
    }

    @Override
    public void close() {
        client.close();
    }
}
