package org.xenguest.abi;

/**
 * The private front-end half of a ring, {@code struct <name>_front_ring} from
 * {@code DEFINE_RING_TYPES} in xen/io/ring.h, on x86-64:
 * {@code RING_IDX req_prod_pvt; RING_IDX rsp_cons; unsigned int nr_ents; struct <name>_sring *sring;}.
 * The frontend's response consumer index lives only here, not in the shared page. Checked
 * against io/ring.h by AbiHeadersTest.
 */
public final class FrontRingLayout {

    private FrontRingLayout() {
    }

    /** RING_IDX req_prod_pvt: requests produced but maybe not yet pushed. */
    public static final int REQ_PROD_PVT_OFFSET = 0;
    /** RING_IDX rsp_cons: responses the frontend has consumed. */
    public static final int RSP_CONS_OFFSET = 4;
    /** unsigned int nr_ents. */
    public static final int NR_ENTS_OFFSET = 8;
    /** Bytes to read for the three indices. */
    public static final int INDICES_SIZE = 12;
    /** struct NAME_sring *sring: the shared page (8-aligned on x86-64). */
    public static final int SRING_OFFSET = 16;
    /** sizeof(struct NAME_front_ring) on x86-64. */
    public static final int SIZE = 24;
}
