package dev.weft.internet.testing.capture;

import java.util.Locale;

/** Finds where two byte sequences differ and shows both in hexadecimal around that point. Thread-safe. */
public final class ByteDiff {
    /** How many bytes before and after the difference {@link #window} shows. */
    public static final int CONTEXT = 16;

    private ByteDiff() {}

    /** Returns the offset of the first differing byte, the shorter length if one is a prefix, or -1 if equal. */
    public static int firstDifference(byte[] expected, byte[] actual) {
        int mismatch = java.util.Arrays.mismatch(expected, actual);
        return mismatch;
    }

    /**
     * Shows the bytes {@value #CONTEXT} either side of {@code offset} (up to {@code bytes.length}) as hex, the one at
     * {@code offset} in brackets, then as text: e.g. {@code @16: 48 54 [58] 50 |HT[X]P|}.
     */
    public static String window(byte[] bytes, int offset) {
        int from = Math.max(0, offset - CONTEXT);
        int to = Math.min(bytes.length, offset + CONTEXT + 1);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            String pair = String.format(Locale.ROOT, "%02x", b);
            char c = b >= 0x20 && b < 0x7F ? (char) b : '.';
            if (hex.length() > 0) {
                hex.append(' ');
            }
            if (i == offset) {
                hex.append('[').append(pair).append(']');
                text.append('[').append(c).append(']');
            } else {
                hex.append(pair);
                text.append(c);
            }
        }
        if (offset >= bytes.length) {
            hex.append(hex.length() > 0 ? " " : "").append("[end]");
            text.append("[end]");
        }
        return "@" + from + ": " + hex + " |" + text + "|";
    }

    /** Describes in one line where {@code actual} departs from {@code expected} ({@code differs at byte 7: ...}). */
    public static String summary(byte[] expected, byte[] actual) {
        int at = firstDifference(expected, actual);
        if (at < 0) {
            return "equal";
        }
        return "differs at byte " + at + ": expected " + describe(expected, at) + ", got " + describe(actual, at);
    }

    /** Describes a mismatch in three lines (the summary, then the {@link #window} of both sides), or {@code equal}. */
    public static String explain(byte[] expected, byte[] actual) {
        int at = firstDifference(expected, actual);
        if (at < 0) {
            return "equal";
        }
        return summary(expected, actual) + " (recorded " + bytes(expected.length) + ", got " + actual.length
                + ")\n  expected " + window(expected, at) + "\n  got      " + window(actual, at);
    }

    /** Writes a count of bytes, singular for one: {@code 1 byte}, {@code 0 bytes}. */
    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private static String describe(byte[] bytes, int at) {
        if (at >= bytes.length) {
            return "the end (" + bytes(bytes.length) + ")";
        }
        int b = bytes[at] & 0xFF;
        String text = b >= 0x20 && b < 0x7F ? " '" + (char) b + "'" : "";
        return String.format(Locale.ROOT, "0x%02x", b) + text;
    }
}
