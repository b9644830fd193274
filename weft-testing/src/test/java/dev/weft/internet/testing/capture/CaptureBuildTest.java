package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A capture built with the constructor holds what a read one holds: it refuses what the reader refuses in a file, with
 * the reader's words, naming the record by its number; what it takes writes and reads back equal.
 */
final class CaptureBuildTest {
    private static final OpenRecord OPEN = new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:9");
    private static final String ADVICE = "; give a capture's records in an order a recording makes (see Capture)";

    @Test
    void aWholeConversationIsTakenAndReadsBackEqual() throws IOException {
        Capture built = new Capture(7, CaptureFileTest.conversation());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        built.write(out);

        assertThat(Capture.read(new ByteArrayInputStream(out.toByteArray())).records())
                .isEqualTo(CaptureFileTest.conversation());
    }

    @Test
    void aRecordOfAConnectionNeverOpenedIsRefused() {
        assertRefused(
                List.of(new DataRecord(1, 5, Side.CLIENT, bytes("hi"))),
                "record 1 of 1: it is a data record of connection #1, which no open record began before it");
    }

    @Test
    void aConnectionOpenedTwiceIsRefused() {
        assertRefused(
                List.of(OPEN, new OpenRecord(1, 3, "a", "b", "c")),
                "record 2 of 2: it opens connection #1 a second time, but each connection is opened once (were two"
                        + " captures joined?)");
    }

    @Test
    void aTimeBeforeItsConnectionsPreviousRecordIsRefused() {
        assertRefused(
                List.of(
                        OPEN,
                        new DataRecord(1, 9, Side.CLIENT, bytes("a")),
                        new DataRecord(1, 8, Side.CLIENT, bytes("b"))),
                "record 3 of 3: its time, 8 µs, is before that of connection #1's previous record, 9 µs, but times"
                        + " never decrease");
    }

    @Test
    void anIdBelowOneAndANegativeTimeAreRefused() {
        assertRefused(
                List.of(new OpenRecord(0, 0, "a", "b", "c")), "record 1 of 1: its connection id, 0, is not 1 or more");
        assertRefused(List.of(OPEN, new FaultRecord(1, -1, "f", "e")), "record 2 of 2: its time, -1 µs, is negative");
        assertRefused(
                List.of(new UnknownRecord(9, -4, 0, new byte[0])),
                "record 1 of 1: its connection id, -4, is not 1 or more");
    }

    @Test
    void dataAfterItsLegsCloseIsRefused() {
        assertRefused(
                List.of(OPEN, close(Side.CLIENT, 5), new DataRecord(1, 6, Side.CLIENT, bytes("late"))),
                "record 3 of 3: it is data from the client of connection #1 after that leg's close");
    }

    @Test
    void aSecondCloseOfALegIsRefused() {
        assertRefused(
                List.of(OPEN, close(Side.SERVER, 5), close(Side.CLIENT, 6), close(Side.SERVER, 7)),
                "record 4 of 4: it is a second close of the server leg of connection #1, after that leg's close, but"
                        + " each leg closes once");
    }

    @Test
    void dataOrASecondHalfCloseAfterASidesHalfCloseIsRefused() {
        assertRefused(
                List.of(
                        OPEN,
                        new HalfCloseRecord(1, 5, Side.CLIENT),
                        new DataRecord(1, 6, Side.SERVER, bytes("answer")),
                        new DataRecord(1, 7, Side.CLIENT, bytes("more"))),
                "record 4 of 4: it is data from the client of connection #1 after that side's half-close, but a side"
                        + " sends nothing after its FIN");
        assertRefused(
                List.of(OPEN, new HalfCloseRecord(1, 5, Side.SERVER), new HalfCloseRecord(1, 5, Side.SERVER)),
                "record 3 of 3: it is a second half-close of the server of connection #1 after that side's half-close,"
                        + " but a side sends nothing after its FIN");
    }

    /** The first wrong record is named, whatever follows; the other connection's records do not matter. */
    @Test
    void theFirstWrongRecordIsNamed() {
        List<CaptureRecord> records = new ArrayList<>(CaptureFileTest.conversation());
        records.add(new DataRecord(2, 905, Side.CLIENT, bytes("late")));
        records.add(new OpenRecord(1, 906, "a", "b", "c"));
        assertRefused(records, "record 12 of 13: it is data from the client of connection #2 after that leg's close");
    }

    /** Times of different connections are not compared, as the reader does not compare them. */
    @Test
    void eachConnectionsTimesAreItsOwn() {
        List<CaptureRecord> records =
                List.of(new OpenRecord(1, 100, "a", "b", "c"), new OpenRecord(2, 0, "a", "b", "c"));
        assertThat(new Capture(0, records).records()).isEqualTo(records);
    }

    private static void assertRefused(List<CaptureRecord> records, String why) {
        assertThatThrownBy(() -> new Capture(0, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(why + ADVICE);
    }

    private static CloseRecord close(Side side, long micros) {
        return new CloseRecord(1, micros, side, false, CloseKind.CLEAN, "done");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }
}
