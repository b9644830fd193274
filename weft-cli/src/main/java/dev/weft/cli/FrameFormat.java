package dev.weft.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The framings of {@code --frames}: Twisted's {@code LineReceiver} lines (CR LF, its default), {@code
 * Int8/16/32StringReceiver} length prefixes and netstrings. Frames one payload for {@code send} and
 * makes the {@link FrameCounter} of a {@code sink} connection.
 *
 * <p>Immutable; thread-safe.
 */
enum FrameFormat {
    LINES("lines", 0),
    INT8("int8", 1),
    INT16("int16", 2),
    INT32("int32", 4),
    NETSTRING("netstring", 0);

    final String key;
    final int prefixLength;

    /** The longest line {@code send --frames} frames: it holds one line in memory. */
    static final long MOST_HELD = 256L << 20;

    FrameFormat(String key, int prefixLength) {
        this.key = key;
        this.prefixLength = prefixLength;
    }

    /** Returns the longest payload this framing takes from {@code send}, which holds at most {@code mostHeld}. */
    long longestPayload(long mostHeld) {
        return prefixLength == 0 ? mostHeld : Math.min((1L << (8 * prefixLength)) - 1, mostHeld);
    }

    /** Returns the failure for a line of {@code length} bytes, longer than {@link #longestPayload(long)}. */
    CliFailure tooLong(long length, long mostHeld) {
        long prefixLimit = prefixLength == 0 ? Long.MAX_VALUE : (1L << (8 * prefixLength)) - 1;
        if (length > prefixLimit) {
            return CliFailure.runtime("a line of " + length + " bytes does not fit --frames " + key + " (at most "
                    + prefixLimit + " bytes); use a longer prefix, e.g. --frames int32");
        }
        return CliFailure.runtime("a line of " + length + " bytes is longer than send --frames holds (at most "
                + mostHeld + " bytes: it frames one line at a time in memory); cut the input into shorter lines,"
                + " or send it without --frames");
    }

    /** Returns the payload with this framing around it. */
    byte[] frame(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 12);
        switch (this) {
            case LINES -> {
                out.writeBytes(payload);
                out.write('\r');
                out.write('\n');
            }
            case NETSTRING -> {
                out.writeBytes((payload.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(payload);
                out.write(',');
            }
            default -> {
                if (payload.length > longestPayload(MOST_HELD)) {
                    throw tooLong(payload.length, MOST_HELD);
                }
                for (int i = prefixLength - 1; i >= 0; i--) {
                    out.write(payload.length >>> (8 * i));
                }
                out.writeBytes(payload);
            }
        }
        return out.toByteArray();
    }

    /** Parses {@code --frames} values: lines, int8, int16, int32, netstring. */
    static final class Converter implements ITypeConverter<FrameFormat> {
        @Override
        public FrameFormat convert(String value) {
            for (FrameFormat f : values()) {
                if (f.key.equals(value)) {
                    return f;
                }
            }
            throw new TypeConversionException(
                    "'" + value + "' is not a framing; use one of lines, int8, int16, int32, netstring");
        }
    }
}
