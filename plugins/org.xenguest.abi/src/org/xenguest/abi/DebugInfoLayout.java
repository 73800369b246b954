package org.xenguest.abi;

/**
 * The byte layout of {@code struct NAME_debug_info}: the block a generated guest's debug stub
 * points the debugger at (RSP query {@code qXenguest.DebugInfo} or the ELF symbol
 * {@code NAME_debug_info}). Not Xen's ABI but ours, between the generated C and the debugger,
 * so both sides read it from here; the generated C checks every offset with {@code _Static_assert}.
 * Little-endian x86-64:
 * <pre>
 *  0 u32 magic "XGDI"   4 u32 layout   8 u32 size   12 u32 nr_ports
 * 16 u64 shared_info   24 u64 grant_table   32 u32 grant_frames   36 u32 grant_version
 * 40 u64 xenstore page 48 u32 xenstore port 52 u32 nr_netfronts
 * 56 u32 ports[nr_ports] (the model's order; 0 while unbound), padded to 8 bytes
 *    then per netfront: tx_sring, rx_sring, tx_front, rx_front, frontend_state, backend_state
 *    (u64 addresses), port, backend (u32)
 * </pre>
 */
public final class DebugInfoLayout {
    public static final int MAGIC = 0x49444758; // "XGDI" little-endian
    public static final int LAYOUT_VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int LAYOUT_OFFSET = 4;
    public static final int SIZE_OFFSET = 8;
    public static final int NR_PORTS_OFFSET = 12;
    public static final int SHARED_INFO_OFFSET = 16;
    public static final int GRANT_TABLE_OFFSET = 24;
    public static final int GRANT_FRAMES_OFFSET = 32;
    public static final int GRANT_VERSION_OFFSET = 36;
    public static final int XENSTORE_OFFSET = 40;
    public static final int XENSTORE_PORT_OFFSET = 48;
    public static final int NR_NETFRONTS_OFFSET = 52;
    public static final int PORTS_OFFSET = 56;
    /** Per netfront: tx_sring, rx_sring, tx_front, rx_front, frontend_state, backend_state (u64), port, backend (u32). */
    public static final int NF_TX_SRING = 0;
    public static final int NF_RX_SRING = 8;
    public static final int NF_TX_FRONT = 16;
    public static final int NF_RX_FRONT = 24;
    public static final int NF_FRONTEND_STATE = 32;
    public static final int NF_BACKEND_STATE = 40;
    public static final int NF_PORT = 48;
    public static final int NF_BACKEND = 52;
    public static final int NF_SIZE = 56;
    /** The fixed part a debugger reads first to learn the counts (then the whole {@link #size}). */
    public static final int HEADER_SIZE = PORTS_OFFSET;

    public final int nrPorts;
    public final int nrNetfronts;
    /** ports[] has at least one element (C has no empty arrays) and ends 8-aligned. */
    public final int portSlots;
    public final int netfrontsOffset;
    public final int netfrontSlots;
    public final int size;

    public DebugInfoLayout(int nrPorts, int nrNetfronts) {
        if (nrPorts < 0 || nrPorts > 4096 || nrNetfronts < 0 || nrNetfronts > 64) {
            throw new IllegalArgumentException("debug info with " + nrPorts + " ports and " + nrNetfronts
                    + " netfronts is out of range (0..4096, 0..64)");
        }
        this.nrPorts = nrPorts;
        this.nrNetfronts = nrNetfronts;
        int slots = Math.max(1, nrPorts);
        this.portSlots = slots % 2 == 0 ? slots : slots + 1;
        this.netfrontsOffset = PORTS_OFFSET + 4 * portSlots;
        this.netfrontSlots = Math.max(1, nrNetfronts);
        this.size = netfrontsOffset + NF_SIZE * netfrontSlots;
    }
}
