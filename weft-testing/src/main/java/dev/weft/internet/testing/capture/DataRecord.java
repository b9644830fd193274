package dev.weft.internet.testing.capture;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Records bytes that one side sent, one record per read, so the chunking is the network's. Equality compares the bytes'
 * contents.
 *
 * @param from the side that sent the bytes
 * @param bytes the bytes; the record keeps this array, so neither side may change it afterwards
 */
public record DataRecord(int connection, long micros, Side from, byte[] bytes) implements CaptureRecord {
    @Override
    public int type() {
        return DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataRecord d
                && d.connection == connection
                && d.micros == micros
                && d.from == from
                && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return ((Integer.hashCode(connection) * 31 + Long.hashCode(micros)) * 31 + from.hashCode()) * 31
                + Arrays.hashCode(bytes);
    }

    /** {@return e.g. {@code DataRecord[connection=1, micros=5, from=CLIENT, bytes=6869]}} */
    @Override
    public String toString() {
        return "DataRecord[connection=" + connection + ", micros=" + micros + ", from=" + from + ", bytes="
                + HexFormat.of().formatHex(bytes) + "]";
    }
}
