package dev.weft.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts {@code --max-bytes} values: a byte count, or a number with K, M, G or T (binary multiples), read as
 * the fault specs read theirs ({@link Units#parseSize}). A size that does not fit in a long (8 EiB) is called too
 * large, not malformed.
 */
final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Units.parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
