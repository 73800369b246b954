package org.xenguest.debug.core.rsp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.xenguest.abi.DebugInfoContract;

/**
 * What the stub said about itself in its {@code qSupported} reply.
 *
 * @param packetSize   the stub's PacketSize (data characters of the longest packet it takes
 *                     and sends), or empty if it did not say
 * @param features     every feature as sent: name to "+", "-", "?" or the value after '='
 */
public record StubFeatures(Optional<Integer> packetSize, Map<String, String> features) {

    public StubFeatures {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** No qSupported answer (an empty reply: the stub does not know the packet). */
    public static StubFeatures none() {
        return new StubFeatures(Optional.empty(), Map.of());
    }

    /**
     * Parses a qSupported reply such as {@code PacketSize=1000;qXfer:features:read+;QStartNoAckMode+}.
     * PacketSize is hexadecimal. Unknown or malformed entries are kept as sent, never fatal.
     */
    public static StubFeatures parse(String reply) {
        Map<String, String> features = new LinkedHashMap<>();
        Integer packetSize = null;
        for (String entry : reply.split(";")) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals > 0) {
                String name = entry.substring(0, equals);
                String value = entry.substring(equals + 1);
                features.put(name, value);
                if (name.equals("PacketSize")) {
                    try {
                        int parsed = Integer.parseInt(value, 16);
                        packetSize = parsed > 0 ? parsed : null;
                    } catch (NumberFormatException e) {
                        packetSize = null; // a broken PacketSize is ignored: the default is safe
                    }
                }
            } else {
                char last = entry.charAt(entry.length() - 1);
                if (last == '+' || last == '-' || last == '?') {
                    features.put(entry.substring(0, entry.length() - 1), String.valueOf(last));
                } else {
                    features.put(entry, "+");
                }
            }
        }
        return new StubFeatures(Optional.ofNullable(packetSize), features);
    }

    /** True if the stub sent {@code name+}. */
    public boolean supports(String name) {
        return "+".equals(features.get(name));
    }

    public boolean offersNoAckMode() {
        return supports("QStartNoAckMode");
    }

    /**
     * A generated stub's {@code qXenguest.Read=BYTES} (hex): it answers many ranges in one reply,
     * up to this many bytes in all; empty when the stub does not offer it (or says nonsense).
     */
    public OptionalInt rangeReadBytes() {
        String value = features.get(DebugInfoContract.READ_QUERY);
        if (value == null || !value.matches("[0-9a-fA-F]{1,7}")) {
            return OptionalInt.empty();
        }
        int bytes = Integer.parseInt(value, 16);
        return bytes > 0 ? OptionalInt.of(bytes) : OptionalInt.empty();
    }

    /** GDB 14's {@code binary-upload+}: the stub answers {@code x addr,len} with binary data. */
    public boolean offersBinaryUpload() {
        return supports("binary-upload");
    }
}
