package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A capture whose records are out of order is refused by the reader, which {@link Capture#read} and the commands both
 * use, naming the record's number and offset: a connection opened twice (two captures joined), records of a connection
 * never opened, data after its leg's close, a leg closed twice, data or a second half-close after a side's
 * half-close, times of a connection that decrease. Each file is read whole, split at every boundary and one byte at a
 * time.
 */
final class CaptureOrderTest {
    private static final OpenRecord OPEN = new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:9");

    /** A whole conversation: open, hello, both half-closes, both closes. */
    private static List<CaptureRecord> good() {
        return List.of(
                OPEN,
                new DataRecord(1, 10, Side.CLIENT, "hello".getBytes(US_ASCII)),
                new HalfCloseRecord(1, 11, Side.CLIENT),
                new DataRecord(1, 20, Side.SERVER, "HELLO".getBytes(US_ASCII)),
                new CloseRecord(1, 30, Side.SERVER, false, CloseKind.CLEAN, "done"),
                new CloseRecord(1, 31, Side.CLIENT, false, CloseKind.CLEAN, "done"));
    }

    private static List<CaptureRecord> plus(List<CaptureRecord> records, CaptureRecord... more) {
        List<CaptureRecord> all = new ArrayList<>(records);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void aConnectionOpenedTwiceIsRefused() throws IOException {
        byte[] file = CaptureFileTest.write(plus(
                good(),
                new OpenRecord(1, 40, "127.0.0.1:5001", "127.0.0.1:9001", "tcp:9"),
                new DataRecord(1, 42, Side.CLIENT, "again".getBytes(US_ASCII))));
        assertRefused(
                file,
                "record 7 at offset " + offsetOf(file, 6) + ": it opens connection #1 a second time, but each"
                        + " connection is opened once (were two captures joined?)");
    }

    @Test
    void dataAfterItsLegsCloseIsRefused() throws IOException {
        byte[] file =
                CaptureFileTest.write(plus(good(), new DataRecord(1, 40, Side.CLIENT, "late".getBytes(US_ASCII))));
        assertRefused(
                file,
                "record 7 at offset " + offsetOf(file, 6) + ": it is data from the client of connection #1 after that"
                        + " leg's close");
    }

    @Test
    void aSecondCloseOfALegIsRefused() throws IOException {
        byte[] file = CaptureFileTest.write(
                plus(good(), new CloseRecord(1, 40, Side.SERVER, true, CloseKind.ABORTED, "again")));
        assertRefused(
                file,
                "record 7 at offset " + offsetOf(file, 6) + ": it is a second close of the server leg of connection"
                        + " #1, after that leg's close, but each leg closes once");
    }

    @Test
    void dataAfterItsSidesHalfCloseIsRefused() throws IOException {
        byte[] file = CaptureFileTest.write(List.of(
                OPEN,
                new HalfCloseRecord(1, 11, Side.CLIENT),
                new DataRecord(1, 12, Side.SERVER, "fine".getBytes(US_ASCII)),
                new DataRecord(1, 13, Side.CLIENT, "late".getBytes(US_ASCII))));
        assertRefused(
                file,
                "record 4 at offset " + offsetOf(file, 3) + ": it is data from the client of connection #1 after"
                        + " that side's half-close, but a side sends nothing after its FIN");
    }

    @Test
    void aSecondHalfCloseOfASideIsRefused() throws IOException {
        byte[] file = CaptureFileTest.write(
                List.of(OPEN, new HalfCloseRecord(1, 11, Side.SERVER), new HalfCloseRecord(1, 12, Side.SERVER)));
        assertRefused(
                file,
                "record 3 at offset " + offsetOf(file, 2) + ": it is a second half-close of the server of connection"
                        + " #1 after that side's half-close, but a side sends nothing after its FIN");
    }

    @Test
    void aHalfCloseAfterItsLegsCloseIsRefused() throws IOException {
        byte[] file = CaptureFileTest.write(plus(good(), new HalfCloseRecord(1, 40, Side.SERVER)));
        assertRefused(
                file,
                "record 7 at offset " + offsetOf(file, 6) + ": it is a half-close of the server of connection #1"
                        + " after that leg's close");
    }

    @Test
    void recordsOfAConnectionNeverOpenedAreRefused() throws IOException {
        byte[] file = CaptureFileTest.write(List.of(new DataRecord(7, 1, Side.CLIENT, "orphan".getBytes(US_ASCII))));
        assertRefused(
                file,
                "record 1 at offset 20: it is a data record of connection #7, which no open record began"
                        + " before it");
    }

    @Test
    void aTimeBeforeThePreviousRecordsIsRefused() throws IOException {
        byte[] file = CaptureFileTest.write(List.of(
                new OpenRecord(1, 100, "a", "b", "c"), new DataRecord(1, 50, Side.CLIENT, "hi".getBytes(US_ASCII))));
        assertRefused(
                file,
                "record 2 at offset " + offsetOf(file, 1) + ": its time, 50 µs, is before that of connection #1's"
                        + " previous record, 100 µs, but times never decrease");
    }

    /** Connections written with a clock each (through CaptureWriter) read as they were written. */
    @Test
    void eachConnectionsTimesAreItsOwn() throws IOException {
        List<CaptureRecord> records = List.of(
                new OpenRecord(1, 100, "a", "b", "c"),
                new OpenRecord(2, 0, "a", "b", "c"),
                new DataRecord(2, 5, Side.CLIENT, "hi".getBytes(US_ASCII)));
        assertThat(Capture.read(new ByteArrayInputStream(CaptureFileTest.write(records)))
                        .records())
                .isEqualTo(records);
    }

    @Test
    void aCaptureInOrderReadsWholeAndInEveryPiece() throws IOException {
        byte[] file = CaptureFileTest.write(good());
        for (Split split : splits(file)) {
            assertThat(Capture.read(new PiecesInputStream(split.pieces(file))).records())
                    .as(split.toString())
                    .isEqualTo(good());
        }
    }

    /** The offset of record {@code index} (from 0) of {@code file}. */
    private static long offsetOf(byte[] file, int index) throws IOException {
        try (CaptureReader reader = new CaptureReader(new ByteArrayInputStream(file))) {
            for (int i = 0; i < index; i++) {
                reader.next();
            }
            return reader.offset();
        }
    }

    private static List<Split> splits(byte[] file) {
        List<Split> splits = Chunking.standard().splits(file.length).collect(Collectors.toList());
        splits.add(Split.oneByteAtATime());
        return splits;
    }

    /** Both the library and a record-by-record reader refuse {@code file} with {@code why}, however it arrives. */
    private static void assertRefused(byte[] file, String why) {
        String message = why + "; the file is damaged there, or was not written by weft";
        assertThatThrownBy(() -> Capture.read(new ByteArrayInputStream(file)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage(message);
        for (Split split : splits(file)) {
            assertThatThrownBy(() -> Capture.read(new PiecesInputStream(split.pieces(file))))
                    .as(split.toString())
                    .isInstanceOf(CaptureFormatException.class)
                    .hasMessage(message);
            assertThatThrownBy(() -> {
                        try (CaptureReader reader = new CaptureReader(new PiecesInputStream(split.pieces(file)))) {
                            while (reader.next() != null) {
                                // read on
                            }
                        }
                    })
                    .as(split.toString())
                    .hasMessage(message);
        }
    }
}
