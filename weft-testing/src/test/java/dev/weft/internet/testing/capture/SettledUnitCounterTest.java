package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The incremental count of settled units equals {@link ByteDiff#settledUnits} (the oracle) over every prefix the
 * pieces make, whatever the cuts.
 */
final class SettledUnitCounterTest {
    private static final Pattern HOST = Pattern.compile("(?m)^Host: .*$");
    private static final Pattern DATE = Pattern.compile("(?m)^Date: .*$");
    /** Overlaps the header patterns (digits in a Host line) and grows at the end. */
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** Adjacent to the header patterns' matches: a header's run and its line end merge into one run. */
    private static final Pattern CRLF = Pattern.compile("\r\n");

    private static final List<List<Pattern>> PATTERN_SETS =
            List.of(List.of(HOST), List.of(HOST, DATE), List.of(DATE, DIGITS, HOST), List.of(HOST, CRLF, DATE));

    /** Bytes that make partial headers, line ends (ISO-8859-1's NEL too), digits and anything else. */
    private static final byte[] ALPHABET = "HostDae: 0123\r\n\u0085x".getBytes(ISO_8859_1);

    @Property(tries = 1000)
    void theCountAfterEveryPieceIsTheOraclesOverThePrefix(
            @ForAll("streams") byte[] stream, @ForAll("cuts") List<Integer> cuts, @ForAll("patternSets") int set) {
        List<Pattern> ignore = PATTERN_SETS.get(set);
        TreeSet<Integer> at = new TreeSet<>();
        for (int c : cuts) {
            at.add(Math.floorMod(c, stream.length + 1));
        }
        at.add(stream.length);
        assertCountsMatch(stream, new ArrayList<>(at), ignore);
    }

    @Test
    void oneByteAtATimeAndEveryCutInTwoOfAnHttpRequest() {
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:33837\r\nDate: Mon, 07 Dec 2026 18:00:00 GMT\r\n"
                        + "Accept: */*\r\nHost: 1\r\n\r\n")
                .getBytes(ISO_8859_1);
        for (List<Pattern> ignore : PATTERN_SETS) {
            List<Integer> everyByte = new ArrayList<>();
            for (int i = 1; i <= request.length; i++) {
                everyByte.add(i);
            }
            assertCountsMatch(request, everyByte, ignore);
            for (int cut = 0; cut <= request.length; cut++) {
                assertCountsMatch(request, List.of(cut, request.length), ignore);
            }
        }
    }

    @Test
    void aMatchThatMayGrowInsideAnotherPatternsMatchRescansFromThatMatchsStart() {
        // "a(cd)?" matches the second 'a' of "aba" and read to the end for "cd"; "aba" matches around it. Resumed
        // inside "aba", its scan would find "aba" again at offset 2 once "ba" comes: a run the whole scan has not.
        List<Pattern> ignore = List.of(Pattern.compile("aba"), Pattern.compile("a(cd)?"));
        byte[] stream = "ababa".getBytes(ISO_8859_1);
        assertCountsMatch(stream, List.of(3, 5), ignore);
        assertThat(ByteDiff.settledUnits(stream, ignore)).isEqualTo(3);
    }

    @Test
    void aLongStreamIsCountedWithTheBytesBeforeTheRestartPointDropped() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            stream.writeBytes(("GET /" + i + " HTTP/1.1\r\nHost: h:" + i + "\r\n\r\n").getBytes(ISO_8859_1));
        }
        byte[] bytes = stream.toByteArray();
        List<Pattern> ignore = List.of(HOST);
        SettledUnitCounter counter = new SettledUnitCounter(ignore);
        for (int i = 0; i < bytes.length; i += 997) {
            counter.add(bytes, i, Math.min(997, bytes.length - i));
        }
        assertThat(counter.count()).isEqualTo(ByteDiff.settledUnits(bytes, ignore));
        assertThat(counter.kept()).isLessThan(4 * SettledUnitCounter.KEPT_BEFORE); // not the whole stream
        assertThat(counter.count()).isEqualTo(bytes.length - 2000 * ("Host: h:".length() - 1) - sumOfDigitCounts());
    }

    /** Each Host run counts one: the request's bytes less what its runs hold beyond one each. */
    private static long sumOfDigitCounts() {
        long digits = 0;
        for (int i = 0; i < 2000; i++) {
            digits += String.valueOf(i).length();
        }
        return digits;
    }

    /** Feeds {@code stream} cut at the ascending offsets {@code ends} and checks the count after each piece. */
    private static void assertCountsMatch(byte[] stream, List<Integer> ends, List<Pattern> ignore) {
        SettledUnitCounter counter = new SettledUnitCounter(ignore);
        int done = 0;
        for (int end : ends) {
            counter.add(stream, done, end - done);
            done = end;
            byte[] prefix = Arrays.copyOf(stream, end);
            assertThat(counter.count())
                    .as("after %d bytes %s under %s", end, printable(prefix), ignore)
                    .isEqualTo(ByteDiff.settledUnits(prefix, ignore));
        }
    }

    private static String printable(byte[] bytes) {
        return "'" + new String(bytes, ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> filler = Arbitraries.oneOf(
                        Arbitraries.of(
                                ALPHABET[0],
                                ALPHABET[1],
                                ALPHABET[2],
                                ALPHABET[3],
                                ALPHABET[4],
                                ALPHABET[5],
                                ALPHABET[6],
                                ALPHABET[7],
                                ALPHABET[8],
                                ALPHABET[9],
                                ALPHABET[10],
                                ALPHABET[11],
                                ALPHABET[12],
                                ALPHABET[13],
                                ALPHABET[14],
                                ALPHABET[15]),
                        Arbitraries.bytes())
                .array(byte[].class)
                .ofMaxSize(60);
        Arbitrary<byte[]> header = Arbitraries.of("Host: ", "Date: ", "Hos", "Host:", "Date")
                .flatMap(name -> filler.map(value -> concat(("\r\n" + name).getBytes(ISO_8859_1), value, crlf())));
        return Arbitraries.oneOf(filler, header).list().ofMaxSize(12).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < parts.size(); i++) {
                out.writeBytes(parts.get(i));
                if (i % 2 == 1) {
                    out.writeBytes(crlf()); // no line outgrows the window
                }
            }
            return out.toByteArray();
        });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Integer> patternSets() {
        return Arbitraries.integers().between(0, PATTERN_SETS.size() - 1);
    }

    private static byte[] crlf() {
        return new byte[] {'\r', '\n'};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
