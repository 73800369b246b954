package org.xenguest.abi;

import java.util.Objects;

/**
 * One number this bundle claims about the Xen ABI, with the C expression that yields the same
 * number from Xen's public headers.
 *
 * @param name        unique name, e.g. {@code shared_info.evtchn_pending} or {@code VIRQ_TIMER}
 * @param value       the value the Java constants hold
 * @param cExpression e.g. {@code offsetof(struct shared_info, evtchn_pending)}; {@code null}
 *                    for facts the public headers do not contain (hypervisor internals, values
 *                    only written in comments), which no compiler can check
 * @param group       what it belongs to, e.g. {@code shared_info}, {@code grant_table}
 */
public record AbiFact(String name, long value, String cExpression, String group) {

    public AbiFact {
        requireText("name", name);
        requireText("group", group);
        if (cExpression != null && cExpression.isBlank()) {
            throw new IllegalArgumentException("cExpression of " + name + " must be null or non-blank");
        }
    }

    private static void requireText(String what, String text) {
        Objects.requireNonNull(text, what);
        if (text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** True if a C compiler can check this fact against Xen's public headers. */
    public boolean isCheckedAgainstHeaders() {
        return cExpression != null;
    }
}
