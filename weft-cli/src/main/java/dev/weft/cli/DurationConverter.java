package dev.weft.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option: a number with the unit {@code ms} or {@code s} ({@code 2ms}, {@code 0.5s},
 * {@code 10s}); a bare number means seconds; at most a year. Returns seconds. Pure; thread-safe.
 */
final class DurationConverter implements ITypeConverter<Double> {
    private static final double MOST_SECONDS = 366.0 * 24 * 3600;

    @Override
    public Double convert(String value) {
        return parse(value);
    }

    static double parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        double scale = 1;
        if (text.endsWith("ms")) {
            scale = 1e-3;
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            double seconds = Double.parseDouble(text.strip()) * scale;
            if (!Double.isFinite(seconds) || seconds < 0) {
                throw new NumberFormatException();
            }
            if (seconds > MOST_SECONDS) {
                throw new TypeConversionException("'" + value + "' is too long: at most a year");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration; write a number of seconds or milliseconds, like 0.5s or 2ms");
        }
    }
}
