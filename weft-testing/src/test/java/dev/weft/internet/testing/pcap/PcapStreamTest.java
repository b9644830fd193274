package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.PiecesInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The import reads its file as a stream: short reads, files past 2 GiB, and a bounded history per direction. */
final class PcapStreamTest {
    private static final String C = "10.0.0.1";
    private static final String S = "10.0.0.2";

    private static PcapFiles conversation() throws Exception {
        return new PcapFiles()
                .add(1_000_000, PcapFiles.ipv4(C, S, PcapFiles.tcp(SYN, 99, new byte[0], 40000, 80)))
                .add(1_000_010, PcapFiles.ipv4(S, C, PcapFiles.tcp(SYN | ACK, 499, 100, new byte[0], 80, 40000)))
                .add(1_000_020, PcapFiles.ipv4(C, S, PcapFiles.tcp(ACK, 100, 500, "hello".getBytes(), 40000, 80)))
                .add(1_000_030, PcapFiles.ipv4(S, C, PcapFiles.tcp(ACK | FIN, 500, 105, "HI".getBytes(), 80, 40000)))
                .add(1_000_040, PcapFiles.ipv4(C, S, PcapFiles.tcp(ACK | FIN, 105, 503, new byte[0], 40000, 80)));
    }

    private static String frames(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (PacketFileReader reader = new PacketFileReader(in)) {
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.micros() + " " + f.linkType() + " " + f.snapLength() + " "
                        + HexFormat.of().formatHex(f.data()));
            }
        }
        return String.join("\n", out);
    }

    @Test
    void readsTheSameFramesWholeSplitAtEveryBoundaryAndOneByteAtATime() throws Exception {
        for (byte[] file : List.of(
                conversation().pcap(101),
                conversation().pcapng(101),
                conversation().pcapng(1, ByteOrder.LITTLE_ENDIAN))) {
            String whole = frames(new ByteArrayInputStream(file));
            assertThat(whole.lines()).hasSize(5);
            List<Split> splits = Chunking.standard().splits(file.length).collect(Collectors.toList());
            splits.add(Split.oneByteAtATime());
            for (Split split : splits) {
                assertThat(frames(new PiecesInputStream(split.pieces(file))))
                        .as(split.toString())
                        .isEqualTo(whole);
            }
        }
    }

    /**
     * A file cut inside its last record or block (tcpdump killed mid-write) reads the frames before it, and names the
     * cut: whole, split at every boundary and one byte at a time alike, wherever in the record the cut falls.
     */
    @Test
    void aFileCutInsideItsLastRecordReadsTheFramesBeforeItAndNamesTheCut() throws Exception {
        for (byte[] file : List.of(conversation().pcap(101), conversation().pcapng(101))) {
            boolean ng = file[0] == 0x0A;
            int last = ng ? 12 + 20 + 40 : 16 + 40; // the last frame's record or block: 40 bytes of IPv4 and TCP
            byte[] whole = Arrays.copyOf(file, file.length - last);
            String before = frames(new ByteArrayInputStream(whole));
            for (int into = 1; into < last; into++) {
                byte[] cut = Arrays.copyOf(file, file.length - last + into);
                String expected = before + "\ncut: the file was cut short inside its last "
                        + (ng ? "pcapng " + (into < 12 ? "block" : "enhanced packet block") : "packet record")
                        + ", at offset " + (file.length - last) + ": it ends " + into + (into == 1 ? " byte" : " bytes")
                        + " into "
                        + (ng
                                ? (into < 12 ? "the 12 bytes of its type and length" : "its " + last)
                                        + ", so that block"
                                : (into < 16 ? "its 16-byte header" : "its 56 (a 16-byte header and 40 bytes of frame)")
                                        + ", so that record")
                        + " is left out; the 4 frames before it were read (was tcpdump killed before it flushed?)";
                List<Split> splits = Chunking.standard().splits(cut.length).collect(Collectors.toList());
                splits.add(Split.oneByteAtATime());
                assertThat(framesAndCut(new ByteArrayInputStream(cut)))
                        .as("cut " + into)
                        .isEqualTo(expected);
                for (Split split : splits) {
                    assertThat(framesAndCut(new PiecesInputStream(split.pieces(cut))))
                            .as("cut " + into + ", " + split)
                            .isEqualTo(expected);
                }
            }
            assertThat(framesAndCut(new ByteArrayInputStream(file))).doesNotContain("cut:");
        }
    }

    /** The import keeps every connection's records up to the cut, and names the cut first among its problems. */
    @Test
    void anImportOfAFileCutInsideItsLastRecordKeepsWhatCameBefore() throws Exception {
        byte[] file = conversation().pcap(101);
        byte[] cut = Arrays.copyOf(file, file.length - 10);
        PcapImport imported = PcapImport.read(cut, 0, null);
        assertThat(imported.frames()).isEqualTo(4);
        assertThat(imported.problems().get(0))
                .isEqualTo("the file was cut short inside its last packet record, at offset " + (file.length - 56)
                        + ": it ends 46 bytes into its 56 (a 16-byte header and 40 bytes of frame), so that record is"
                        + " left out; the 4 frames before it were read (was tcpdump killed before it flushed?)");
        assertThat(imported.capture().connection(1).bytes(dev.weft.internet.testing.capture.Side.CLIENT))
                .asString()
                .isEqualTo("hello");
        assertThat(imported.capture().connection(1).bytes(dev.weft.internet.testing.capture.Side.SERVER))
                .asString()
                .isEqualTo("HI");
    }

    /** Damage before the end of the file is still refused: a cut tail is only the end of the stream. */
    @Test
    void damageBeforeTheEndIsStillRefused() throws Exception {
        byte[] file = conversation().pcap(101);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 4, 1_000_000); // the first record's µs
        assertThatThrownBy(() -> PcapImport.read(file, 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessageStartingWith("packet record 1 at offset 24 has a microsecond field of 1000000");
    }

    private static String framesAndCut(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (PacketFileReader reader = new PacketFileReader(in)) {
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.micros() + " " + f.linkType() + " " + f.snapLength() + " "
                        + HexFormat.of().formatHex(f.data()));
            }
            if (reader.cut() != null) {
                out.add("cut: " + reader.cut());
            }
        }
        return String.join("\n", out);
    }

    @Test
    void importsOneByteAtATimeAsWhole() throws Exception {
        byte[] file = conversation().pcapng(101);
        List<CaptureRecord> whole = imported(() -> new ByteArrayInputStream(file));
        assertThat(whole).hasSize(8);
        assertThat(imported(() -> new PiecesInputStream(Split.oneByteAtATime().pieces(file))))
                .isEqualTo(whole);
    }

    private static List<CaptureRecord> imported(PcapImport.Opener opener) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        PcapImport.run(opener, 0, null, sink(records), false);
        return records;
    }

    private static PcapImport.Sink sink(List<CaptureRecord> records) {
        return new PcapImport.Sink() {
            @Override
            public void start(long startEpochMicros) {}

            @Override
            public void record(CaptureRecord record) {
                records.add(record);
            }
        };
    }

    /**
     * Generates a raw-IP pcap of one connection whose client sends {@code segments} segments of {@link #PAYLOAD}
     * bytes, then both FINs, without holding it: the bytes are made as they are read.
     */
    private static final class Generated extends InputStream {
        static final int PAYLOAD = 65_000;
        private final long segments;
        private final byte[] frame = new byte[16 + 40 + PAYLOAD]; // record header, IPv4, TCP, payload
        private long index = -1; // the frame in frame[], -1: the file header
        private byte[] current;
        private int at;

        Generated(long segments) {
            this.segments = segments;
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0);
            h.putInt(262144).putInt(101);
            current = h.array();
            for (int i = 0; i < PAYLOAD; i++) {
                frame[16 + 40 + i] = (byte) ('a' + i % 26);
            }
        }

        /** Makes frame {@code i}: 0 SYN, 1 SYN-ACK, then the data, then the client's and the server's FIN. */
        private byte[] make(long i) throws Exception {
            byte[] tcp;
            if (i == 0) {
                tcp = PcapFiles.tcp(SYN, 0, new byte[0], 40000, 80);
            } else if (i == 1) {
                tcp = PcapFiles.tcp(SYN | ACK, 1000, 1, new byte[0], 80, 40000);
            } else if (i < 2 + segments) {
                long seq = 1 + (i - 2) * PAYLOAD;
                ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(0, (int) (1_000 + i))
                        .putInt(4, 0)
                        .putInt(8, 40 + PAYLOAD)
                        .putInt(12, 40 + PAYLOAD);
                byte[] header = PcapFiles.ipv4(C, S, PcapFiles.tcp(ACK, seq, 1001, new byte[0], 40000, 80));
                System.arraycopy(header, 0, frame, 16, 40);
                ByteBuffer.wrap(frame).putShort(16 + 2, (short) (40 + PAYLOAD)); // the IP length, payload too
                return frame;
            } else if (i == 2 + segments) {
                tcp = PcapFiles.tcp(ACK | FIN, (1 + segments * PAYLOAD) % (1L << 32), 1001, new byte[0], 40000, 80);
            } else if (i == 3 + segments) {
                tcp = PcapFiles.tcp(ACK | FIN, 1001, (2 + segments * PAYLOAD) % (1L << 32), new byte[0], 80, 40000);
            } else {
                return null;
            }
            byte[] ip = i % 2 == 1 && i < 2
                    ? PcapFiles.ipv4(S, C, tcp)
                    : PcapFiles.ipv4(i == 3 + segments ? S : C, i == 3 + segments ? C : S, tcp);
            ByteBuffer b = ByteBuffer.allocate(16 + ip.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt((int) (1_000 + i))
                    .putInt(0)
                    .putInt(ip.length)
                    .putInt(ip.length)
                    .put(ip);
            return b.array();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (current != null && at == current.length) {
                try {
                    current = make(++index);
                } catch (Exception e) {
                    throw new IOException(e);
                }
                at = 0;
            }
            if (current == null) {
                return -1;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }

    @Test
    void importsAFileOfMoreThanTwoGibibytes() throws Exception {
        long segments = (1L << 31) / Generated.PAYLOAD + 100; // past 2 GiB of payload, so of file too
        long total = segments * Generated.PAYLOAD;
        long[] data = {0, 0}; // bytes, records
        List<CaptureRecord> ends = new ArrayList<>();
        PcapImport imported = PcapImport.run(
                () -> new Generated(segments),
                0,
                null,
                new PcapImport.Sink() {
                    @Override
                    public void start(long startEpochMicros) {}

                    @Override
                    public void record(CaptureRecord record) {
                        if (record instanceof DataRecord d) {
                            data[0] += d.bytes().length;
                            data[1]++;
                        } else if (record instanceof HalfCloseRecord || record instanceof CloseRecord) {
                            ends.add(record);
                        }
                    }
                },
                false);
        assertThat(total).isGreaterThan(1L << 31);
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.frames()).isEqualTo(segments + 4);
        assertThat(imported.clientBytes()).isEqualTo(total);
        assertThat(data).containsExactly(total, segments);
        assertThat(ends).hasSize(4); // both half-closes, and both legs closed
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void keepsOnlyTheRecentOrUnacknowledgedBytesToCompareRetransmissionsWith() {
        int segment = 64 * 1024;
        TcpStream stream = new TcpStream();
        stream.syn(0);
        long[] delivered = {0};
        for (int i = 0; i < 256; i++) { // 16 MiB, no acknowledgment captured
            stream.add(1 + (long) i * segment, bytes(segment, i), false, false, (o, b) -> delivered[0] += b.length);
        }
        assertThat(delivered[0]).isEqualTo(256L * segment);
        assertThat(stream.held()).isBetween(TcpStream.HISTORY, TcpStream.HISTORY + segment);
        // a retransmission within the history that differs is still told
        stream.add(1 + 255L * segment, bytes(segment, 7), false, false, (o, b) -> {});
        assertThat(stream.conflicts()).isNotNull();

        TcpStream acked = new TcpStream();
        acked.syn(0);
        acked.acknowledged(1); // the peer acknowledges the SYN only: all the bytes are unacknowledged
        for (int i = 0; i < 256; i++) {
            acked.add(1 + (long) i * segment, bytes(segment, i), false, false, (o, b) -> {});
        }
        assertThat(acked.held()).isEqualTo(256L * segment);
        acked.acknowledged(1 + 250L * segment);
        acked.add(1 + 256L * segment, bytes(segment, 0), false, false, (o, b) -> {});
        assertThat(acked.held()).isBetween(TcpStream.HISTORY, TcpStream.HISTORY + segment);
        // a retransmission of bytes not acknowledged, past the history, is still compared
        TcpStream old = new TcpStream();
        old.syn(0);
        old.acknowledged(1);
        for (int i = 0; i < 256; i++) {
            old.add(1 + (long) i * segment, bytes(segment, i), false, false, (o, b) -> {});
        }
        old.add(1, bytes(segment, 9), false, false, (o, b) -> {});
        assertThat(old.conflicts()).isNotNull();
        old.release();
        assertThat(old.held()).isZero();
    }

    @Test
    void tellsTheUnacknowledgedTailOfAStreamPastTwoGibibytes() {
        long mod = 1L << 32;
        int gib = 1 << 30;
        TcpStream stream = new TcpStream();
        stream.syn(0);
        stream.acknowledged(1);
        for (int i = 0; i < 3; i++) { // 3 GiB: a byte captured, then a gibibyte cut at the snapshot length
            long offset = stream.next();
            stream.add((1 + offset) % mod, new byte[] {(byte) i}, gib, 1, false, false, (o, b) -> {});
            assertThat(stream.next()).isEqualTo(offset + 1 + gib);
            stream.acknowledged((1 + stream.next()) % mod);
        }
        long end = stream.next();
        assertThat(end).isGreaterThan(Integer.MAX_VALUE);
        assertThat(stream.unacknowledgedTail())
                .as("everything acknowledged was captured")
                .isNull();

        stream.acknowledged((1 + end + 100) % mod); // the peer acknowledged 100 bytes no frame carried
        assertThat(stream.unacknowledgedTail()).containsExactly(end, 100, 0);
    }
}
