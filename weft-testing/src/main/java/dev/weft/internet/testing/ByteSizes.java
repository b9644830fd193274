package dev.weft.internet.testing;

/**
 * Reads byte counts and rates the one way weft writes them, in {@link Fault}'s text form and in the {@code weft}
 * command's options ({@code --max-bytes}): a whole number of bytes, optionally followed by {@code K}, {@code M},
 * {@code G} or {@code T} (either case) for binary multiples, so {@code 1K} is 1024 bytes and {@code 10M} is 10 MiB
 * (as {@code pv} and the JVM's {@code -Xmx} read them). A rate is the same count per second, and may end in
 * {@code /s}: {@code 10K/s}. Stateless; thread-safe.
 */
public final class ByteSizes {
    /** What a size may be, for error messages: {@value}. */
    public static final String ACCEPTED = "a number of bytes, optionally with K, M, G or T (1K = 1024)";

    private static final String SUFFIXES = "KMGT";

    private ByteSizes() {}

    /**
     * Reads a byte count: {@code 1048576}, {@code 64K}, {@code 10m}, {@code 1G}; blanks around it are ignored.
     *
     * @throws IllegalArgumentException {@code '10X' is not a size: give a number of bytes, optionally with K, M, G or
     *     T (1K = 1024)}, or, for a count past {@link Long#MAX_VALUE}, that it is too large
     */
    public static long parse(String text) {
        return read(text.strip(), text, false);
    }

    /**
     * Reads a rate in bytes per second, a size with an optional {@code /s}: {@code 10K/s}, {@code 10K}, {@code 512}.
     *
     * @throws IllegalArgumentException {@code '10X/s' is not a rate: give a number of bytes, optionally with K, M, G or
     *     T (1K = 1024), a second, like 10K or 10K/s}, or that it is too large
     */
    public static long parseRate(String text) {
        String t = text.strip();
        return read(t.endsWith("/s") ? t.substring(0, t.length() - 2) : t, text, true);
    }

    private static long read(String t, String text, boolean rate) {
        int digits = t.length();
        int shift = 0;
        if (!t.isEmpty()) {
            int suffix = SUFFIXES.indexOf(Character.toUpperCase(t.charAt(t.length() - 1)));
            if (suffix >= 0) {
                shift = 10 * (suffix + 1);
                digits--;
            }
        }
        if (digits == 0) {
            throw malformed(text, rate);
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(text, rate);
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw tooLarge(text);
            }
            value = value * 10 + (c - '0');
        }
        if (value > Long.MAX_VALUE >> shift) {
            throw tooLarge(text);
        }
        return value << shift;
    }

    private static IllegalArgumentException malformed(String text, boolean rate) {
        return new IllegalArgumentException(
                rate
                        ? "'" + text.strip() + "' is not a rate: give " + ACCEPTED + ", a second, like 10K or 10K/s"
                        : "'" + text.strip() + "' is not a size: give " + ACCEPTED);
    }

    private static IllegalArgumentException tooLarge(String text) {
        return new IllegalArgumentException(
                "'" + text.strip() + "' is too large: at most " + Long.MAX_VALUE + " bytes (8 EiB)");
    }
}
