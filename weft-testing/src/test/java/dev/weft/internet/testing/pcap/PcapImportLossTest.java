package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.PSH;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureReplay;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.PiecesInputStream;
import dev.weft.internet.testing.capture.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What tcpdump's lost packets do to the end and the order of a connection. The conversation is a tcpdump capture on
 * lo, rebuilt: the client sends three lines and its FIN, then the server answers two lines and closes.
 */
final class PcapImportLossTest {
    private static final String WHY = PcapImportHolesTest.WHY;
    private static final long C = 1684919730L;
    private static final long S = 1055390041L;

    /** The 16 frames of the conversation, numbered from 1 as tcpdump -r lists them, less those {@code dropped}. */
    static byte[] conversation(int... dropped) throws Exception {
        return pcap(frames(dropped));
    }

    static byte[] pcap(List<PcapFiles.Timed> frames) {
        PcapFiles f = new PcapFiles();
        for (PcapFiles.Timed t : frames) {
            f.add(t.micros(), t.frame());
        }
        return f.pcap(101);
    }

    /** The frames of {@link #conversation}, with their times. */
    static List<PcapFiles.Timed> frames(int... dropped) throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false, 54550, 44831);
        List<byte[]> frames = List.of(
                p.fromClient(SYN, C, 0, new byte[0]),
                p.fromServer(SYN | ACK, S, C + 1, ""),
                p.fromClient(ACK, C + 1, S + 1, new byte[0]),
                p.fromClient(PSH | ACK, C + 1, S + 1, "AAAA-first\n".getBytes(US_ASCII)),
                p.fromServer(ACK, S + 1, C + 12, ""),
                p.fromClient(PSH | ACK, C + 12, S + 1, "BBBB-second\n".getBytes(US_ASCII)),
                p.fromServer(ACK, S + 1, C + 24, ""),
                p.fromClient(PSH | ACK, C + 24, S + 1, "CCCC-third\n".getBytes(US_ASCII)),
                p.fromServer(ACK, S + 1, C + 35, ""),
                p.fromClient(FIN | ACK, C + 35, S + 1, new byte[0]),
                p.fromServer(PSH | ACK, S + 1, C + 36, "reply-one\n"),
                p.fromClient(ACK, C + 36, S + 11, new byte[0]),
                p.fromServer(PSH | ACK, S + 11, C + 36, "reply-two\n"),
                p.fromClient(ACK, C + 36, S + 21, new byte[0]),
                p.fromServer(FIN | ACK, S + 21, C + 36, ""),
                p.fromClient(ACK, C + 36, S + 22, new byte[0]));
        long[] micros = {
            0, 4, 8, 33, 36, 50205, 50215, 103758, 103777, 154048, 154096, 154103, 204223, 204238, 204263, 204273
        };
        List<PcapFiles.Timed> kept = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            int number = i + 1;
            if (Arrays.stream(dropped).noneMatch(d -> d == number)) {
                kept.add(new PcapFiles.Timed(1_000_000 + micros[i], frames.get(i)));
            }
        }
        return kept;
    }

    /**
     * Imports {@code file} whole, then split at every boundary and one byte at a time, each streamed: the records and
     * the problems must be the same every way.
     */
    static PcapImport imported(byte[] file) throws IOException {
        PcapImport whole = PcapImport.read(file, 0, null);
        List<Split> splits =
                Chunking.standard().withMaxFixedSize(64).splits(file.length).collect(Collectors.toList());
        splits.add(Split.oneByteAtATime());
        for (Split split : splits) {
            List<CaptureRecord> records = new ArrayList<>();
            PcapImport streamed = PcapImport.run(
                    () -> new PiecesInputStream(split.pieces(file)),
                    0,
                    null,
                    new PcapImport.Sink() {
                        @Override
                        public void start(long startEpochMicros) {}

                        @Override
                        public void record(CaptureRecord record) {
                            records.add(record);
                        }
                    },
                    false);
            assertThat(records).as("%s", split).isEqualTo(whole.capture().records());
            assertThat(streamed.problems()).as("%s", split).isEqualTo(whole.problems());
        }
        return whole;
    }

    /** Lists the data, half-close and close records of connection 1 as "time c>s text", in the order written. */
    static List<String> timeline(PcapImport imported) {
        List<String> lines = new ArrayList<>();
        for (CaptureRecord r : imported.capture().connection(1).records()) {
            if (r instanceof DataRecord d) {
                lines.add(d.micros() + " " + d.from().arrow() + " " + new String(d.bytes(), US_ASCII).strip());
            } else if (r instanceof HalfCloseRecord h) {
                lines.add(h.micros() + " " + h.from().arrow() + " half-close");
            } else if (r instanceof CloseRecord c) {
                lines.add(c.micros() + " close " + c.side() + " " + c.kind());
            }
        }
        return lines;
    }

    /** The small capture's server: reads to the end, then answers two lines and closes. */
    static final class ReplyAtEof extends Protocol implements IHalfCloseableProtocol {
        @Override
        public void dataReceived(byte[] data) {}

        @Override
        public void readConnectionLost() {
            transport().write("reply-one\nreply-two\n".getBytes(US_ASCII));
            transport().loseConnection();
        }

        @Override
        public void writeConnectionLost() {}
    }

    @Test
    void theWholeConversationHasNoProblemAndReplays() throws Exception {
        PcapImport imported = imported(conversation());

        assertThat(imported.problems()).isEmpty();
        assertThat(timeline(imported))
                .containsExactly(
                        "33 c>s AAAA-first",
                        "50205 c>s BBBB-second",
                        "103758 c>s CCCC-third",
                        "154048 c>s half-close",
                        "154096 s>c reply-one",
                        "204223 s>c reply-two",
                        "204263 s>c half-close",
                        "204263 close CLIENT CLEAN",
                        "204263 close SERVER CLEAN");
        CaptureReplay.of(imported.capture().connection(1))
                .asServer(new ReplyAtEof())
                .assertMatches();
    }

    /** Frame 10, the client's FIN, is lost; the server's acknowledgment of it (frame 11) tells it was sent. */
    @Test
    void aLostFinAcknowledgedByThePeerStillHalfClosesWhereItWasAcknowledged() throws Exception {
        PcapImport imported = imported(conversation(10));

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: the FIN acknowledged by the server was" + WHY
                        + "; its half-close is written where the server acknowledged it");
        assertThat(timeline(imported))
                .containsExactly(
                        "33 c>s AAAA-first",
                        "50205 c>s BBBB-second",
                        "103758 c>s CCCC-third",
                        "154096 c>s half-close",
                        "154096 s>c reply-one",
                        "204223 s>c reply-two",
                        "204263 s>c half-close",
                        "204263 close CLIENT CLEAN",
                        "204263 close SERVER CLEAN");
        CaptureReplay.of(imported.capture().connection(1))
                .asServer(new ReplyAtEof())
                .assertMatches();
    }

    /**
     * The frames of a conversation whose client sends a line, then one byte that the capture loses (the server's
     * acknowledgment steps by one after a step of 11, as it would for a FIN), then, if {@code serverFirst}, the server
     * answers before the client sends its second line, its FIN, and the server closes.
     */
    private static byte[] aLostByteThenMore(boolean serverFirst) throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, 0, new byte[0]))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, p.fromClient(ACK, 1, 501, "AAAA-first\n".getBytes(US_ASCII)))
                .add(4, p.fromServer(ACK, 501, 12, ""))
                // frame 5 lost: the client's one byte "x" at seq 12
                .add(6, p.fromServer(ACK, 501, 13, serverFirst ? "reply\n" : ""))
                .add(7, p.fromClient(ACK, 13, serverFirst ? 507 : 501, "BBBB-second\n".getBytes(US_ASCII)))
                .add(8, p.fromServer(ACK, serverFirst ? 507 : 501, 25, ""))
                .add(9, p.fromClient(FIN | ACK, 25, serverFirst ? 507 : 501, new byte[0]))
                .add(10, p.fromServer(FIN | ACK, serverFirst ? 507 : 501, 26, ""))
                .add(11, p.fromClient(ACK, 26, serverFirst ? 508 : 502, new byte[0]));
        return f.pcap(101);
    }

    /**
     * A lost last byte looks like a lost FIN until its side sends more: then it is a hole, the half-close is not written
     * before that side's later bytes, and none of them is lost; the server's answer in between keeps its place.
     */
    @Test
    void aLostByteTakenForAFinIsAHoleOnceItsSideSendsMore() throws Exception {
        for (boolean serverFirst : new boolean[] {false, true}) {
            PcapImport imported = imported(aLostByteThenMore(serverFirst));

            assertThat(imported.problems())
                    .as("server first: %s", serverFirst)
                    .containsExactly("connection #1 c>s: 1 byte missing at offset 11 (segments not captured); the bytes"
                            + " after the gap were kept, so the stream lacks it");
            List<String> expected = new ArrayList<>(List.of("2 c>s AAAA-first"));
            if (serverFirst) {
                expected.add("5 s>c reply");
            }
            expected.addAll(List.of(
                    "6 c>s BBBB-second",
                    "8 c>s half-close",
                    "9 s>c half-close",
                    "9 close CLIENT CLEAN",
                    "9 close SERVER CLEAN"));
            assertThat(timeline(imported)).as("server first: %s", serverFirst).containsExactlyElementsOf(expected);
        }
    }

    /**
     * While a FIN taken from an acknowledgment waits for what its side sends next, the records of other connections go
     * on: the waiting ones go out after them, at the latest time written, so the file stays in time order.
     */
    @Test
    void recordsHeldBehindAnInferredFinGoOutInTimeOrderAfterOtherConnections() throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false, 40001);
        PcapImportTest.Packet other = new PcapImportTest.Packet(ip -> ip, false, 40002);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, 0, new byte[0]))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, p.fromClient(ACK, 1, 501, "AAAA-first\n".getBytes(US_ASCII)))
                .add(4, p.fromServer(ACK, 501, 12, ""))
                .add(6, p.fromServer(ACK, 501, 13, "reply\n")) // the client's FIN (or a byte) not captured
                .add(7, other.fromClient(SYN, 0, 0, new byte[0]))
                .add(8, other.fromServer(SYN | ACK, 500, 1, ""))
                .add(9, other.fromClient(ACK, 1, 501, "other".getBytes(US_ASCII)))
                .add(10, p.fromServer(FIN | ACK, 507, 13, ""))
                .add(11, p.fromClient(ACK, 13, 508, new byte[0]));

        PcapImport imported = imported(f.pcap(101));

        assertThat(imported.problems())
                .startsWith("connection #1 c>s: the FIN acknowledged by the server was" + WHY
                        + "; its half-close is written where the server acknowledged it");
        assertThat(timeline(imported))
                .containsExactly(
                        "2 c>s AAAA-first",
                        "8 c>s half-close", // held from 5 until the server's FIN let it stand
                        "8 s>c reply",
                        "9 s>c half-close",
                        "9 close CLIENT CLEAN",
                        "9 close SERVER CLEAN");
        List<Long> times =
                imported.capture().records().stream().map(CaptureRecord::micros).collect(Collectors.toList());
        assertThat(times).isSorted();
    }

    /** Frame 8, the last line before the FIN, is lost: the hole is reported and the FIN still half-closes. */
    @Test
    void aHoleJustBeforeACapturedFinIsReportedAndTheFinStillHalfCloses() throws Exception {
        PcapImport imported = imported(conversation(8));

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 11 bytes before the FIN at offset 23 were not captured");
        assertThat(timeline(imported))
                .containsExactly(
                        "33 c>s AAAA-first",
                        "50205 c>s BBBB-second",
                        "154048 c>s half-close",
                        "154096 s>c reply-one",
                        "204223 s>c reply-two",
                        "204263 s>c half-close",
                        "204263 close CLIENT CLEAN",
                        "204263 close SERVER CLEAN");
    }

    /** With no acknowledgment past it, a hole before a FIN is given up on at the end, the half-close written then. */
    @Test
    void aHoleBeforeAFinNoAcknowledgmentPassedIsSkippedAtTheEndAndTheFinStillHalfCloses() throws Exception {
        PcapImport imported = imported(conversation(8, 9, 11, 13, 15));

        assertThat(imported.problems())
                .containsExactly(
                        "connection #1 c>s: 11 bytes before the FIN at offset 23 were not captured",
                        "connection #1 s>c: 20 bytes at offset 0 and the FIN acknowledged by the client were" + WHY);
        assertThat(timeline(imported))
                .containsExactly("33 c>s AAAA-first", "50205 c>s BBBB-second", "154048 c>s half-close");
    }

    /**
     * Frame 6, the second line, is lost: the third is held until the server's acknowledgment past the hole (frame 9),
     * then written at its own frame's time, before the replies that came after it.
     */
    @Test
    void bytesAfterAHoleTheServerAcknowledgedGoOutAtTheirOwnTimeBeforeTheReplies() throws Exception {
        PcapImport imported = imported(conversation(6));

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 12 bytes missing at offset 11 (segments not captured); the bytes"
                        + " after the gap were kept, so the stream lacks them");
        assertThat(timeline(imported))
                .containsExactly(
                        "33 c>s AAAA-first",
                        "103758 c>s CCCC-third",
                        "154048 c>s half-close",
                        "154096 s>c reply-one",
                        "204223 s>c reply-two",
                        "204263 s>c half-close",
                        "204263 close CLIENT CLEAN",
                        "204263 close SERVER CLEAN");
    }

    /** A segment that comes after the one behind it, before the peer acknowledges past it, is put in place. */
    @Test
    void aSegmentComingLateButBeforeTheAcknowledgmentIsPutInPlace() throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, 0, new byte[0]))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, p.fromClient(ACK, 1, 501, "ab".getBytes(US_ASCII)))
                .add(4, p.fromClient(ACK, 5, 501, "ef".getBytes(US_ASCII))) // "cd" comes late
                .add(5, p.fromServer(ACK, 501, 3, "")) // acknowledges "ab" only: a duplicate, not past the hole
                .add(6, p.fromClient(ACK, 3, 501, "cd".getBytes(US_ASCII)))
                .add(7, p.fromServer(ACK, 501, 7, ""))
                .add(8, p.fromClient(FIN | ACK, 7, 501, new byte[0]))
                .add(9, p.fromServer(FIN | ACK, 501, 8, ""));

        PcapImport imported = imported(f.pcap(101));

        assertThat(imported.problems()).isEmpty();
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("abcdef");
        assertThat(timeline(imported)).startsWith("2 c>s ab", "5 c>s cd", "5 c>s ef");
    }

    /** Frames 8 to 10 are lost: the server's acknowledgment steps by 12, which is 12 bytes or 11 and the FIN. */
    @Test
    void aLostTailWithNoFinCapturedIsCountedBothWays() throws Exception {
        PcapImport imported = imported(conversation(8, 9, 10));

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 12 bytes at offset 23, or 11 bytes and the FIN, acknowledged by"
                        + " the server were" + WHY);
    }

    /**
     * A connection with no SYN captured whose server has the higher port is told by the SYNs other connections sent
     * to that port, later in the file too; its SYN is said to be lost, as the capture began before it.
     */
    @Test
    void aConnectionFirstSeenMidCaptureTakesTheEndThatReceivedSynsAsServer() throws Exception {
        PcapImportTest.Packet mid = new PcapImportTest.Packet(ip -> ip, false, 35256, 49889);
        PcapImportTest.Packet other = new PcapImportTest.Packet(ip -> ip, false, 35300, 49889);
        PcapImportTest.Packet first = new PcapImportTest.Packet(ip -> ip, false, 35000, 6000);
        PcapFiles f = new PcapFiles()
                .add(1_000_000, first.fromClient(SYN, 0, 0, new byte[0]))
                .add(1_250_000, mid.fromServer(ACK, 9000, 4000, "from the server"))
                .add(1_250_010, mid.fromClient(ACK, 4000, 9015, "from the client".getBytes(US_ASCII)))
                .add(1_250_020, mid.fromClient(FIN | ACK, 4015, 9015, new byte[0]))
                .add(1_250_030, mid.fromServer(FIN | ACK, 9015, 4016, ""))
                .add(1_300_000, other.fromClient(SYN, 0, 0, new byte[0]))
                .add(1_300_010, other.fromServer(SYN | ACK, 70, 1, ""));

        PcapImport imported = imported(f.pcap(101));

        String client = PcapImportTest.C + ":35256";
        String server = PcapImportTest.S + ":49889";
        assertThat(imported.problems())
                .contains("connection #2 " + client + " -> " + server + ": its SYN was not captured (dropped?, or it"
                        + " began before the capture, which began 0.250 s before its first packet), so what either"
                        + " side sent before its first packet captured is missing; the streams start mid-connection");
        assertThat(((dev.weft.internet.testing.capture.OpenRecord)
                                imported.capture().connection(2).records().get(0))
                        .listener())
                .isEqualTo(server);
        assertThat(imported.capture().connection(2).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("from the client");
    }

    /**
     * Connection 1 stops while connection 2 goes on for a second: its end was not captured, and the problem says how
     * long the capture ran on. Connection 2, open when the capture stops, lost nothing and is not named.
     */
    @Test
    void aConnectionThatVanishesWhileTheCaptureGoesOnIsNamed() throws Exception {
        PcapImportTest.Packet gone = new PcapImportTest.Packet(ip -> ip, false, 40001);
        PcapImportTest.Packet open = new PcapImportTest.Packet(ip -> ip, false, 40002);
        PcapFiles f = new PcapFiles()
                .add(1_000_000, gone.fromClient(SYN, 0, 0, new byte[0]))
                .add(1_000_010, gone.fromServer(SYN | ACK, 70, 1, ""))
                .add(1_000_020, gone.fromClient(ACK, 1, 71, "hello".getBytes(US_ASCII)))
                .add(1_000_030, open.fromClient(SYN, 0, 0, new byte[0]))
                .add(1_000_040, open.fromServer(SYN | ACK, 70, 1, ""))
                .add(2_000_040, open.fromClient(ACK, 1, 71, "still here".getBytes(US_ASCII)));

        PcapImport imported = imported(f.pcap(101));

        assertThat(imported.problems())
                .containsExactly("connection #1 " + PcapImportTest.C + ":40001 -> " + PcapImportTest.S + ":80: its end"
                        + " was not captured (no FIN or RST from either side); the capture ran on 1.000 s past its"
                        + " last packet (still open when the capture stopped, or its last packets were not"
                        + " captured)");
    }

    /**
     * A capture of one direction has no acknowledgment to tell a hole is lost for good: once more than {@link
     * TcpStream#HISTORY} bytes wait behind it, it is given up on, and what waited is delivered, not held to the end.
     */
    @Test
    void aHoleNoAcknowledgmentPassesIsGivenUpOnOnceMoreThanTheHistoryWaitsBehindIt() {
        int segment = 64 * 1024;
        TcpStream stream = new TcpStream();
        stream.syn(0);
        long[] delivered = {0};
        stream.add(1, new byte[100], false, false, (o, b) -> delivered[0] += b.length);
        for (int i = 0; i < 80; i++) { // 100 bytes at offset 100 never come; 5 MiB wait behind them
            stream.add(201 + (long) i * segment, new byte[segment], false, false, (o, b) -> delivered[0] += b.length);
        }

        assertThat(delivered[0]).isEqualTo(100 + 80L * segment);
        assertThat(stream.held()).isBetween(TcpStream.HISTORY, TcpStream.HISTORY + segment);
    }

    /**
     * tcpdump on a loaded host writes some frames a few microseconds out of time order (17 in a capture of 5,376), and
     * a pcapng file may give each interface its own blocks: either way the import is the sorted file's.
     */
    @Test
    void framesOutOfTimeOrderAreImportedAsTheSortedFile() throws Exception {
        List<PcapFiles.Timed> sorted = frames();
        PcapImport expected = imported(pcap(sorted));
        List<PcapFiles.Timed> swapped = new ArrayList<>(sorted);
        for (int i = 1; i + 1 < swapped.size(); i += 3) {
            Collections.swap(swapped, i, i + 1); // a later frame first, by microseconds
        }
        List<PcapFiles.Timed> halves = new ArrayList<>(sorted.subList(8, 16));
        halves.addAll(sorted.subList(0, 8)); // the second half's frames first, as if from another interface

        for (List<PcapFiles.Timed> disorder : List.of(swapped, halves)) {
            PcapImport imported = imported(pcap(disorder));

            assertThat(imported.problems()).isEmpty();
            assertThat(imported.capture().records())
                    .isEqualTo(expected.capture().records());
        }
    }

    /**
     * Two segments of five are lost: one line sums up the gaps of the direction, as frames cut at the snapshot length
     * are, and {@link PcapImport#holes()} lists each.
     */
    @Test
    void theGapsOfOneDirectionAreSummedUpInOneLineAndListedApart() throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, 0, new byte[0]))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""));
        String[] pieces = {"ab", "cd", "ef", "gh", "ij"};
        for (int i = 0; i < pieces.length; i++) {
            if (i != 1 && i != 3) { // "cd" and "gh" are lost
                f.add(3 + 2L * i, p.fromClient(ACK, 1 + 2L * i, 501, pieces[i].getBytes(US_ASCII)));
            }
            f.add(4 + 2L * i, p.fromServer(ACK, 501, 3 + 2L * i, ""));
        }
        f.add(20, p.fromClient(FIN | ACK, 11, 501, new byte[0])).add(21, p.fromServer(FIN | ACK, 501, 12, ""));

        PcapImport imported = imported(f.pcap(101));

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 4 bytes missing in 2 gaps (the first 2 bytes at offset 2; segments"
                        + " not captured); the bytes after each gap were kept, so the stream lacks them;"
                        + " PcapImport.holes() lists each");
        assertThat(imported.holes())
                .containsExactly(
                        "connection #1 c>s: 2 bytes missing at offset 2",
                        "connection #1 c>s: 2 bytes missing at offset 6");
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("abefij");
    }

    /** A segment captured after the peer acknowledged past it comes too late for its hole: it is named, not lost. */
    @Test
    void aSegmentComingAfterItsHoleWasGivenUpOnIsNamed() throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, 0, new byte[0]))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, p.fromClient(ACK, 1, 501, "ab".getBytes(US_ASCII)))
                .add(4, p.fromClient(ACK, 5, 501, "ef".getBytes(US_ASCII)))
                .add(5, p.fromServer(ACK, 501, 7, "")) // past "cd": the hole is given up on
                .add(6, p.fromClient(ACK, 3, 501, "cd".getBytes(US_ASCII))) // captured out of order, too late
                .add(7, p.fromClient(FIN | ACK, 7, 501, new byte[0]))
                .add(8, p.fromServer(FIN | ACK, 501, 8, ""));

        PcapImport imported = imported(f.pcap(101));

        assertThat(imported.problems())
                .containsExactly(
                        "connection #1 c>s: 2 bytes missing at offset 2 (segments not captured); the bytes after the gap"
                                + " were kept, so the stream lacks them",
                        "connection #1 c>s: 2 bytes of the gaps came after the stream had passed them (retransmitted,"
                                + " or captured out of order), too late to keep in order; they were dropped");
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("abef");
    }
}
