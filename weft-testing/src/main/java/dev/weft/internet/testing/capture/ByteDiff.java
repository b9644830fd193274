package dev.weft.internet.testing.capture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds where two byte sequences differ and shows both in hexadecimal around that point, optionally ignoring what
 * regular expressions match. Thread-safe.
 *
 * <p>With patterns to ignore, each side is read as ISO-8859-1 (one char per byte) and every byte inside a match of any
 * pattern is ignored; each run of ignored bytes then counts as one placeholder that equals any other placeholder,
 * whatever the lengths of the two runs. So {@code Date: Mon, 07 Dec} matches {@code Date: Tue, 8 Dec} under {@code
 * (?m)^Date: .*$}, and the bytes after it are compared in order even where the two runs differ in length. Empty matches
 * are ignored. A difference is given as an offset into each side's real bytes.
 */
public final class ByteDiff {
    /** How many bytes before and after the difference {@link #window} shows. */
    public static final int CONTEXT = 16;

    /** How far back from the end {@link #settledUnits} looks for a match that more bytes could still make. */
    public static final int UNSETTLED_WINDOW = 256;

    /** How many chars of an ignored run a description quotes. */
    private static final int QUOTED = 24;

    /**
     * Where two sequences first differ: an offset into each side's real bytes, the two equal unless ignored runs of
     * different lengths came before; an offset equals its side's length where that side ended first.
     * @param expectedOffset the offset into the expected bytes
     * @param actualOffset the offset into the actual bytes
     */
    public record Difference(int expectedOffset, int actualOffset) {}

    /**
     * One side cut into units: a byte, or a run of ignored bytes. Unit {@code i} starts at {@code start[i]} and ends
     * before {@code start[i + 1]} ({@code start[count]} is the length); {@code ignored[i]} tells a run.
     */
    private record Units(byte[] bytes, int[] start, boolean[] ignored, int count) {
        static Units of(byte[] bytes, List<Pattern> ignore) {
            boolean[] inMatch = ignoredBytes(bytes, ignore);
            int[] start = new int[bytes.length + 1];
            boolean[] ignored = new boolean[bytes.length + 1];
            int count = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (!inMatch[i] || i == 0 || !inMatch[i - 1]) {
                    start[count] = i;
                    ignored[count] = inMatch[i];
                    count++;
                }
            }
            start[count] = bytes.length;
            return new Units(bytes, start, ignored, count);
        }

