package dev.weft.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts {@code --max-bytes} values: a byte count, or a number with K, M, G or T (binary
 * multiples). A size that does not fit in a long (8 EiB) is called too large, not malformed.
 */
final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Units.parseSize(value);
        } catch (ArithmeticException e) {
            throw new TypeConversionException(
                    "'" + value + "' is too large: at most " + Long.MAX_VALUE + " bytes (8 EiB)");
        } catch (NumberFormatException e) {
            if (value.strip().matches("\\d+[KkMmGgTt]?")) {
                throw new TypeConversionException(
                        "'" + value + "' is too large: at most " + Long.MAX_VALUE + " bytes (8 EiB)");
            }
            throw new TypeConversionException(
                    "'" + value + "' is not a size: give a number of bytes, optionally with K, M, G or T (1K = 1024)");
        }
    }
}
