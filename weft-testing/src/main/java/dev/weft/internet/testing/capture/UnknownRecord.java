package dev.weft.internet.testing.capture;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record of a type this reader does not know, from a later minor revision of the format, its body's {@code rest}
 * undecoded; equality compares it by content.
 */
public record UnknownRecord(int type, int connection, long micros, byte[] rest) implements CaptureRecord {
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
