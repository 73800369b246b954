package org.xenguest.debug.core.findings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long a pattern must hold before its rule reports it, and the grant reserve.
 *
 * @param pendingMasked     {@link FindingCode#EVTCHN_PENDING_MASKED}
 * @param lostWakeup        {@link FindingCode#EVTCHN_LOST_WAKEUP}
 * @param upcallNotHandled  {@link FindingCode#UPCALL_NOT_HANDLED}
 * @param grantFreeEntries  {@link FindingCode#GRANT_TABLE_EXHAUSTED} fires when at most this
 *                          many usable entries are free (0: none left)
 * @param ringUnanswered    {@link FindingCode#RING_REQUESTS_UNANSWERED}
 * @param ringEventNotArmed {@link FindingCode#RING_EVENT_NOT_ARMED}
 * @param xenbusHandshake   {@link FindingCode#XENBUS_HANDSHAKE_STUCK}
 * @param xenstoreRing      {@link FindingCode#XENSTORE_RING_STALLED}
 */
public record RuleThresholds(Duration pendingMasked, Duration lostWakeup, Duration upcallNotHandled,
        int grantFreeEntries, Duration ringUnanswered, Duration ringEventNotArmed, Duration xenbusHandshake,
        Duration xenstoreRing) {

    /** The names {@link #with(String, String)} accepts, in the order of the components. */
    public static final List<String> KEYS = List.of("pending-masked", "lost-wakeup", "upcall", "grant-free",
            "ring-unanswered", "ring-event", "xenbus", "xenstore-ring");

    public RuleThresholds {
        for (Duration duration : new Duration[] {pendingMasked, lostWakeup, upcallNotHandled, ringUnanswered,
                ringEventNotArmed, xenbusHandshake, xenstoreRing}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("rule thresholds must be zero or positive durations");
            }
        }
        if (grantFreeEntries < 0) {
            throw new IllegalArgumentException("grant-free must not be negative, was " + grantFreeEntries);
        }
    }

    /**
     * For live watching: a second for the event patterns (an upcall takes microseconds), two
     * for rings and the xenstore ring, five for a handshake; grants when none is free.
     */
    public static RuleThresholds defaults() {
        return new RuleThresholds(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /**
     * For one snapshot, where no persistence can be measured: every pattern present is reported
     * (the message says it was seen once).
     */
    public static RuleThresholds instant() {
        return new RuleThresholds(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO);
    }

    /**
     * A copy with one threshold changed: {@code key} is one of {@link #KEYS}; durations are
     * milliseconds ({@code 500}) or with a unit ({@code 500ms}, {@code 2s}); grant-free is a count.
     *
     * @throws IllegalArgumentException naming the key or value and what is accepted
     */
    public RuleThresholds with(String key, String value) {
        String name = key.strip().toLowerCase(Locale.ROOT);
        if (name.equals("grant-free")) {
            int count;
            try {
                count = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("threshold grant-free needs a whole number of entries, was '" + value + "'");
            }
            return new RuleThresholds(pendingMasked, lostWakeup, upcallNotHandled, count, ringUnanswered,
                    ringEventNotArmed, xenbusHandshake, xenstoreRing);
        }
        Duration d = parseDuration(name, value);
        switch (name) {
            case "pending-masked":
                return new RuleThresholds(d, lostWakeup, upcallNotHandled, grantFreeEntries, ringUnanswered,
                        ringEventNotArmed, xenbusHandshake, xenstoreRing);
            case "lost-wakeup":
                return new RuleThresholds(pendingMasked, d, upcallNotHandled, grantFreeEntries, ringUnanswered,
                        ringEventNotArmed, xenbusHandshake, xenstoreRing);
            case "upcall":
                return new RuleThresholds(pendingMasked, lostWakeup, d, grantFreeEntries, ringUnanswered,
                        ringEventNotArmed, xenbusHandshake, xenstoreRing);
            case "ring-unanswered":
                return new RuleThresholds(pendingMasked, lostWakeup, upcallNotHandled, grantFreeEntries, d,
                        ringEventNotArmed, xenbusHandshake, xenstoreRing);
            case "ring-event":
                return new RuleThresholds(pendingMasked, lostWakeup, upcallNotHandled, grantFreeEntries, ringUnanswered,
                        d, xenbusHandshake, xenstoreRing);
            case "xenbus":
                return new RuleThresholds(pendingMasked, lostWakeup, upcallNotHandled, grantFreeEntries, ringUnanswered,
                        ringEventNotArmed, d, xenstoreRing);
            case "xenstore-ring":
                return new RuleThresholds(pendingMasked, lostWakeup, upcallNotHandled, grantFreeEntries, ringUnanswered,
                        ringEventNotArmed, xenbusHandshake, d);
            default:
                throw new IllegalArgumentException("unknown threshold '" + key + "'; known: " + String.join(", ", KEYS));
        }
    }

    private static Duration parseDuration(String key, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).strip()));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1).strip()) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold " + key + " needs a duration such as 500, 500ms or 2s, was '"
                    + value + "'");
        }
    }
}
