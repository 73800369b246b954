package org.xenguest.abi;

/**
 * Shared I/O rings: the header that {@code DEFINE_RING_TYPES} in {@code xen/io/ring.h} puts in
 * front of every ring, the ring-size rule of {@code __CONST_RING_SIZE}, and the entries of the
 * netif ({@code xen/io/netif.h}), blkif ({@code xen/io/blkif.h}) and console
 * ({@code xen/io/console.h}) rings.
 */
public final class RingLayout {

    private RingLayout() {
    }

    public static final int PAGE_SIZE = 4096;

    // ---- struct <name>_sring header (ring.h) ------------------------------------------------

    /** RING_IDX is an unsigned int: indices are free-running u32 counters that wrap. */
    public static final int RING_IDX_SIZE = 4;
    public static final int REQ_PROD_OFFSET = 0;
    public static final int REQ_EVENT_OFFSET = 4;
    public static final int RSP_PROD_OFFSET = 8;
    public static final int RSP_EVENT_OFFSET = 12;
    /** The 4-byte pvt union (netif.smartpoll_active, tapif_user.msg). */
    public static final int PVT_OFFSET = 16;
    /** 16 bytes of indices + 4 pvt + 44 pad: the entries start at 64. */
    public static final int RING_ENTRIES_OFFSET = 64;
    public static final int HEADER_SIZE = RING_ENTRIES_OFFSET;

    /**
     * Entries of a shared ring in {@code ringBytes} bytes of shared memory with entries (the
     * union of request and response) of {@code entrySize} bytes: as many as fit after the
     * 64-byte header, rounded down to a power of two so indices can be masked. This is what
     * {@code __CONST_RING_SIZE} / {@code __RING_SIZE} compute.
     *
     * @throws IllegalArgumentException if not even one entry fits or an argument is not positive
     */
    public static int ringSize(int ringBytes, int entrySize) {
        if (entrySize <= 0) {
            throw new IllegalArgumentException("ring entry size must be positive, was " + entrySize);
        }
        if (ringBytes < HEADER_SIZE + entrySize) {
            throw new IllegalArgumentException("a ring of " + ringBytes + " bytes has no room for one " + entrySize
                    + "-byte entry after the " + HEADER_SIZE + "-byte header");
        }
        int fitting = (ringBytes - HEADER_SIZE) / entrySize;
        return Integer.highestOneBit(fitting);
    }

    // ---- netif (netif.h) ----------------------------------------------------------------------

    /** struct netif_tx_request: gref u32, offset u16, flags u16, id u16, size u16. */
    public static final int NETIF_TX_REQUEST_SIZE = 12;
    public static final int NETIF_TX_REQUEST_GREF_OFFSET = 0;
    public static final int NETIF_TX_REQUEST_OFFSET_OFFSET = 4;
    public static final int NETIF_TX_REQUEST_FLAGS_OFFSET = 6;
    public static final int NETIF_TX_REQUEST_ID_OFFSET = 8;
    public static final int NETIF_TX_REQUEST_SIZE_OFFSET = 10;
    /** struct netif_tx_response: id u16, status s16. */
    public static final int NETIF_TX_RESPONSE_SIZE = 4;
    public static final int NETIF_TX_RESPONSE_ID_OFFSET = 0;
    public static final int NETIF_TX_RESPONSE_STATUS_OFFSET = 2;
    /** struct netif_rx_request: id u16, pad u16, gref u32. */
    public static final int NETIF_RX_REQUEST_SIZE = 8;
    public static final int NETIF_RX_REQUEST_ID_OFFSET = 0;
    public static final int NETIF_RX_REQUEST_GREF_OFFSET = 4;
    /** struct netif_rx_response: id u16, offset u16, flags u16, status s16 (size or error). */
    public static final int NETIF_RX_RESPONSE_SIZE = 8;
    public static final int NETIF_RX_RESPONSE_ID_OFFSET = 0;
    public static final int NETIF_RX_RESPONSE_OFFSET_OFFSET = 2;
    public static final int NETIF_RX_RESPONSE_FLAGS_OFFSET = 4;
    public static final int NETIF_RX_RESPONSE_STATUS_OFFSET = 6;
    /** struct netif_extra_info (GSO, multicast, hash): fits in a tx request / rx response slot. */
    public static final int NETIF_EXTRA_INFO_SIZE = 8;

    /** Ring entries are unions of request and response, so the larger one counts. */
    public static final int NETIF_TX_ENTRY_SIZE = Math.max(NETIF_TX_REQUEST_SIZE, NETIF_TX_RESPONSE_SIZE);
    public static final int NETIF_RX_ENTRY_SIZE = Math.max(NETIF_RX_REQUEST_SIZE, NETIF_RX_RESPONSE_SIZE);
    /** __CONST_RING_SIZE(netif_tx, 4096): 336 fit, rounded down to 256. */
    public static final int NETIF_TX_RING_SIZE = 256;
    /** __CONST_RING_SIZE(netif_rx, 4096): 504 fit, rounded down to 256. */
    public static final int NETIF_RX_RING_SIZE = 256;
    /** struct xen_netif_ctrl_request (16 bytes) / _response (12): the optional control ring. */
    public static final int NETIF_CTRL_ENTRY_SIZE = 16;
    public static final int NETIF_CTRL_RING_SIZE = 128;

