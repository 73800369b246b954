package org.xenguest.debug.core.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe's reply format (docs/probe-protocol.md): records separated by {@code ;}, each a list
 * of {@code key=value} separated by {@code ,}; numbers hex without {@code 0x}; text as the hex of
 * its bytes. Unknown keys are kept and ignored by the typed readers, so the probe may add keys.
 */
public final class ProbeReplies {

    private ProbeReplies() {
    }

    /** One record's fields, in order. */
    public record Fields(Map<String, String> values, String reply) {

        public boolean has(String key) {
            return values.containsKey(key);
        }

        public String text(String key) {
            String value = values.get(key);
            if (value == null) {
                throw malformed("no '" + key + "'", reply);
            }
            return value;
        }

        public long hex(String key) {
            return parseHex(text(key), key, reply);
        }

        public int hexInt(String key) {
            long value = hex(key);
            if (value > Integer.MAX_VALUE) {
                throw malformed("'" + key + "' is too large: " + Long.toHexString(value), reply);
            }
            return (int) value;
        }

        public boolean flag(String key) {
            String value = text(key);
            if (value.equals("1")) {
                return true;
            }
            if (value.equals("0")) {
                return false;
            }
            throw malformed("'" + key + "' is neither 0 nor 1: " + value, reply);
        }

        /** Hex-encoded bytes as text (UTF-8, as xenstore and Xen's domain names are). */
        public String hexText(String key) {
            return new String(decodeHex(text(key), key, reply), StandardCharsets.UTF_8);
        }

        /** {@code f3:30} as [0xf3, 0x30]; empty for an empty value. */
        public List<Integer> vectors(String key) {
            String value = text(key);
            if (value.isEmpty()) {
                return List.of();
            }
            List<Integer> out = new ArrayList<>();
            for (String part : value.split(":", -1)) {
                long v = parseHex(part, key, reply);
                if (v > 0xff) {
                    throw malformed("vector " + part + " in '" + key + "' is above ff", reply);
                }
                out.add((int) v);
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** Splits a reply into its records; an empty reply has none. */
    public static List<Fields> records(String reply) {
        List<Fields> out = new ArrayList<>();
        if (reply.isEmpty()) {
            return out;
        }
        for (String record : reply.split(";", -1)) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String field : record.split(",", -1)) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw malformed("field '" + field + "' is not key=value", reply);
                }
                values.put(field.substring(0, eq), field.substring(eq + 1));
            }
            out.add(new Fields(Collections.unmodifiableMap(values), reply));
        }
        return out;
    }

    /** The single record of a reply that has exactly one. */
    public static Fields record(String reply) {
        List<Fields> all = records(reply);
        if (all.size() != 1) {
            throw malformed("expected one record, got " + all.size(), reply);
        }
        return all.get(0);
    }

    static long parseHex(String text, String key, String reply) {
        if (text.isEmpty() || text.length() > 16) {
            throw malformed("'" + key + "' is not a hex number: '" + text + "'", reply);
        }
        try {
            return Long.parseUnsignedLong(text, 16);
        } catch (NumberFormatException e) {
            throw malformed("'" + key + "' is not a hex number: '" + text + "'", reply);
        }
    }

    static byte[] decodeHex(String text, String key, String reply) {
        if (text.length() % 2 != 0) {
            throw malformed("'" + key + "' has an odd number of hex digits", reply);
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw malformed("'" + key + "' is not hex: '" + text + "'", reply);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    static ProbeReplyException malformed(String what, String reply) {
        String shown = reply.length() > 200 ? reply.substring(0, 200) + "..." : reply;
        return new ProbeReplyException("malformed reply from the dom0 probe (" + what + "): '" + shown
                + "'; is the probe the version docs/probe-protocol.md describes?");
    }
}
