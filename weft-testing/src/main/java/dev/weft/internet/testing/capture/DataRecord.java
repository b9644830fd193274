package dev.weft.internet.testing.capture;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Records bytes that one side sent, exactly as the tap received them (one record per read, so the
 * chunking is the network's). Equality compares the bytes' contents.
 *
 * @param connection the connection's id
 * @param micros microseconds since the capture started
 * @param from the side that sent the bytes
 * @param bytes the bytes; the record keeps this array, so neither side may change it afterwards
 */
public record DataRecord(int connection, long micros, Side from, byte[] bytes) implements CaptureRecord {
    /**
     * Returns {@link CaptureRecord#DATA}.
     *
     * @return the type code 3
     */
    @Override
    public int type() {
        return DATA;
    }

    /**
     * Compares all fields, the bytes by content.
     *
     * @param o the other object
     * @return {@code true} if {@code o} is a data record with equal fields and equal bytes
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DataRecord d
                && d.connection == connection
                && d.micros == micros
                && d.from == from
                && Arrays.equals(d.bytes, bytes);
    }

    /**
     * Hashes all fields, the bytes by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return ((Integer.hashCode(connection) * 31 + Long.hashCode(micros)) * 31 + from.hashCode()) * 31
                + Arrays.hashCode(bytes);
    }

    /**
     * Describes the record with its bytes in hexadecimal.
     *
     * @return for example {@code DataRecord[connection=1, micros=5, from=CLIENT, bytes=6869]}
     */
    @Override
    public String toString() {
        return "DataRecord[connection=" + connection + ", micros=" + micros + ", from=" + from + ", bytes="
                + HexFormat.of().formatHex(bytes) + "]";
    }
}