    /** Slots of one packet a backend must accept at least (XEN_NETIF_NR_SLOTS_MIN). */
    public static final int NETIF_NR_SLOTS_MIN = 18;
    /** Largest tx packet (XEN_NETIF_MAX_TX_SIZE). */
    public static final int NETIF_MAX_TX_SIZE = 0xFFFF;

    public static final int NETTXF_CSUM_BLANK = 1 << 0;
    public static final int NETTXF_DATA_VALIDATED = 1 << 1;
    public static final int NETTXF_MORE_DATA = 1 << 2;
    public static final int NETTXF_EXTRA_INFO = 1 << 3;

    public static final int NETRXF_DATA_VALIDATED = 1 << 0;
    public static final int NETRXF_CSUM_BLANK = 1 << 1;
    public static final int NETRXF_MORE_DATA = 1 << 2;
    public static final int NETRXF_EXTRA_INFO = 1 << 3;
    /** Deprecated in netif.h, kept for compatibility. */
    public static final int NETRXF_GSO_PREFIX = 1 << 4;

    public static final int NETIF_RSP_DROPPED = -2;
    public static final int NETIF_RSP_ERROR = -1;
    public static final int NETIF_RSP_OKAY = 0;
    /** Response slot of an extra-info request: carries no status. */
    public static final int NETIF_RSP_NULL = 1;

    public static final int NETIF_EXTRA_TYPE_NONE = 0;
    public static final int NETIF_EXTRA_TYPE_GSO = 1;
    public static final int NETIF_EXTRA_TYPE_MCAST_ADD = 2;
    public static final int NETIF_EXTRA_TYPE_MCAST_DEL = 3;
    public static final int NETIF_EXTRA_TYPE_HASH = 4;
    public static final int NETIF_EXTRA_FLAG_MORE = 1 << 0;
    public static final int NETIF_GSO_TYPE_NONE = 0;
    public static final int NETIF_GSO_TYPE_TCPV4 = 1;
    public static final int NETIF_GSO_TYPE_TCPV6 = 2;

    // ---- blkif (blkif.h) ----------------------------------------------------------------------

    /** struct blkif_request_segment: gref u32, first_sect u8, last_sect u8, padded to 8. */
    public static final int BLKIF_SEGMENT_SIZE = 8;
    public static final int BLKIF_MAX_SEGMENTS_PER_REQUEST = 11;
    /** struct blkif_request: operation, nr_segments, handle, then u64 id at 8, sector at 16. */
    public static final int BLKIF_REQUEST_SIZE = 112;
    public static final int BLKIF_REQUEST_ID_OFFSET = 8;
    public static final int BLKIF_REQUEST_SECTOR_OFFSET = 16;
    public static final int BLKIF_REQUEST_SEGMENTS_OFFSET = 24;
    /** struct blkif_response: u64 id, u8 operation, s16 status at 10; 16 bytes. */
    public static final int BLKIF_RESPONSE_SIZE = 16;
    public static final int BLKIF_RESPONSE_STATUS_OFFSET = 10;
    public static final int BLKIF_ENTRY_SIZE = Math.max(BLKIF_REQUEST_SIZE, BLKIF_RESPONSE_SIZE);
    /** __CONST_RING_SIZE(blkif, 4096): 36 fit, rounded down to 32. */
    public static final int BLKIF_RING_SIZE = 32;
    public static final int BLKIF_OP_READ = 0;
    public static final int BLKIF_OP_WRITE = 1;
    public static final int BLKIF_OP_FLUSH_DISKCACHE = 3;
    public static final int BLKIF_OP_DISCARD = 5;
    public static final int BLKIF_OP_INDIRECT = 6;
    public static final int BLKIF_RSP_EOPNOTSUPP = -2;
    public static final int BLKIF_RSP_ERROR = -1;
    public static final int BLKIF_RSP_OKAY = 0;

    // ---- struct xencons_interface (console.h): the PV console page --------------------------

    public static final int CONSOLE_IN_OFFSET = 0;
    public static final int CONSOLE_IN_SIZE = 1024;
    public static final int CONSOLE_OUT_OFFSET = 1024;
    public static final int CONSOLE_OUT_SIZE = 2048;
    public static final int CONSOLE_IN_CONS_OFFSET = 3072;
    public static final int CONSOLE_IN_PROD_OFFSET = 3076;
    public static final int CONSOLE_OUT_CONS_OFFSET = 3080;
    public static final int CONSOLE_OUT_PROD_OFFSET = 3084;
    public static final int CONSOLE_INTERFACE_SIZE = 3088;
}
