package dev.weft.cli;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option that may be 0 ({@code send --split-delay}) as seconds. Every duration option
 * of the command line is read by {@link #nanos(String, boolean)}, so all take one syntax: a decimal
 * number with an optional unit {@code ms}, {@code s}, {@code m} or {@code h}, in any case ({@code 30},
 * {@code 0.5}, {@code 500ms}, {@code 2m}, {@code 1h}); a bare number means seconds; at most a year (366
 * days). Only the lower bound differs: 0 here, more than 0 for timeouts ({@link SecondsConverter}).
 * Pure; thread-safe.
 */
final class DurationConverter implements ITypeConverter<Double> {
    /** The longest duration any option takes: a year of 366 days. */
    static final long MOST_NANOS = 366L * 24 * 3600 * 1_000_000_000L;

    @Override
    public Double convert(String value) {
        return parse(value);
    }

    /** Returns the seconds {@code value} gives, 0 allowed. */
    static double parse(String value) {
        return nanos(value, true) / 1e9;
    }

    /**
     * Reads a duration, in nanoseconds (a positive one that rounds to 0 is 1).
     *
     * @param zeroAllowed whether 0 is a duration the option takes; a negative one never is
     * @throws TypeConversionException naming the value, what is wrong and the accepted range
     */
    static long nanos(String value, boolean zeroAllowed) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1_000_000_000L;
        if (text.endsWith("ms")) {
            unit = 1_000_000L;
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            unit = 60_000_000_000L;
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("h")) {
            unit = 3600_000_000_000L;
            text = text.substring(0, text.length() - 1);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: give a number of seconds, like 30 or"
                    + " 0.5, or a number with ms, s, m or h, like 500ms or 2m");
        }
        if (number.signum() < 0 || (number.signum() == 0 && !zeroAllowed)) {
            throw new TypeConversionException("'" + value + "' is out of range: give "
                    + (zeroAllowed ? "0 or more" : "more than 0") + ", at most a year (366 days)");
        }
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(unit));
        if (nanos.compareTo(BigDecimal.valueOf(MOST_NANOS)) > 0) {
            throw new TypeConversionException("'" + value + "' is too long: at most a year (366 days)");
        }
        long whole = nanos.longValue();
        return number.signum() > 0 ? Math.max(1, whole) : 0;
    }
}
