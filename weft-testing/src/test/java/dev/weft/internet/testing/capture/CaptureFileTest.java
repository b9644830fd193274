package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CaptureFileTest {
    private static final long START = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z in microseconds

    static List<CaptureRecord> conversation() {
        return List.of(
                new OpenRecord(1, 0, "127.0.0.1:53422", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                new ConnectedRecord(1, 120, "127.0.0.1:40112", "127.0.0.1:9000"),
                new DataRecord(1, 300, Side.CLIENT, "hello\n".getBytes(US_ASCII)),
                new HalfCloseRecord(1, 310, Side.CLIENT),
                new OpenRecord(2, 320, "[::1]:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                new DataRecord(1, 450, Side.SERVER, new byte[] {0, (byte) 0xFF, '\r', '\n'}),
                new HalfCloseRecord(1, 460, Side.SERVER),
                new CloseRecord(1, 470, Side.SERVER, true, CloseKind.CLEAN, "Connection was closed cleanly."),
                new CloseRecord(1, 480, Side.CLIENT, true, CloseKind.CLEAN, "Connection was closed cleanly."),
                new CloseRecord(2, 900, Side.SERVER, false, CloseKind.CONNECT_FAILED, "connection refused, ünïcode"),
                new CloseRecord(2, 901, Side.CLIENT, true, CloseKind.INTERRUPTED, "the tap was stopped"));
    }

    static byte[] write(List<CaptureRecord> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureWriter writer = new CaptureWriter(bytes, START)) {
            for (CaptureRecord record : records) {
                writer.write(record);
            }
        }
        return bytes.toByteArray();
    }

    static List<CaptureRecord> read(byte[] file) throws IOException {
        try (CaptureReader reader = new CaptureReader(new ByteArrayInputStream(file))) {
            return reader.readAll();
        }
    }

    @Test
    void everyRecordTypeReadsBackEqualInOrder() throws IOException {
        byte[] file = write(conversation());

        try (CaptureReader reader = new CaptureReader(new ByteArrayInputStream(file))) {
            assertThat(reader.version()).isEqualTo(1);
            assertThat(reader.startEpochMicros()).isEqualTo(START);
            assertThat(reader.readAll()).containsExactlyElementsOf(conversation());
            assertThat(reader.offset()).isEqualTo(file.length);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void readerGetsTheSameRecordsWhateverTheChunkingOfItsInput() throws IOException {
        byte[] file = write(conversation());

        Chunking.standard().withMaxSplitPoints(file.length).splits(file.length).forEach(split -> {
            try (CaptureReader reader = new CaptureReader(new PiecesInputStream(split.pieces(file)))) {
                assertThat(reader.readAll()).as(split.toString()).containsExactlyElementsOf(conversation());
            } catch (IOException e) {
                throw new AssertionError(split + ": " + e, e);
            }
        });
    }

    @Test
    void encodingIsTheDocumentedBytes() throws IOException {
        byte[] file = write(List.of(
                new DataRecord(1, 300, Side.CLIENT, "hi".getBytes(US_ASCII)),
                new CloseRecord(1, 480, Side.SERVER, false, CloseKind.RESET, "rst")));

        assertThat(HexFormat.of().formatHex(file))
                .isEqualTo(
                        "89574546544341500001" // magic, version 1
                                + "0008" + "0006474846204000" // header rest: start time
                                + "03" + "0000000f" + "00000001" + "000000000000012c" + "00" + "6869" // data
                                + "05" + "00000014" + "00000001" + "00000000000001e0" + "01" + "00" + "01" + "0003"
                                + "727374"); // close
    }

    @Test
    void fileCutAnywhereYieldsTheWholeRecordsBeforeTheCutThenATruncationError() throws IOException {
        List<CaptureRecord> records = conversation();
        byte[] file = write(records);
        List<Integer> ends = recordEnds(records);

        for (int cut = 20; cut < file.length; cut++) {
            int at = cut;
            int whole = (int) ends.stream().filter(end -> end <= at).count() - 1;
            List<CaptureRecord> got = new ArrayList<>();
            try (CaptureReader reader = new CaptureReader(new ByteArrayInputStream(Arrays.copyOf(file, cut)))) {
                for (CaptureRecord r = reader.next(); r != null; r = reader.next()) {
                    got.add(r);
                }
                assertThat(ends).as("cut at %d ended without an error", cut).contains(cut);
            } catch (CaptureFormatException e) {
                assertThat(e).hasMessageContaining("truncated record at offset " + ends.get(whole));
                assertThat(ends).as("cut at %d reported as truncated", cut).doesNotContain(cut);
            }
            assertThat(got).as("cut at %d", cut).isEqualTo(records.subList(0, whole));
        }
    }

    /** A file cut inside its header has no records to speak of, and one byte reads in the singular. */
    @Test
    void aFileCutInsideItsHeaderSaysOnlyThat() throws IOException {
        byte[] file = write(conversation());
        assertThatThrownBy(() -> read(Arrays.copyOf(file, 9)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("truncated header: the file ends 1 byte into a field of 4; the capture was cut short (was"
                        + " the tap killed?)");
        assertThatThrownBy(() -> read(Arrays.copyOf(file, 1)))
                .hasMessage("truncated header: the file ends 1 byte into the 8-byte magic; the capture was cut short"
                        + " (was the tap killed?)");
        assertThatThrownBy(() -> read(Arrays.copyOf(file, 14)))
                .hasMessage("truncated header: the file ends 2 bytes into a field of 8; the capture was cut short"
                        + " (was the tap killed?)");
    }

    @Test
    void emptyOrForeignFileIsNotACapture() throws IOException {
        assertThatThrownBy(() -> read(new byte[0]))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith("the capture file is empty");
        byte[] cutInMagic = Arrays.copyOf(write(conversation()), 5);
        assertThatThrownBy(() -> read(cutInMagic))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith("truncated header: the file ends 5 bytes into the 8-byte magic");
        byte[] versionZero = write(conversation());
        versionZero[9] = 0;
        assertThatThrownBy(() -> read(versionZero))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("capture format version 0 does not exist: the file's header is damaged");
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("not a weft capture file");
    }

    @Test
    void laterMajorVersionIsRefusedWithTheFix() throws IOException {
        byte[] file = write(conversation());
        file[9] = 2;

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("capture format version 2 is not supported: this weft reads versions 1 to 1; use a"
                        + " newer weft");
    }

    @Test
    void longerHeaderAndUnknownRecordTypesAreSkipped() throws IOException {
        ByteBuffer file = ByteBuffer.allocate(200);
        file.put(CaptureFormat.MAGIC)
                .putShort((short) 1)
                .putShort((short) 12)
                .putLong(START)
                .putInt(0xCAFE);
        file.put((byte) 42).putInt(12 + 3).putInt(7).putLong(55).put(new byte[] {1, 2, 3});
        OpenRecord open = new OpenRecord(7, 56, "c", "l", "t");
        byte[] known = write(List.of(open, new HalfCloseRecord(7, 60, Side.SERVER)));
        file.put(known, 20, known.length - 20);

        List<CaptureRecord> records = read(Arrays.copyOf(file.array(), file.position()));

        assertThat(records)
                .containsExactly(
                        new UnknownRecord(42, 7, 55, new byte[] {1, 2, 3}),
                        open,
                        new HalfCloseRecord(7, 60, Side.SERVER));
    }

    @Test
    void unknownRecordsAreWrittenBackAsTheyWereRead() throws IOException {
        UnknownRecord unknown = new UnknownRecord(42, 7, 55, new byte[] {1, 2, 3});

        assertThat(read(write(List.of(unknown)))).containsExactly(unknown);
    }

    @Test
    void anUnknownRecordMustHaveAOneByteTypeThatIsNotAKnownOne() {
        for (int type : new int[] {-1, 256, 300, CaptureRecord.OPEN, CaptureRecord.DATA, CaptureRecord.FAULT}) {
            assertThatThrownBy(() -> new UnknownRecord(type, 1, 0, new byte[0]))
                    .as("type %d", type)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not " + type);
        }
        assertThat(new UnknownRecord(0, 1, 0, new byte[0]).type()).isZero();
        assertThat(new UnknownRecord(255, 1, 0, new byte[0]).type()).isEqualTo(255);
    }

    @Test
    void theWriterRefusesABodyNoReaderWouldTake() {
        byte[] rest = new byte[(64 << 20) - 12 + 1]; // with the id and the time, one byte over 64 MiB
        assertThatThrownBy(() -> write(List.of(new UnknownRecord(42, 1, 0, rest))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 64 MiB (67108864 bytes), not 67108865");
        byte[] data = new byte[(64 << 20) - 12];
        assertThatThrownBy(() -> write(List.of(new DataRecord(1, 0, Side.CLIENT, data))))
                .hasMessageContaining("a data record holds at most 67108851 bytes");
    }

    @Test
    void fieldsAddedToAKnownRecordByALaterRevisionAreIgnored() throws IOException {
        OpenRecord open = new OpenRecord(3, 9, "c", "l", "t");
        byte[] file = write(List.of(open, new HalfCloseRecord(3, 9, Side.CLIENT)));
        int halfClose = file.length - 5 - 13; // its type and length, then id, time and side
        ByteBuffer longer = ByteBuffer.allocate(file.length + 2).put(file, 0, halfClose);
        longer.put((byte) CaptureRecord.HALF_CLOSE)
                .putInt(12 + 1 + 2)
                .putInt(3)
                .putLong(9)
                .put((byte) 0);
        longer.putShort((short) 77);

        assertThat(read(longer.array())).containsExactly(open, new HalfCloseRecord(3, 9, Side.CLIENT));
    }

    @Test
    void malformedFieldsNameTheRecordOffset() throws IOException {
        byte[] file = write(List.of(new HalfCloseRecord(3, 9, Side.CLIENT)));
        file[20 + 5 + 12] = 9; // side code 9

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("record at offset 20: side code must be 0 (client) or 1 (server), not 9");
    }

    @Test
    void recordLengthShorterThanItsFieldsIsReported() throws IOException {
        byte[] file = write(List.of(new OpenRecord(3, 9, "a", "b", "c")));
        ByteBuffer.wrap(file).putInt(21, 12 + 2); // cut the body to the prefix and one length byte short of a string

        assertThatThrownBy(() -> read(Arrays.copyOf(file, 20 + 5 + 14)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("record at offset 20 (type 1) is shorter than its fields");
    }

    @Test
    void stringsLongerThanTheFieldAreCutAtACharacterBoundary() throws IOException {
        String reason = "é".repeat(40_000); // 80,000 bytes of UTF-8

        CloseRecord back = (CloseRecord) read(write(List.of(
                        new OpenRecord(1, 0, "c", "l", "t"),
                        new CloseRecord(1, 0, Side.CLIENT, false, CloseKind.ERROR, reason))))
                .get(1);

        assertThat(back.reason()).isEqualTo("é".repeat(32_767));
        assertThat(back.reason().getBytes(UTF_8)).hasSizeLessThanOrEqualTo(0xFFFF);
    }

    @Test
    void writerRefusesRecordsTheFormatCannotHold() throws IOException {
        CaptureWriter writer = new CaptureWriter(new ByteArrayOutputStream(), START);

        assertThatThrownBy(() -> writer.write(new HalfCloseRecord(0, 1, Side.CLIENT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connection id must be 1 or more, not 0");
        assertThatThrownBy(() -> writer.write(new HalfCloseRecord(1, -1, Side.CLIENT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("record time must not be negative, not -1");
    }

    /** Returns the file offsets at which each record ends, after the 20-byte header. */
    private static List<Integer> recordEnds(List<CaptureRecord> records) throws IOException {
        List<Integer> ends = new ArrayList<>();
        ends.add(20);
        for (int i = 1; i <= records.size(); i++) {
            ends.add(write(records.subList(0, i)).length);
        }
        return ends;
    }
}
