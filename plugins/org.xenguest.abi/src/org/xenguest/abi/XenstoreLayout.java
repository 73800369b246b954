package org.xenguest.abi;

/**
 * The xenstore ring page and wire format ({@code xen/io/xs_wire.h}).
 */
public final class XenstoreLayout {

    private XenstoreLayout() {
    }

    // ---- struct xenstore_domain_interface -----------------------------------------------------

    /** XENSTORE_RING_SIZE: bytes in each of the request and response rings (a power of two). */
    public static final int RING_SIZE = 1024;
    public static final int REQ_OFFSET = 0;
    public static final int RSP_OFFSET = REQ_OFFSET + RING_SIZE;
    /** XENSTORE_RING_IDX (u32) indices, free running, masked with RING_SIZE - 1. */
    public static final int REQ_CONS_OFFSET = RSP_OFFSET + RING_SIZE;
    public static final int REQ_PROD_OFFSET = REQ_CONS_OFFSET + 4;
    public static final int RSP_CONS_OFFSET = REQ_CONS_OFFSET + 8;
    public static final int RSP_PROD_OFFSET = REQ_CONS_OFFSET + 12;
    public static final int SERVER_FEATURES_OFFSET = REQ_CONS_OFFSET + 16;
    public static final int CONNECTION_OFFSET = REQ_CONS_OFFSET + 20;
    public static final int ERROR_OFFSET = REQ_CONS_OFFSET + 24;
    public static final int INTERFACE_SIZE = REQ_CONS_OFFSET + 28;

    /** Largest payload after an xsd_sockmsg header ("violating this is very bad"). */
    public static final int PAYLOAD_MAX = 4096;
    /** Longer paths get an error back. */
    public static final int ABS_PATH_MAX = 3072;
    public static final int REL_PATH_MAX = 2048;

    /** server_features bits. */
    public static final int SERVER_FEATURE_RECONNECTION = 1;
    public static final int SERVER_FEATURE_ERROR = 2;
    /** connection values. */
    public static final int CONNECTED = 0;
    public static final int RECONNECT = 1;
    /** error values. */
    public static final int ERROR_NONE = 0;
    public static final int ERROR_COMM = 1;
    public static final int ERROR_RINGIDX = 2;
    public static final int ERROR_PROTO = 3;

    // ---- struct xsd_sockmsg: the header of every message --------------------------------------

    public static final int SOCKMSG_SIZE = 16;
    /** u32, an xsd_sockmsg_type ({@link XsMessageType}). */
    public static final int SOCKMSG_TYPE_OFFSET = 0;
    /** u32, echoed in the reply. */
    public static final int SOCKMSG_REQ_ID_OFFSET = 4;
    /** u32, transaction id, 0 outside a transaction. */
    public static final int SOCKMSG_TX_ID_OFFSET = 8;
    /** u32, payload bytes following the header. */
    public static final int SOCKMSG_LEN_OFFSET = 12;

    /** XS_WATCH_EVENT payload parts (enum xs_watch_type): path, then token. */
    public static final int WATCH_PATH = 0;
    public static final int WATCH_TOKEN = 1;
}