        boolean sameUnit(Units other, int i) {
            if (ignored[i] || other.ignored[i]) {
                return ignored[i] && other.ignored[i];
            }
            return bytes[start[i]] == other.bytes[other.start[i]];
        }
    }

    private ByteDiff() {}

    /** Returns the offset of the first differing byte, the shorter length if one is a prefix, or -1 if equal. */
    public static int firstDifference(byte[] expected, byte[] actual) {
        return java.util.Arrays.mismatch(expected, actual);
    }

    /**
     * Returns where the two sides first differ outside what {@code ignore} matches (see the class comment), or null
     * when they are equal but for ignored runs.
     */
    public static @Nullable Difference firstDifference(byte[] expected, byte[] actual, List<Pattern> ignore) {
        if (ignore.isEmpty()) {
            int at = firstDifference(expected, actual);
            return at < 0 ? null : new Difference(at, at);
        }
        Units e = Units.of(expected, ignore);
        Units a = Units.of(actual, ignore);
        int shorter = Math.min(e.count, a.count);
        for (int i = 0; i < shorter; i++) {
            if (!e.sameUnit(a, i)) {
                return new Difference(e.start[i], a.start[i]);
            }
        }
        return e.count == a.count ? null : new Difference(e.start[shorter], a.start[shorter]);
    }

    /** Returns how many units {@code bytes} holds: a byte each, and one for each run of ignored bytes. */
    public static int units(byte[] bytes, List<Pattern> ignore) {
        return ignore.isEmpty() ? bytes.length : Units.of(bytes, ignore).count;
    }

    /**
     * Returns how many units {@code bytes} holds that more bytes coming after them cannot change: the {@link #units}
     * before the first byte (within the last {@value #UNSETTLED_WINDOW}) at which a pattern could still match once
     * more bytes come. {@code Hos} at a line's start is not yet three bytes under {@code (?m)^Host: .*$}: it may be the
     * start of one ignored run. A count of a stream's beginning, for pacing. Only the last {@value #UNSETTLED_WINDOW}
     * bytes are taken as possibly unfinished: what starts before them counts as it is now. This scans all of {@code
     * bytes}; a live replay counts the same incrementally as bytes arrive.
     */
    public static int settledUnits(byte[] bytes, List<Pattern> ignore) {
        if (ignore.isEmpty()) {
            return bytes.length;
        }
        Units u = Units.of(bytes, ignore);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int from = Math.max(0, bytes.length - UNSETTLED_WINDOW);
        for (int i = 0; i < u.count; i++) {
            if (u.start[i] >= from && !u.ignored[i] && mayStartMatch(text, u.start[i], ignore)) {
                return i;
            }
        }
        return u.count;
    }

    /** Tells whether a pattern tried at {@code at} reads to the end of {@code text}: more text could make a match. */
    static boolean mayStartMatch(CharSequence text, int at, List<Pattern> ignore) {
        for (Pattern p : ignore) {
            Matcher m = SettledUnitCounter.matcher(p, text, at, text.length());
            m.lookingAt();
            if (m.hitEnd()) {
                return true;
            }
        }
        return false;
    }

    /** Returns how many runs of ignored bytes {@code bytes} holds. */
    public static int ignoredRuns(byte[] bytes, List<Pattern> ignore) {
        if (ignore.isEmpty()) {
            return 0;
        }
        boolean[] in = ignoredBytes(bytes, ignore); // not the units: they cost four times as much
        int runs = 0;
        for (int i = 0; i < in.length; i++) {
            runs += in[i] && (i == 0 || !in[i - 1]) ? 1 : 0;
        }
        return runs;
    }

    /** Tells which bytes lie inside a non-empty match of one of the patterns, the bytes read as ISO-8859-1. */
    private static boolean[] ignoredBytes(byte[] bytes, List<Pattern> ignore) {
        boolean[] in = new boolean[bytes.length];
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (Pattern p : ignore) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                for (int i = m.start(); i < m.end(); i++) {
                    in[i] = true;
                }
            }
        }
        return in;
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
        return summary(expected, actual, List.of());
    }

    /**
     * Describes in one line where {@code actual} departs from {@code expected} outside what {@code ignore} matches,
     * e.g. {@code differs at byte 90 (byte 91 of what came): expected 0x0d, got 0x58 'X'}, or {@code equal}. A side
     * that stops short says so: {@code got no more bytes (only 6 bytes came)}, {@code got nothing}, {@code expected no
     * more bytes (6 bytes were recorded)}.
     */
    public static String summary(byte[] expected, byte[] actual, List<Pattern> ignore) {
        Difference d = firstDifference(expected, actual, ignore);
        if (d == null) {
            return "equal";
        }
        int e = d.expectedOffset();
        int a = d.actualOffset();
        String wanted = e < expected.length
                ? describe(expected, e, ignore)
                : expected.length == 0
                        ? "nothing"
                        : "no more bytes (" + bytes(expected.length) + (expected.length == 1 ? " was" : " were")
                                + " recorded)";
        String came = a < actual.length
                ? describe(actual, a, ignore)
                : actual.length == 0 ? "nothing" : "no more bytes (only " + bytes(actual.length) + " came)";
        return "differs at byte " + e + (a == e ? "" : " (byte " + a + " of what came)") + ": expected " + wanted
                + ", got " + came;
    }

    /** Describes a mismatch in three lines (the summary, then the {@link #window} of both sides), or {@code equal}. */
    public static String explain(byte[] expected, byte[] actual) {
        return explain(expected, actual, List.of());
    }

    /**
     * Describes a mismatch outside what {@code ignore} matches in three lines: the summary with both lengths, then the
     * {@link #window} of each side around its own offset; or {@code equal}.
     */
    public static String explain(byte[] expected, byte[] actual, List<Pattern> ignore) {
        Difference d = firstDifference(expected, actual, ignore);
        if (d == null) {
            return "equal";
        }
        return summary(expected, actual, ignore) + " (recorded " + bytes(expected.length) + ", got " + actual.length
                + ")" + windows(expected, actual, d);
    }

    /** The two {@link #window} lines of a difference, each starting with a newline and an indent. */
    public static String windows(byte[] expected, byte[] actual, Difference d) {
        return "\n  expected " + window(expected, d.expectedOffset()) + "\n  got      "
                + window(actual, d.actualOffset());
    }

    /** Writes a count of bytes, singular for one: {@code 1 byte}, {@code 0 bytes}. */
    /** {@return "1 byte" or "n bytes"} */
    static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private static String describe(byte[] bytes, int at, List<Pattern> ignore) {
        if (!ignore.isEmpty()) {
            Units u = Units.of(bytes, ignore);
            for (int i = 0; i < u.count; i++) {
                if (u.start[i] == at && u.ignored[i]) {
                    int length = u.start[i + 1] - at;
                    String run = new String(bytes, at, Math.min(length, QUOTED), StandardCharsets.ISO_8859_1);
                    return "ignored '" + printable(run) + (length > QUOTED ? "...'" : "'") + " (" + bytes(length) + ")";
                }
            }
        }
        int b = bytes[at] & 0xFF;
        String text = b >= 0x20 && b < 0x7F ? " '" + (char) b + "'" : "";
        return String.format(Locale.ROOT, "0x%02x", b) + text;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return out.toString();
    }
}
