package org.xenguest.abi;

import static org.xenguest.abi.GrantTableLayout.GTF_PERMIT_ACCESS;
import static org.xenguest.abi.GrantTableLayout.GTF_SUB_PAGE;
import static org.xenguest.abi.GrantTableLayout.GTF_TRANSITIVE;
import static org.xenguest.abi.GrantTableLayout.GTF_TYPE_MASK;
import static org.xenguest.abi.GrantTableLayout.V2_DOMID_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V2_ENTRY_SIZE;
import static org.xenguest.abi.GrantTableLayout.V2_FLAGS_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V2_FULL_PAGE_FRAME_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V2_SUB_PAGE_LENGTH_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V2_SUB_PAGE_OFFSET_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V2_TRANSITIVE_DOMID_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V2_TRANSITIVE_GREF_OFFSET;

import java.util.List;

/**
 * A decoded {@code union grant_entry_v2} (16 bytes, grant_table.h). The union's variants share
 * bytes; all views are decoded and {@link #type()} / {@link #isSubPage()} say which one is
 * meaningful. In v2 the reading/writing bits live in the separate grant_status_t array.
 *
 * @param flags           hdr.flags (u16 GTF_*)
 * @param domid           hdr.domid (u16)
 * @param frame           full_page.frame / sub_page.frame (u64 at offset 8)
 * @param pageOffset      sub_page.page_off (u16 at 4)
 * @param length          sub_page.length (u16 at 6)
 * @param transitiveDomid transitive.trans_domid (u16 at 4, same bytes as pageOffset)
 * @param transitiveRef   transitive.gref (u32 at 8, low half of frame)
 */
public record GrantEntryV2(int flags, int domid, long frame, int pageOffset, int length, int transitiveDomid,
        long transitiveRef) {

    public static GrantEntryV2 decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static GrantEntryV2 decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, V2_ENTRY_SIZE, "union grant_entry_v2");
        return new GrantEntryV2(
                LittleEndian.u16(bytes, offset + V2_FLAGS_OFFSET),
                LittleEndian.u16(bytes, offset + V2_DOMID_OFFSET),
                LittleEndian.u64(bytes, offset + V2_FULL_PAGE_FRAME_OFFSET),
                LittleEndian.u16(bytes, offset + V2_SUB_PAGE_OFFSET_OFFSET),
                LittleEndian.u16(bytes, offset + V2_SUB_PAGE_LENGTH_OFFSET),
                LittleEndian.u16(bytes, offset + V2_TRANSITIVE_DOMID_OFFSET),
                LittleEndian.u32(bytes, offset + V2_TRANSITIVE_GREF_OFFSET));
    }

    /** Every whole entry in {@code bytes} (a 4 KiB frame gives 256), ref 0 first. */
    public static List<GrantEntryV2> decodeAll(byte[] bytes) {
        return LittleEndian.decodeAll(bytes, V2_ENTRY_SIZE, "union grant_entry_v2[]", GrantEntryV2::decode);
    }

    /** The GTF type in hdr.flags. */
    public int type() {
        return flags & GTF_TYPE_MASK;
    }

    public boolean isValid() {
        return type() != 0;
    }

    /** A permit_access entry granting only bytes [pageOffset, pageOffset + length) of the frame. */
    public boolean isSubPage() {
        return type() == GTF_PERMIT_ACCESS && (flags & GTF_SUB_PAGE) != 0;
    }

    public boolean isTransitive() {
        return type() == GTF_TRANSITIVE;
    }
}
