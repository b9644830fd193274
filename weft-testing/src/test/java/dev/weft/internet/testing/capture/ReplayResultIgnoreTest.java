package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Comparing a replay's bytes with what regular expressions match ignored, and what has come so far. */
final class ReplayResultIgnoreTest {
    private static final Pattern HOST_DATE = Pattern.compile("(?m)^(Host|Date): .*$");

    private static final String RECORDED =
            "GET /a HTTP/1.1\r\nHost: 127.0.0.1:33837\r\nDate: Mon, 07 Dec 2026 17:00:00 GMT\r\nAccept: */*\r\n\r\n";
    /** The same request from a client on another port (one digit fewer) at another time. */
    private static final String SAME =
            "GET /a HTTP/1.1\r\nHost: 127.0.0.1:4687\r\nDate: Tue, 8 Dec 2026 09:10:11 GMT\r\nAccept: */*\r\n\r\n";

    private static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }

    /** A result as a live replay to a client gives it: the client's bytes compared, the recorded client closed. */
    private static ReplayResult result(String expected, String actual, boolean ended) {
        return new ReplayResult(1, Side.CLIENT, bytes(expected), bytes(actual), ended, ended, "closed");
    }

    @Test
    void withoutIgnoringTheFirstDifferenceIsInTheHostHeader() {
        ReplayResult r = result(RECORDED, SAME, true);
        assertThat(r.matches()).isFalse();
        assertThat(r.mismatchOffset()).isEqualTo(33); // the port's first digit
        assertThat(r.describe()).contains("differs at byte 33: expected 0x33 '3', got 0x34 '4'");
    }

    @Test
    void whatThePatternsMatchIsIgnoredOnBothSidesWhateverItsLength() {
        ReplayResult r = result(RECORDED, SAME, true).ignoring(HOST_DATE);
        assertThat(r.difference()).isNull();
        assertThat(r.mismatchOffset()).isEqualTo(-1);
        r.assertMatches();
        assertThat(r.describe())
                .isEqualTo("connection #1, replayed to a client: c>s matches the recording (92 bytes; ignoring 2"
                        + " recorded and 2 received runs matching (?m)^(Host|Date): .*$)");
        assertThat(r.ignored()).containsExactly(HOST_DATE);
    }

    @Test
    void aDifferenceAfterARunOfAnotherLengthNamesTheOffsetIntoEachSide() {
        String other = SAME.replace("Accept: */*", "Accept: text/html");
        ReplayResult r = result(RECORDED, other, true).ignoring(HOST_DATE);
        int expectedAt = RECORDED.indexOf("*/*");
        int actualAt = other.indexOf("text/html");
        assertThat(r.difference()).isEqualTo(new ByteDiff.Difference(expectedAt, actualAt));
        assertThat(expectedAt - actualAt).isEqualTo(2); // one port digit, one day digit fewer
        assertThat(r.mismatchOffset()).isEqualTo(expectedAt);
        assertThatThrownBy(r::assertMatches)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("connection #1, replayed to a client: c>s differs at byte " + expectedAt
                        + " (byte " + actualAt + " of what came): expected 0x2a '*', got 0x74 't' (recorded 92 bytes,"
                        + " got 96)\n  expected @" + (expectedAt - 16) + ": ")
                .hasMessageContaining("[2a]")
                .hasMessageContaining("\n  got      @" + (actualAt - 16) + ": ")
                .hasMessageContaining("|11 GMT..Accept: [t]ext/html....|")
                .hasMessageEndingWith("\n  ignoring 2 recorded and 2 received runs matching (?m)^(Host|Date): .*$");
    }

    @Test
    void aRunFacingABytesIsADifferenceQuotingTheRun() {
        String noDate = SAME.replaceFirst("Date: [^\r]*\r\n", "");
        ReplayResult r = result(RECORDED, noDate, true).ignoring(HOST_DATE);
        int at = RECORDED.indexOf("Date");
        assertThat(r.difference()).isEqualTo(new ByteDiff.Difference(at, noDate.indexOf("Accept")));
        assertThat(r.describe()).contains(": expected ignored 'Date: Mon, 07 Dec 2026 1...' (35 bytes), got 0x41 'A'");
    }

    @Test
    void overlappingAndAdjacentMatchesOfSeveralPatternsFormOneRun() {
        ReplayResult r = result("id=123-77;", "id=4567-8;", true)
                .ignoring(Pattern.compile("\\d"))
                .ignoring(Pattern.compile("\\d-\\d"));
        assertThat(r.matches()).isTrue();
        assertThat(r.describe()).contains("ignoring 1 recorded and 1 received runs matching \\d or \\d-\\d");
        assertThat(result("id=12;", "id=1;2;", true)
                        .ignoring(Pattern.compile("\\d"))
                        .difference())
                .isEqualTo(new ByteDiff.Difference(6, 5)); // the end against the second ';'
    }

    @Test
    void emptyMatchesAreIgnoredAndEveryByteIsOneChar() {
        assertThat(result("abc", "abd", true).ignoring(Pattern.compile("x*")).mismatchOffset())
                .isEqualTo(2);
        byte[] expected = {'v', '=', (byte) 0xE9, (byte) 0xFF, '\n'};
        byte[] actual = {'v', '=', (byte) 0x80, '\n'};
        ReplayResult r = new ReplayResult(1, Side.CLIENT, expected, actual, true, true, "closed")
                .ignoring(Pattern.compile("[\\x80-\\xff]+"));
        assertThat(r.matches()).isTrue();
    }

    @Test
    void aMatchingBeginningMatchesSoFarWhereverTheBytesStop() {
        byte[] same = bytes(SAME);
        for (int n = 0; n <= same.length; n++) {
            ReplayResult r = result(RECORDED, new String(Arrays.copyOf(same, n), ISO_8859_1), false)
                    .ignoring(HOST_DATE);
            assertThat(r.matchesSoFar()).as("the first %d bytes", n).isTrue();
            r.assertMatchesSoFar();
            assertThat(r.matches()).isFalse(); // the client has not ended its side
        }
    }

    @Test
    void aDifferingBeginningFailsSoFarAtTheSameOffsetWhereverTheBytesStopAfterIt() {
        String other = SAME.replace("/a", "/b");
        byte[] bytes = bytes(other);
        int at = other.indexOf("/b") + 1;
        for (int n = 0; n <= bytes.length; n++) {
            ReplayResult r = result(RECORDED, new String(Arrays.copyOf(bytes, n), ISO_8859_1), false)
                    .ignoring(HOST_DATE);
            assertThat(r.matchesSoFar()).as("the first %d bytes", n).isEqualTo(n <= at);
            if (n > at) {
                assertThat(r.difference()).isEqualTo(new ByteDiff.Difference(at, at));
                assertThatThrownBy(r::assertMatchesSoFar)
                        .hasMessageContaining("differs at byte " + at + ": expected 0x61 'a', got 0x62 'b'");
            }
        }
        // Without the pattern, the Host line's port differs as soon as it has come.
        ReplayResult strict = result(RECORDED, SAME.substring(0, 34), false);
        assertThat(strict.matchesSoFar()).isFalse();
        assertThat(result(RECORDED, SAME.substring(0, 33), false).matchesSoFar())
                .isTrue();
    }

    @Test
    void settledUnitsLeaveOutABeginningThatMoreBytesMayTurnIntoARun() {
        List<Pattern> ignore = List.of(HOST_DATE);
        assertThat(ByteDiff.settledUnits(bytes("GET\r\nHos"), ignore)).isEqualTo(5);
        assertThat(ByteDiff.settledUnits(bytes("GET\r\nHost:"), ignore)).isEqualTo(5);
        assertThat(ByteDiff.settledUnits(bytes("GET\r\nHost: 1"), ignore)).isEqualTo(6);
        assertThat(ByteDiff.settledUnits(bytes("GET\r\nHost: 1\r\n"), ignore)).isEqualTo(8);
        assertThat(ByteDiff.settledUnits(bytes("GET\r\nHx"), ignore)).isEqualTo(7);
        assertThat(ByteDiff.units(bytes("GET\r\nHos"), ignore)).isEqualTo(8);
        assertThat(ByteDiff.settledUnits(bytes("GET\r\nHos"), List.of())).isEqualTo(8);
    }
}
