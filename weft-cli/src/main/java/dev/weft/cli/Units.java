package dev.weft.cli;

import dev.weft.internet.testing.ByteSizes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Formats byte counts, durations and rates the way the report lines print them: sizes and rates in
 * binary units (1 KiB = 1024 bytes, as {@code pv} and {@code iperf -f K} do), durations in seconds
 * with millisecond precision. Pure functions; thread-safe.
 */
final class Units {
    private static final String[] PREFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private Units() {}

    /**
     * Writes a count and its noun, the noun singular for exactly one: {@code 1 byte}, {@code 0 bytes}, {@code 3
     * connections}. Every count of bytes, connections or records the command prints goes through it.
     */
    static String plural(long n, String noun) {
        return n + (n == 1 ? " " + noun : " " + noun + "s");
    }

    /** Writes a count of bytes: {@code 1 byte}, {@code 5 bytes}. */
    static String bytes(long n) {
        return plural(n, "byte");
    }

    /** Formats {@code bytes} with a binary prefix: {@code 512 B}, {@code 1.5 KiB}, {@code 83.3 MiB}. */
    static String size(double bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < PREFIXES.length - 1) {
            value /= 1024;
            unit++;
        }
        if (!Double.isFinite(value)) {
            return String.format(Locale.ROOT, unit == 0 ? "%.0f B" : "%.1f %sB", value, PREFIXES[unit]);
        }
        return digits(value, unit == 0 ? 0 : 1) + (unit == 0 ? " B" : " " + PREFIXES[unit] + "B");
    }

    /**
     * Writes {@code value} (finite) with {@code scale} (0 or 1) decimals as %.0f and %.1f do: half up,
     * from the shortest decimal of the double. The sink formats a line per connection, so this avoids
     * a Formatter (which parses its pattern per call) and, unless the value is within a few ulps of a
     * tie, the shortest-decimal conversion too: away from a tie, rounding the double itself gives the
     * same digit.
     */
    private static String digits(double value, int scale) {
        double scaled = scale == 0 ? value : value * 10;
        double floor = Math.floor(scaled);
        double fraction = scaled - floor;
        if (value >= 0 && scaled < 1e15 && Math.abs(fraction - 0.5) > 8 * Math.ulp(scaled)) {
            long n = (long) floor + (fraction > 0.5 ? 1 : 0);
            return scale == 0 ? Long.toString(n) : n / 10 + "." + n % 10;
        }
        return new BigDecimal(Double.toString(value))
                .setScale(scale, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** Formats a rate: {@code 2.7 KiB/s}; {@code - B/s} when no time has passed. */
    static String rate(long bytes, long nanos) {
        return nanos <= 0 ? "- B/s" : size(bytesPerSecond(bytes, nanos)) + "/s";
    }

    /** Returns bytes per second, 0 when no time has passed. */
    static double bytesPerSecond(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }

    /** Formats nanoseconds as seconds with three decimals: {@code 0.004 s}. */
    static String seconds(long nanos) {
        return nanos < 0
                ? String.format(Locale.ROOT, "%.3f s", nanos / 1e9)
                : fixed((nanos + 500_000) / 1_000_000) + " s";
    }

    /** Writes {@code millis / 1000} with three decimals, for a non-negative {@code millis}. */
    private static String fixed(long millis) {
        String fraction = Long.toString(millis % 1000);
        return millis / 1000 + "." + "0".repeat(3 - fraction.length()) + fraction;
    }

    /**
     * Parses a size such as {@code 1048576}, {@code 64K}, {@code 10M}, {@code 1G} (binary multiples), as the fault
     * specs do ({@link ByteSizes#parse}).
     *
     * @throws IllegalArgumentException naming the text and what a size may be, or that it is too large
     */
    static long parseSize(String text) {
        return ByteSizes.parse(text);
    }
}
