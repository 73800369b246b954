package org.xenguest.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated guest's debug info block ({@link DebugInfoLayout}) decoded: the one decoder the
 * debugger ({@code DebugInfoBlock}) and the generated Java descriptor both use. Knows only the
 * layout; the names of the ports and netfronts come from the model (its manifest).
 *
 * @param sharedInfo   where the guest mapped shared_info, 0 before it did
 * @param ports        the event-channel port of each of the model's ports, in the model's order;
 *                     0 while not bound
 * @param grantTable   the first grant frame as the guest mapped them, 0 before
 * @param grantFrames  grant frames set up
 * @param grantVersion grant table version (1 or 2)
 * @param xenstore     the xenstore ring page, 0 before it is mapped
 * @param xenstorePort the xenstore event channel, 0 before it is known
 * @param netfronts    each of the model's netfronts, in the model's order
 */
public record DebugInfo(long sharedInfo, List<Integer> ports, long grantTable, int grantFrames, int grantVersion,
        long xenstore, int xenstorePort, List<Netfront> netfronts) {

    /** One netfront's entry ({@code struct NAME_debug_netfront}); {@code txSring} 0 while not connected. */
    public record Netfront(long txSring, long rxSring, long txFront, long rxFront, long frontendState,
            long backendState, int port, int backend) {

        public boolean connected() {
            return txSring != 0;
        }

        /** Entries of the TX ring (a one-page netif ring, io/netif.h). */
        public int txEntries() {
            return RingLayout.NETIF_TX_RING_SIZE;
        }

        /** Entries of the RX ring (a one-page netif ring, io/netif.h). */
        public int rxEntries() {
            return RingLayout.NETIF_RX_RING_SIZE;
        }
    }

    public DebugInfo {
        ports = List.copyOf(ports);
        netfronts = List.copyOf(netfronts);
    }

    /** The port of the model's port {@code index} if bound to a valid 2-level port, else null. */
    public Integer boundPort(int index) {
        int number = ports.get(index);
        return number > 0 && number < EventChannels.NR_CHANNELS_2L ? number : null;
    }

    /**
     * Decodes the block of a model with {@code nrPorts} ports and {@code nrNetfronts} netfronts.
     *
     * @param where what the bytes are, for messages (e.g. {@code debug info at 0x104000})
     * @throws IllegalArgumentException when the bytes are too few, not a block (magic), or the
     *                                  block of another model (layout, size, counts)
     */
    public static DebugInfo decode(byte[] bytes, int nrPorts, int nrNetfronts, String where) {
        DebugInfoLayout layout = new DebugInfoLayout(nrPorts, nrNetfronts);
        if (bytes == null || bytes.length < layout.size) {
            throw new IllegalArgumentException(where + ": " + (bytes == null ? "no" : Integer.toString(bytes.length))
                    + " bytes, " + layout.size + " expected");
        }
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = le.getInt(DebugInfoLayout.MAGIC_OFFSET);
        if (magic != DebugInfoLayout.MAGIC) {
            throw new IllegalArgumentException("no debug info block: " + where + " has magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(DebugInfoLayout.MAGIC));
        }
        int version = le.getInt(DebugInfoLayout.LAYOUT_OFFSET);
        int size = le.getInt(DebugInfoLayout.SIZE_OFFSET);
        int ports = le.getInt(DebugInfoLayout.NR_PORTS_OFFSET);
        int netfronts = le.getInt(DebugInfoLayout.NR_NETFRONTS_OFFSET);
        if (version != DebugInfoLayout.LAYOUT_VERSION || size != layout.size || ports != nrPorts
                || netfronts != nrNetfronts) {
            throw new IllegalArgumentException("the guest runs code generated from another model (" + where + ": layout "
                    + version + ", size " + size + ", " + ports + " ports, " + netfronts + " netfronts; the model has "
                    + nrPorts + " ports and " + nrNetfronts + " netfronts): give the model it was built from");
        }
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < nrPorts; i++) {
            numbers.add(le.getInt(DebugInfoLayout.PORTS_OFFSET + 4 * i));
        }
        List<Netfront> entries = new ArrayList<>();
        for (int i = 0; i < nrNetfronts; i++) {
            int at = layout.netfrontsOffset + DebugInfoLayout.NF_SIZE * i;
            entries.add(new Netfront(le.getLong(at + DebugInfoLayout.NF_TX_SRING), le.getLong(at + DebugInfoLayout.NF_RX_SRING),
                    le.getLong(at + DebugInfoLayout.NF_TX_FRONT), le.getLong(at + DebugInfoLayout.NF_RX_FRONT),
                    le.getLong(at + DebugInfoLayout.NF_FRONTEND_STATE), le.getLong(at + DebugInfoLayout.NF_BACKEND_STATE),
                    le.getInt(at + DebugInfoLayout.NF_PORT), le.getInt(at + DebugInfoLayout.NF_BACKEND)));
        }
        return new DebugInfo(le.getLong(DebugInfoLayout.SHARED_INFO_OFFSET), numbers,
                le.getLong(DebugInfoLayout.GRANT_TABLE_OFFSET), le.getInt(DebugInfoLayout.GRANT_FRAMES_OFFSET),
                le.getInt(DebugInfoLayout.GRANT_VERSION_OFFSET), le.getLong(DebugInfoLayout.XENSTORE_OFFSET),
                le.getInt(DebugInfoLayout.XENSTORE_PORT_OFFSET), entries);
    }
}
