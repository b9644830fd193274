package dev.weft.internet.testing.capture;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Holds a record of a type this reader does not know, written by a later minor revision of the
 * format; readers skip it (its length is in the file) and {@code weft dump} mentions it.
 *
 * @param type the record's type code
 * @param connection the connection's id (every record type begins with it)
 * @param micros microseconds since the capture started (every record type has it after the id)
 * @param rest the rest of the record's body, undecoded
 */
public record UnknownRecord(int type, int connection, long micros, byte[] rest) implements CaptureRecord {
    /**
     * Compares all fields, the rest of the body by content.
     *
     * @param o the other object
     * @return {@code true} if {@code o} is an unknown record with equal fields and an equal body
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRecord u
                && u.type == type
                && u.connection == connection
                && u.micros == micros
                && Arrays.equals(u.rest, rest);
    }

    /**
     * Hashes all fields, the rest of the body by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return ((type * 31 + connection) * 31 + Long.hashCode(micros)) * 31 + Arrays.hashCode(rest);
    }

    /**
     * Describes the record with the rest of its body in hexadecimal.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "UnknownRecord[type=" + type + ", connection=" + connection + ", micros=" + micros + ", rest="
                + HexFormat.of().formatHex(rest) + "]";
    }
}
