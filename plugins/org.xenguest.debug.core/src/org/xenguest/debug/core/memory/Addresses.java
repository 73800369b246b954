package org.xenguest.debug.core.memory;

/** Guest addresses as users write them. */
public final class Addresses {

    private Addresses() {
    }

    /**
     * Parses {@code 0x}-prefixed hex or decimal, unsigned 64-bit; '_' separators allowed.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no address given (expected 0x-prefixed hex such as 0x100000, or decimal)");
        }
        String cleaned = text.strip().replace("_", "");
        try {
            if (cleaned.startsWith("0x") || cleaned.startsWith("0X")) {
                String digits = cleaned.substring(2);
                if (digits.isEmpty() || digits.length() > 16) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(digits, 16);
            }
            return Long.parseUnsignedLong(cleaned);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address (expected 0x-prefixed hex such as"
                    + " 0x100000, or decimal, at most 64 bits)");
        }
    }

    /** {@code 0x} and lower-case hex digits. */
    public static String format(long address) {
        return "0x" + Long.toHexString(address);
    }
}
