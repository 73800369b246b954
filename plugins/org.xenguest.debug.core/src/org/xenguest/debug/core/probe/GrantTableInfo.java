package org.xenguest.debug.core.probe;

/**
 * The size of a domain's grant table ({@code qXenguest.Grants}: GNTTABOP_query_size and
 * get_version).
 *
 * @param version   1 or 2; 0 when Xen did not say
 * @param frames    frames the table has now
 * @param maxFrames frames it may grow to
 */
public record GrantTableInfo(int version, int frames, int maxFrames) {

    static GrantTableInfo from(ProbeReplies.Fields f) {
        return new GrantTableInfo(f.hexInt("version"), f.hexInt("frames"), f.hexInt("max_frames"));
    }
}
