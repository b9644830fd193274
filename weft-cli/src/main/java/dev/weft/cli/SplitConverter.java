package dev.weft.cli;

import dev.weft.internet.testing.Split;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code weft send --split}: {@code 1} (one byte per write), {@code N} (pieces of N bytes),
 * {@code at:K} (two pieces, cut before byte K) or {@code random:SEED} (the chunking harness's {@code
 * Split.random(SEED)}, so a split named by a failing test can be sent to a live server). Pure;
 * thread-safe.
 */
final class SplitConverter implements ITypeConverter<Split> {
    private static final Pattern SPLIT = Pattern.compile("Split\\.(at|every|random)\\((-?\\d+)L?\\)");

    @Override
    public Split convert(String value) {
        String text = value.strip();
        try {
            if (text.startsWith("at:")) {
                return Split.at(Integer.parseInt(text.substring(3)));
            }
            if (text.startsWith("random:")) {
                return Split.random(Long.parseLong(text.substring(7)));
            }
            return Split.every(Integer.parseInt(text));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a split; write 1 (one byte per write), N (pieces"
                    + " of N bytes), at:K (two pieces, cut at byte K) or random:SEED");
        }
    }

    /**
     * Returns how {@code --split} writes a split this converter makes ({@code Split.at(100)} is {@code at:100}),
     * from the Java expression its {@code toString} is; any other split as that expression.
     */
    static String text(Split split) {
        String expression = split.toString();
        Matcher m = SPLIT.matcher(expression);
        if (!m.matches()) {
            return expression;
        }
        return switch (m.group(1)) {
            case "at" -> "at:" + m.group(2);
            case "random" -> "random:" + m.group(2);
            default -> m.group(2);
        };
    }
}
