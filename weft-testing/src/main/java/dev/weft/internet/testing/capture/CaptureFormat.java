package dev.weft.internet.testing.capture;

import java.nio.charset.StandardCharsets;

/** Holds the constants of the capture format that the reader and the writer share. */
final class CaptureFormat {
    /** The first eight bytes of every capture: 0x89, then {@code "WEFTCAP"} in ASCII. */
    static final byte[] MAGIC = {(byte) 0x89, 'W', 'E', 'F', 'T', 'C', 'A', 'P'};

    /** The version this code writes and the highest it reads. */
    static final int VERSION = 1;

    /** The length of the header fields after the magic, version and length: the start time. */
    static final int HEADER_REST = 8;

    /** The length of the prefix every record body begins with: connection id and time. */
    static final int PREFIX = 4 + 8;

    /** The largest record body a reader accepts and a writer writes: 64 MiB. */
    static final int MAX_BODY = 64 << 20;

    /** The longest string field, in UTF-8 bytes: strings are length-prefixed with an unsigned 16-bit count. */
    static final int MAX_STRING = 0xFFFF;

    private CaptureFormat() {}

    /** Encodes {@code s} as UTF-8, cut to at most {@link #MAX_STRING} bytes at a character boundary. */
    static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_STRING) {
            return bytes;
        }
        int end = MAX_STRING;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
