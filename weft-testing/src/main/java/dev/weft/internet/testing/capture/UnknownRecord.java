package dev.weft.internet.testing.capture;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record of a type this reader does not know, from a later minor revision of the format, its body's {@code rest}
 * undecoded; equality compares it by content. The record keeps {@code rest}: neither side may change it. Its type is
 * one byte and not one of the known types (1 to 6), or the constructor throws {@link IllegalArgumentException}.
 */
public record UnknownRecord(int type, int connection, long micros, byte[] rest) implements CaptureRecord {
    /**
     * Checks that {@code type} fits the format's one byte and is not one of the known types.
     *
     * @throws IllegalArgumentException if {@code type} is not 0 to 255 or is 1 to 6
     */
    public UnknownRecord {
        if (type < 0 || type > 0xFF || (type >= OPEN && type <= FAULT)) {
            throw new IllegalArgumentException(
                    "an unknown record's type is one byte and not a known type (1 to 6), not " + type
                            + "; write a known record as its own class (DataRecord, CloseRecord, ...)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRecord u
                && u.type == type
                && u.connection == connection
                && u.micros == micros
                && Arrays.equals(u.rest, rest);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + connection) * 31 + Long.hashCode(micros)) * 31 + Arrays.hashCode(rest);
    }

    @Override
    public String toString() {
        return "UnknownRecord[type=" + type + ", connection=" + connection + ", micros=" + micros + ", rest="
                + HexFormat.of().formatHex(rest) + "]";
    }
}
