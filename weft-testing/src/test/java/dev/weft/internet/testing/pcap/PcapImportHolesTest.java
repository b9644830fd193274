package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the acknowledgments tell about bytes never captured, and retransmissions that differ from the first copy. */
final class PcapImportHolesTest {
    static final String WHY = " not captured (was the capture filtered to one direction, or did tcpdump drop packets?)";

    /** tcpdump "tcp src port P": only the server's segments, which acknowledge the requests and their FINs. */
    @Test
    void aCaptureOfTheServerSideOnlyReportsWhatTheServerAcknowledged() throws Exception {
        PcapImport imported = PcapImport.read(PcapImportTest.resource("lo4-server-side.pcap"), 0, null);

        assertThat(imported.problems())
                .containsExactly(
                        "connection #1 c>s: 9 bytes at offset 0 and the FIN acknowledged by the server were" + WHY,
                        "connection #2 c>s: 20 bytes at offset 0 and the FIN acknowledged by the server were" + WHY);
        RecordedConnection first = imported.capture().connection(1);
        assertThat(first.bytes(Side.SERVER)).asString(US_ASCII).isEqualTo("hi GET /one\nand bye\n");
        assertThat(first.bytes(Side.CLIENT)).isEmpty();
    }

    /** tcpdump "tcp dst port P": only the client's segments; the server's SYN-ACK is missing too. */
    @Test
    void aCaptureOfTheClientSideOnlyReportsWhatTheClientAcknowledged() throws Exception {
        PcapImport imported = PcapImport.read(PcapImportTest.resource("lo4-client-side.pcap"), 0, null);

        assertThat(imported.problems())
                .containsExactly(
                        "connection #1 s>c: 20 bytes at offset 0 and the FIN acknowledged by the client were" + WHY,
                        "connection #2 s>c: 31 bytes at offset 0 and the FIN acknowledged by the client were" + WHY);
        assertThat(imported.capture().connection(2).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("GET /second-request\n");
    }

    @Test
    void theWholeCaptureOfTheSameConnectionsHasNoProblem() throws Exception {
        PcapImport imported = PcapImport.read(PcapImportTest.resource("lo4-both-sides.pcap"), 0, null);

        assertThat(imported.problems()).isEmpty();
        assertThat(imported.capture().connection(2).bytes(Side.SERVER))
                .asString(US_ASCII)
                .isEqualTo("hi GET /second-request\nand bye\n");
    }

    /** tcpdump -s 60: every frame ends inside its TCP header (loopback frames carry 66 bytes of headers). */
    @Test
    void aCaptureCutInsideTheTcpHeadersSaysSoWithTheSnapshotLength() throws Exception {
        PcapImport imported = PcapImport.read(PcapImportTest.resource("lo4-snap60.pcap"), 0, null);

        assertThat(imported.capture().connections()).isEmpty();
        assertThat(imported.problems())
                .containsExactly("24 frames were cut at the snapshot length 60 before the end of their TCP header, so"
                        + " their segments are missing; capture again with tcpdump -s 0");
    }

    /**
     * The client's sequence numbers wrap around 2^32 mid-stream; its last 12 bytes and FIN are lost in four ways. A
     * FIN's acknowledgment is the last step forward, by one; with no FIN captured, the last of the bytes acknowledged
     * may have been the FIN, and the problem says so.
     */
    @Test
    void bytesAndFinsAcknowledgedButNotCapturedAreCountedAcrossTheSequenceWrap() throws Exception {
        assertThat(lostTail(12, false, false))
                .containsExactly(
                        "connection #1 c>s: 12 bytes at offset 4, or 11 bytes and the FIN, acknowledged by the server"
                                + " were" + WHY);
        assertThat(lostTail(12, true, false))
                .containsExactly(
                        "connection #1 c>s: 12 bytes at offset 4 and the FIN acknowledged by the server were" + WHY);
        assertThat(lostTail(1, false, false))
                .containsExactly(
                        "connection #1 c>s: 1 byte at offset 15, or the FIN, acknowledged by the server was" + WHY);
        assertThat(lostTail(0, true, false))
                .containsExactly("connection #1 c>s: the FIN acknowledged by the server was" + WHY
                        + "; its half-close is written where the server acknowledged it");
        assertThat(lostTail(0, true, true)).as("nothing lost").isEmpty();
    }

    /**
     * Sends "abcdefghijklmnop" from a client whose ISN is 2^32 - 8, loses its last {@code lost} bytes, ends with a
     * FIN if {@code fin} (captured if {@code finCaptured}), and returns the import's problems.
     */
    private static List<String> lostTail(int lost, boolean fin, boolean finCaptured) throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        long c = 0xFFFFFFF8L;
        long s = 7000;
        byte[] data = "abcdefghijklmnop".getBytes(US_ASCII);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, c, 0, new byte[0]))
                .add(2, p.fromServer(SYN | ACK, s, c + 1, ""))
                .add(3, p.fromClient(ACK, c + 1, s + 1, java.util.Arrays.copyOf(data, 4)));
        if (data.length - lost > 4) {
            f.add(4, p.fromClient(ACK, (c + 5) % (1L << 32), s + 1, java.util.Arrays.copyOfRange(data, 4, 16 - lost)));
        }
        f.add(5, p.fromServer(ACK, s + 1, (c + 17) % (1L << 32), "ok"));
        if (fin) {
            if (finCaptured) {
                f.add(6, p.fromClient(FIN | ACK, (c + 17) % (1L << 32), s + 3, new byte[0]));
            }
            f.add(7, p.fromServer(ACK, s + 3, (c + 18) % (1L << 32), ""));
        }
        return PcapImport.read(f.pcap(101), 0, null).problems();
    }

    /**
     * A stream sent in every split, each piece acknowledged: nothing is reported; losing the last piece is reported
     * with its length and offset.
     */
    @Test
    void theLostLastPieceOfEverySplitIsReportedAndNothingElse() throws Exception {
        byte[] stream = new byte[200];
        new Random(5).nextBytes(stream);
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        Chunking.standard().withMaxFixedSize(32).splits(stream.length).forEach(split -> {
            try {
                List<byte[]> pieces = split.pieces(stream);
                // A lost last byte after a longer piece reads as a lost FIN: both move the peer's acknowledgment by 1.
                int last = pieces.get(pieces.size() - 1).length;
                boolean ambiguous = last == 1 && pieces.size() > 1 && pieces.get(pieces.size() - 2).length > 1;
                for (boolean loseLast : ambiguous ? new boolean[] {false} : new boolean[] {false, true}) {
                    PcapFiles f = new PcapFiles()
                            .add(1, p.fromClient(SYN, 0, 0, new byte[0]))
                            .add(2, p.fromServer(SYN | ACK, 900, 1, ""));
                    int offset = 0;
                    for (int i = 0; i < pieces.size(); i++) {
                        byte[] piece = pieces.get(i);
                        if (!(loseLast && i == pieces.size() - 1)) {
                            f.add(3 + 2L * i, p.fromClient(ACK, 1 + offset, 901, piece));
                        }
                        offset += piece.length;
                        f.add(4 + 2L * i, p.fromServer(ACK, 901, 1 + offset, ""));
                    }

                    PcapImport imported = PcapImport.read(f.pcap(101), 0, null);

                    assertThat(imported.problems())
                            .as("%s", split)
                            .isEqualTo(
                                    loseLast
                                            ? List.of("connection #1 c>s: " + (last == 1 ? "1 byte" : last + " bytes")
                                                    + " at offset " + (stream.length - last)
                                                    + orTheFin(last)
                                                    + " acknowledged by the server " + (last == 1 ? "was" : "were")
                                                    + WHY)
                                            : List.of());
                }
            } catch (Exception e) {
                throw new AssertionError(split + ": " + e, e);
            }
        });
    }

    /** The other reading of {@code n} bytes acknowledged but not captured when no FIN was: the last was the FIN. */
    private static String orTheFin(int n) {
        return n == 1 ? ", or the FIN," : ", or " + (n - 1) + (n == 2 ? " byte" : " bytes") + " and the FIN,";
    }

    /** "abcd" arrives out of order first; a later copy covering it says "XXXX": "abcd" is kept, and said to be. */
    @Test
    void aRetransmissionWithOtherBytesIsReportedAndTheCopyCapturedFirstIsKept() throws Exception {
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, ""))
                .add(2, p.fromServer(SYN | ACK, 500, ""))
                .add(3, p.fromClient(ACK, 1, "01"))
                .add(4, p.fromClient(ACK, 5, "abcd"))
                .add(5, p.fromClient(ACK, 3, "23XXXX67"))
                .add(6, p.fromClient(ACK, 1, "01")) // the same bytes again: not a problem
                .add(7, p.fromClient(FIN | ACK, 11, ""))
                .add(8, p.fromServer(FIN | ACK, 501, ""));

        PcapImport imported = PcapImport.read(f.pcap(101), 0, null);

        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("0123abcd67");
        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: a retransmission differs from the copy captured first in 4 of 4"
                        + " bytes, from offset 4; the copy captured first was kept");
    }

    /** Identical retransmissions of delivered and of held bytes, in every split, are no problem. */
    @Test
    void identicalRetransmissionsInEverySplitAreNoProblem() throws Exception {
        byte[] stream = new byte[100];
        new Random(6).nextBytes(stream);
        PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false);
        Chunking.standard().withMaxFixedSize(16).splits(stream.length).forEach(split -> {
            try {
                PcapFiles f = new PcapFiles().add(1, p.fromClient(SYN, 0, "")).add(2, p.fromServer(SYN | ACK, 5, ""));
                int offset = 0;
                for (byte[] piece : split.pieces(stream)) {
                    f.add(3, p.fromClient(ACK, 1 + offset, 0, piece));
                    offset += piece.length;
                }
                // the whole stream again, then its second half: overlapping every piece
                f.add(4, p.fromClient(ACK, 1, 0, stream));
                f.add(5, p.fromClient(ACK, 51, 0, java.util.Arrays.copyOfRange(stream, 50, 100)));

                PcapImport imported = PcapImport.read(f.pcap(101), 0, null);

                assertThat(imported.problems()).as("%s", split).isEmpty();
                assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                        .as("%s", split)
                        .isEqualTo(stream);
            } catch (Exception e) {
                throw new AssertionError(split + ": " + e, e);
            }
        });
    }
}
