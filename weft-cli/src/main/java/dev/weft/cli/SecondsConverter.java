package dev.weft.cli;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts durations such as {@code 30}, {@code 0.5}, {@code 2s}, {@code 500ms} or {@code 5m} to
 * nanoseconds, for {@code --timeout}, {@code --idle-timeout} and {@code --connect-timeout}. A negative, zero-length or
 * absurdly long (over a year) duration is refused, never reinterpreted. Thread-safe.
 */
final class SecondsConverter implements ITypeConverter<Long> {
    private static final long MAX_NANOS = 366L * 24 * 3600 * 1_000_000_000L;

    @Override
    public Long convert(String value) {
        String t = value.strip();
        long unit = 1_000_000_000L;
        if (t.endsWith("ms")) {
            unit = 1_000_000L;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000_000_000L;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3600_000_000_000L;
            t = t.substring(0, t.length() - 1);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: give seconds, like 30 or 0.5,"
                    + " or a number with ms, s, m or h");
        }
        if (number.signum() <= 0) {
            throw new TypeConversionException("'" + value + "' must be more than 0");
        }
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(unit));
        if (nanos.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
            throw new TypeConversionException("'" + value + "' is too long: at most a year");
        }
        return Math.max(1, nanos.longValue());
    }
}
