package dev.weft.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code --max-bytes} values: a byte count, or a number with K, M, G or T (binary multiples). */
final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Units.parseSize(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a size: give a number of bytes, optionally with K, M, G or T (1K = 1024)");
        }
    }
}
