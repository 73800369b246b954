package org.xenguest.abi;

/**
 * Grant table entries, flags and limits ({@code xen/grant_table.h}), for 4 KiB frames.
 */
public final class GrantTableLayout {

    private GrantTableLayout() {
    }

    /** A grant table frame is one x86 page. */
    public static final int FRAME_SIZE = 4096;

    // ---- struct grant_entry_v1: 8 bytes -----------------------------------------------------

    public static final int V1_ENTRY_SIZE = 8;
    /** u16 GTF_* flags. */
    public static final int V1_FLAGS_OFFSET = 0;
    /** u16 domid_t being granted access. */
    public static final int V1_DOMID_OFFSET = 2;
    /** u32 frame (GFN for auto-translated guests such as PVH). */
    public static final int V1_FRAME_OFFSET = 4;
    public static final int V1_ENTRIES_PER_FRAME = FRAME_SIZE / V1_ENTRY_SIZE;

    // ---- union grant_entry_v2: 16 bytes, header first in every variant -----------------------

    public static final int V2_ENTRY_SIZE = 16;
    /** grant_entry_header_t.flags (u16). */
    public static final int V2_FLAGS_OFFSET = 0;
    /** grant_entry_header_t.domid (u16). */
    public static final int V2_DOMID_OFFSET = 2;
    public static final int V2_HEADER_SIZE = 4;
    /** full_page.frame, u64 after a 4-byte pad. */
    public static final int V2_FULL_PAGE_FRAME_OFFSET = 8;
    /** sub_page.page_off (u16). */
    public static final int V2_SUB_PAGE_OFFSET_OFFSET = 4;
    /** sub_page.length (u16). */
    public static final int V2_SUB_PAGE_LENGTH_OFFSET = 6;
    /** sub_page.frame (u64). */
    public static final int V2_SUB_PAGE_FRAME_OFFSET = 8;
    /** transitive.trans_domid (u16). */
    public static final int V2_TRANSITIVE_DOMID_OFFSET = 4;
    /** transitive.gref (u32 grant_ref_t). */
    public static final int V2_TRANSITIVE_GREF_OFFSET = 8;
    public static final int V2_ENTRIES_PER_FRAME = FRAME_SIZE / V2_ENTRY_SIZE;
    /** grant_status_t is a u16 in a separate status array (v2 keeps reading/writing there). */
    public static final int V2_STATUS_SIZE = 2;
    public static final int V2_STATUS_ENTRIES_PER_FRAME = FRAME_SIZE / V2_STATUS_SIZE;

    // ---- reserved entries -------------------------------------------------------------------

    /** Entries 0..7 are kept for the toolstack; a guest allocates from 8 on. */
    public static final int NR_RESERVED_ENTRIES = 8;
    /** Grant ref the toolstack uses for the console ring page. */
    public static final int RESERVED_CONSOLE = 0;
    /** Grant ref the toolstack uses for the xenstore ring page. */
    public static final int RESERVED_XENSTORE = 1;

    // ---- GTF_* flags --------------------------------------------------------------------------

    /** Type field (low two bits of flags). */
    public static final int GTF_INVALID = 0;
    public static final int GTF_PERMIT_ACCESS = 1;
    public static final int GTF_ACCEPT_TRANSFER = 2;
    public static final int GTF_TRANSITIVE = 3;
    public static final int GTF_TYPE_MASK = 3;
    /** Flags of a GTF_permit_access entry. */
    public static final int GTF_READONLY = 1 << 2;
    /** Set by Xen while the peer has the frame mapped for reading (v1: in the entry). */
    public static final int GTF_READING = 1 << 3;
    /** Set by Xen while the peer has the frame mapped for writing. */
    public static final int GTF_WRITING = 1 << 4;
    public static final int GTF_PWT = 1 << 5;
    public static final int GTF_PCD = 1 << 6;
    public static final int GTF_PAT = 1 << 7;
    /** v2 only: the entry grants a byte range of the frame (sub_page variant). */
    public static final int GTF_SUB_PAGE = 1 << 8;
    /** Flags of a GTF_accept_transfer entry (same bits as readonly/reading, other meaning). */
    public static final int GTF_TRANSFER_COMMITTED = 1 << 2;
    public static final int GTF_TRANSFER_COMPLETED = 1 << 3;

    // ---- GNTST_* status codes of grant table operations ---------------------------------------

    public static final int GNTST_OKAY = 0;
    public static final int GNTST_GENERAL_ERROR = -1;
    public static final int GNTST_BAD_DOMAIN = -2;
    public static final int GNTST_BAD_GNTREF = -3;
    public static final int GNTST_BAD_HANDLE = -4;
    public static final int GNTST_BAD_VIRT_ADDR = -5;
    public static final int GNTST_BAD_DEV_ADDR = -6;
    public static final int GNTST_NO_DEVICE_SPACE = -7;
    public static final int GNTST_PERMISSION_DENIED = -8;
    public static final int GNTST_BAD_PAGE = -9;
    public static final int GNTST_BAD_COPY_ARG = -10;
    public static final int GNTST_ADDRESS_TOO_BIG = -11;
    public static final int GNTST_EAGAIN = -12;
    public static final int GNTST_NO_SPACE = -13;

    /** Entries one frame holds for grant table version 1 or 2. */
    public static int entriesPerFrame(int version) {
        switch (version) {
            case 1:
                return V1_ENTRIES_PER_FRAME;
            case 2:
                return V2_ENTRIES_PER_FRAME;
            default:
                throw new IllegalArgumentException("grant table version must be 1 or 2, was " + version);
        }
    }

    /**
     * Grant refs a guest can allocate itself with a table of {@code frames} frames: everything
     * but the reserved entries (one v1 frame gives 504).
     */
    public static int usableEntries(int frames, int version) {
        if (frames < 1) {
            throw new IllegalArgumentException("a grant table has at least one frame, was " + frames);
        }
        return frames * entriesPerFrame(version) - NR_RESERVED_ENTRIES;
    }
}
