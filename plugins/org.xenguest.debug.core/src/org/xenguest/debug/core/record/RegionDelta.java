package org.xenguest.debug.core.record;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.xenguest.debug.core.snapshot.MemoryRegion;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * How a version-2 recording stores a region: whole (base64), unchanged ({@code "same": true})
 * or as the 64-byte chunks that changed since the same region of the snapshot before
 * ({@code "patch": [[offset, base64], ...]}). Between two polls a guest changes a few words of
 * its pages (a pending bit, vcpu_info's time), so most of a page is never written again.
 */
final class RegionDelta {
    static final int CHUNK = 64;

    private RegionDelta() {
    }

    /** The region's entry; {@code before} is the same role's region of the previous snapshot, or null. */
    static JsonObject encode(MemoryRegion region, MemoryRegion before) {
        JsonObject entry = new JsonObject();
        entry.addProperty("role", region.role());
        entry.addProperty("address", org.xenguest.debug.core.memory.Addresses.format(region.address()));
        byte[] now = region.bytes();
        Base64.Encoder base64 = Base64.getEncoder();
        if (before == null || before.address() != region.address() || before.length() != region.length()) {
            entry.addProperty("base64", base64.encodeToString(now));
            return entry;
        }
        byte[] old = before.bytes();
        JsonArray patch = new JsonArray();
        int changedBytes = 0;
        for (int start = 0; start < now.length;) {
            int end = Math.min(start + CHUNK, now.length);
            if (Arrays.equals(now, start, end, old, start, end)) {
                start = end;
                continue;
            }
            int runEnd = end;   // adjacent changed chunks go in one piece
            while (runEnd < now.length) {
                int next = Math.min(runEnd + CHUNK, now.length);
                if (Arrays.equals(now, runEnd, next, old, runEnd, next)) {
                    break;
                }
                runEnd = next;
            }
            JsonArray piece = new JsonArray();
            piece.add(start);
            piece.add(base64.encodeToString(Arrays.copyOfRange(now, start, runEnd)));
            patch.add(piece);
            changedBytes += runEnd - start;
            start = runEnd;
        }
        if (patch.isEmpty()) {
            entry.addProperty("same", true);
        } else if (changedBytes * 2 > now.length) {
            entry.addProperty("base64", base64.encodeToString(now));
        } else {
            entry.add("patch", patch);
        }
        return entry;
    }

    /**
     * The region's bytes from its entry and the previous snapshot's region of that role.
     *
     * @throws IllegalArgumentException when a delta has nothing to apply to, or points outside it
     */
    static byte[] decode(JsonObject entry, MemoryRegion before) {
        Base64.Decoder base64 = Base64.getDecoder();
        if (entry.has("base64")) {
            return base64.decode(entry.get("base64").getAsString());
        }
        if (before == null) {
            throw new IllegalArgumentException("region " + entry.get("role").getAsString()
                    + " is a change to a region no earlier line holds");
        }
        byte[] bytes = before.bytes();
        if (entry.has("same") && entry.get("same").getAsBoolean()) {
            return bytes;
        }
        JsonArray patch = entry.getAsJsonArray("patch");
        if (patch == null) {
            throw new IllegalArgumentException("region " + entry.get("role").getAsString() + " has no base64, same or patch");
        }
        for (var element : patch) {
            JsonArray piece = element.getAsJsonArray();
            int offset = piece.get(0).getAsInt();
            byte[] data = base64.decode(piece.get(1).getAsString());
            if (offset < 0 || offset + data.length > bytes.length) {
                throw new IllegalArgumentException("a patch of region " + entry.get("role").getAsString() + " at offset "
                        + offset + " (+" + data.length + ") lies outside its " + bytes.length + " bytes");
            }
            System.arraycopy(data, 0, bytes, offset, data.length);
        }
        return bytes;
    }

    /** The previous snapshot's regions by role, for the next line. */
    static java.util.Map<String, MemoryRegion> byRole(List<MemoryRegion> regions) {
        java.util.Map<String, MemoryRegion> map = new java.util.HashMap<>();
        for (MemoryRegion region : regions) {
            map.put(region.role(), region);
        }
        return map;
    }
}
