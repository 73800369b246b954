package org.xenguest.debug.core.probe;

import java.util.Objects;

/** A xenstore node of a domain's devices, frontend or backend side ({@code qXenguest.Xenstore}). */
public record XenstoreNode(String path, String value) {

    public XenstoreNode {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
    }

    static XenstoreNode from(ProbeReplies.Fields f) {
        return new XenstoreNode(f.hexText("path"), f.hexText("value"));
    }
}
