package org.xenguest.abi;

import static org.xenguest.abi.GrantTableLayout.GTF_ACCEPT_TRANSFER;
import static org.xenguest.abi.GrantTableLayout.GTF_PERMIT_ACCESS;
import static org.xenguest.abi.GrantTableLayout.GTF_READING;
import static org.xenguest.abi.GrantTableLayout.GTF_READONLY;
import static org.xenguest.abi.GrantTableLayout.GTF_TYPE_MASK;
import static org.xenguest.abi.GrantTableLayout.GTF_WRITING;
import static org.xenguest.abi.GrantTableLayout.V1_DOMID_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V1_ENTRY_SIZE;
import static org.xenguest.abi.GrantTableLayout.V1_FLAGS_OFFSET;
import static org.xenguest.abi.GrantTableLayout.V1_FRAME_OFFSET;

import java.util.List;

/**
 * A decoded {@code struct grant_entry_v1} (8 bytes, grant_table.h).
 *
 * @param flags u16 GTF_* type and flags
 * @param domid u16 domain granted access
 * @param frame u32 frame number (a GFN for PVH guests)
 */
public record GrantEntryV1(int flags, int domid, long frame) {

    public static GrantEntryV1 decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static GrantEntryV1 decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, V1_ENTRY_SIZE, "struct grant_entry_v1");
        return new GrantEntryV1(
                LittleEndian.u16(bytes, offset + V1_FLAGS_OFFSET),
                LittleEndian.u16(bytes, offset + V1_DOMID_OFFSET),
                LittleEndian.u32(bytes, offset + V1_FRAME_OFFSET));
    }

    /** Every whole entry in {@code bytes} (e.g. a 4 KiB frame gives 512), ref 0 first. */
    public static List<GrantEntryV1> decodeAll(byte[] bytes) {
        return LittleEndian.decodeAll(bytes, V1_ENTRY_SIZE, "struct grant_entry_v1[]", GrantEntryV1::decode);
    }

    /** The GTF type: GTF_invalid, GTF_permit_access, GTF_accept_transfer or GTF_transitive. */
    public int type() {
        return flags & GTF_TYPE_MASK;
    }

    /** False for GTF_invalid: the entry grants nothing (free, or revoked). */
    public boolean isValid() {
        return type() != 0;
    }

    public boolean isPermitAccess() {
        return type() == GTF_PERMIT_ACCESS;
    }

    public boolean isReadOnly() {
        return (flags & GTF_READONLY) != 0;
    }

    /**
     * True while the peer has the frame mapped (GTF_reading or GTF_writing), so the grant cannot
     * be revoked yet. Those bits mean something else (transfer progress) in an accept_transfer
     * entry, which is never "in use" in this sense.
     */
    public boolean isInUse() {
        return type() != GTF_ACCEPT_TRANSFER && (flags & (GTF_READING | GTF_WRITING)) != 0;
    }
}
