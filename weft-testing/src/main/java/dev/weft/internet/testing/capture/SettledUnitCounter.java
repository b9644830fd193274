package dev.weft.internet.testing.capture;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts {@link ByteDiff#settledUnits} of a stream that arrives in pieces, in time linear in the stream: each piece is
 * scanned from a restart point near the end instead of the whole stream from its start. Not thread-safe.
 *
 * <p>After each piece the units before the restart point are kept as a count and the bytes before it are dropped but
 * for the last {@value #KEPT_BEFORE} (what a lookbehind, {@code ^} or {@code \b} tried after the point may read). The
 * restart point is the latest that (1) no match of any pattern straddles, so each pattern's scan resumed there finds
 * the same matches as a scan from the stream's start; (2) is not after a byte that may still start a match ({@link
 * ByteDiff#settledUnits}'s rule); and (3) is not after the start of a match that read to the end of the bytes (a match
 * that may still grow). As in {@link ByteDiff#settledUnits}, only what starts within the last {@value
 * ByteDiff#UNSETTLED_WINDOW} bytes counts as possibly unfinished: a match that goes on growing for more than that is
 * taken as ended there, and what extends it later is counted byte by byte (early).
 */
final class SettledUnitCounter {
    /** How many bytes before the restart point are kept for lookbehind and line starts. */
    static final int KEPT_BEFORE = 1024;

    private final List<Pattern> ignore;
    /** The kept bytes: stream offsets {@code base} to {@code base + length}. */
    private byte[] buf = new byte[512];

    private long base;
    private int length;
    /** The restart point (a stream offset), the units before it, and whether the byte before it is ignored. */
    private long restart;

    private long unitsBefore;
    private boolean runBefore;
    private long count;

    SettledUnitCounter(List<Pattern> ignore) {
        this.ignore = List.copyOf(ignore);
    }

    /** {@return the settled units of everything added so far} */
    long count() {
        return count;
    }

    /** {@return how many of the stream's bytes are kept: the restart point's context and what follows it} */
    int kept() {
        return length;
    }

    /** Adds the stream's next bytes and recounts. */
    void add(byte[] data) {
        add(data, 0, data.length);
    }

    /** Adds {@code n} bytes of {@code data} from {@code offset} and recounts. */
    void add(byte[] data, int offset, int n) {
        if (n == 0) {
            return;
        }
        if (ignore.isEmpty()) {
            count += n;
            return;
        }
        append(data, offset, n);
        rescan();
    }

    private void append(byte[] data, int offset, int n) {
        int keepFrom = (int) (Math.max(0, restart - KEPT_BEFORE) - base);
        if (keepFrom > 0 && keepFrom >= length / 2) { // drop what no later scan reads, amortized
            System.arraycopy(buf, keepFrom, buf, 0, length - keepFrom);
            length -= keepFrom;
            base += keepFrom;
        }
        if (length + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
        }
        System.arraycopy(data, offset, buf, length, n);
        length += n;
    }

    private void rescan() {
        int from = (int) (restart - base);
        int end = length;
        int window = Math.max(from, end - ByteDiff.UNSETTLED_WINDOW);
        CharSequence text = new Latin1(buf, end);
        boolean[] in = new boolean[end - from];
        int[][] matches = new int[ignore.size()][];
        int limit = end;
        for (int p = 0; p < ignore.size(); p++) {
            Matcher m = matcher(ignore.get(p), text, from, end);
            int[] found = new int[8];
            int k = 0;
            while (m.find()) {
                int s = m.start();
                int e = m.end();
                if (m.hitEnd() && s >= window && mayGrow(ignore.get(p), text, s, end)) {
                    limit = Math.min(limit, s); // a match that read to the end: more bytes may change it
                }
                if (e > s) {
                    Arrays.fill(in, s - from, e - from, true);
                    if (k + 2 > found.length) {
                        found = Arrays.copyOf(found, found.length * 2);
                    }
                    found[k++] = s;
                    found[k++] = e;
                }
            }
            matches[p] = Arrays.copyOf(found, k);
        }
        long units = 0;
        int unsettled = end;
        for (int i = from; i < end; i++) {
            if (!startsUnit(in, from, i)) {
                continue;
            }
            if (!in[i - from] && i >= window && ByteDiff.mayStartMatch(text, i, ignore)) {
                unsettled = i;
                break;
            }
            units++;
        }
        count = unitsBefore + units;
        int next = outsideMatches(matches, Math.min(limit, unsettled));
        for (int i = from; i < next; i++) {
            unitsBefore += startsUnit(in, from, i) ? 1 : 0;
        }
        if (next > from) {
            runBefore = in[next - 1 - from];
        }
        restart = base + next;
    }

    /** Tells whether the byte at {@code i} starts a unit: it is not ignored, or starts a run of ignored bytes. */
    private boolean startsUnit(boolean[] in, int from, int i) {
        if (!in[i - from]) {
            return true;
        }
        return !(i == from ? runBefore : in[i - 1 - from]);
    }

    /** Moves {@code at} back until no match straddles it: to the start of the match that does, repeatedly. */
    private static int outsideMatches(int[][] matches, int at) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int[] found : matches) {
                int j = straddling(found, at);
                if (j >= 0) {
                    at = found[j];
                    moved = true;
                }
            }
        }
        return at;
    }

    /**
     * Returns the index of the match in {@code found} (start, end pairs in order, not overlapping) with start
     * {@literal <} {@code at} {@literal <} end, or -1.
     */
    private static int straddling(int[] found, int at) {
        int lo = 0;
        int hi = found.length / 2 - 1;
        while (lo <= hi) { // the last match starting before at
            int mid = (lo + hi) >>> 1;
            if (found[2 * mid] < at) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && at < found[2 * hi + 1] ? 2 * hi : -1;
    }

    /** Tells whether the pattern tried at {@code at} reads to the end: more bytes may make its match longer. */
    private static boolean mayGrow(Pattern p, CharSequence text, int at, int end) {
        Matcher m = matcher(p, text, at, end);
        m.lookingAt();
        return m.hitEnd();
    }

    /** A matcher over {@code from..end} that sees the bytes around it (lookbehind, line starts) as in the stream. */
    static Matcher matcher(Pattern p, CharSequence text, int from, int end) {
        return p.matcher(text)
                .useTransparentBounds(true)
                .useAnchoringBounds(false)
                .region(from, end);
    }

    /** Bytes read as ISO-8859-1 chars, without a copy. */
    private record Latin1(byte[] bytes, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
