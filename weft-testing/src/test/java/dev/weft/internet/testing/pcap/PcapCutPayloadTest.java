package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Frames cut in their TCP payload (tcpdump -s N): the captured beginning of each payload is kept, the rest is a hole
 * reported with the snapshot length; nothing captured is lost and nothing missing is invented.
 */
final class PcapCutPayloadTest {
    /** IPv4 and TCP headers of 20 bytes each, then 5 bytes of payload. */
    private static final int SNAP = 45;

    /** Cuts each raw IP frame at {@code snap} bytes, as tcpdump -s does. */
    private static PcapImportTest.Packet cutAt(int snap, boolean v6) {
        return new PcapImportTest.Packet(ip -> PcapFiles.cut(ip, snap), v6);
    }

    /** A pcap file of {@code f}'s frames whose header gives {@code snap} as the snapshot length. */
    private static byte[] pcap(PcapFiles f, int snap) {
        byte[] file = f.pcap(101);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(16, snap);
        return file;
    }

    @Test
    void theCapturedPartOfEachCutPayloadIsKeptAndTheRestReportedAsHoles() throws Exception {
        PcapImportTest.Packet p = cutAt(SNAP, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, ""))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, p.fromClient(ACK, 1, "0123456789"))
                .add(4, p.fromClient(ACK, 11, "abcdefghij"))
                .add(5, p.fromServer(ACK, 501, 21, "ok")) // whole: 42 bytes
                .add(6, p.fromClient(FIN | ACK, 21, "ABCDEFGHIJ")) // cut, and its FIN after the 10 bytes
                .add(7, p.fromServer(FIN | ACK, 503, 32, ""));

        PcapImport imported = PcapImport.read(pcap(f, SNAP), 0, null);

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 15 bytes in 3 holes (the first 5 bytes at offset 5) were not"
                        + " captured: their frames were cut at the snapshot length 45; the captured part of each and"
                        + " the bytes after each hole were kept, so the stream lacks them; capture again with tcpdump"
                        + " -s 0");
        RecordedConnection c = imported.capture().connection(1);
        assertThat(c.bytes(Side.CLIENT)).asString(US_ASCII).isEqualTo("01234abcdeABCDE");
        assertThat(c.bytes(Side.SERVER)).asString(US_ASCII).isEqualTo("ok");
        assertThat(c.halfClosed(Side.CLIENT)).isTrue();
        // each part at its own frame's time (from the first frame, 1 µs), in the order of the conversation
        assertThat(c.records().stream()
                        .filter(r -> r instanceof DataRecord)
                        .map(r -> r.micros() + " " + new String(((DataRecord) r).bytes(), US_ASCII)))
                .containsExactly("2 01234", "3 abcde", "4 ok", "5 ABCDE");
    }

    /** One hole reads in the singular; a frame cut right after its TCP header keeps nothing and loses nothing else. */
    @Test
    void aFrameCutAtTheEndOfItsTcpHeaderIsOneHoleOfItsWholePayload() throws Exception {
        for (boolean v6 : new boolean[] {false, true}) {
            int headers = v6 ? 68 : 40; // IPv6 with a hop-by-hop header of 8 bytes
            PcapImportTest.Packet p = cutAt(headers, v6);
            PcapImportTest.Packet whole = new PcapImportTest.Packet(ip -> ip, v6);
            PcapFiles f = new PcapFiles()
                    .add(1, whole.fromClient(SYN, 0, ""))
                    .add(2, whole.fromServer(SYN | ACK, 500, 1, ""))
                    .add(3, whole.fromClient(ACK, 1, "GET "))
                    .add(4, p.fromClient(ACK, 5, "lost"))
                    .add(5, whole.fromClient(ACK, 9, " kept"));

            PcapImport imported = PcapImport.read(pcap(f, headers), 0, null);

            assertThat(imported.problems())
                    .containsExactly(
                            "connection #1 c>s: 4 bytes at offset 4 were not captured: the frame was cut at the"
                                    + " snapshot length " + headers
                                    + "; its captured part and the bytes after it were kept,"
                                    + " so the stream lacks them; capture again with tcpdump -s 0");
            assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                    .asString(US_ASCII)
                    .isEqualTo("GET  kept");
        }
    }

    /** A copy captured whole before the stream reaches a cut fills it: no hole is invented. */
    @Test
    void aWholeCopyCapturedBeforeTheStreamReachesTheCutFillsIt() throws Exception {
        PcapImportTest.Packet cut = cutAt(SNAP, false);
        PcapImportTest.Packet whole = new PcapImportTest.Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, whole.fromClient(SYN, 0, ""))
                .add(2, whole.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, cut.fromClient(ACK, 11, "abcdefghij")) // ahead of the stream: held, its tail cut
                .add(4, whole.fromClient(ACK, 11, "abcdefghij")) // the same segment again, whole
                .add(5, whole.fromClient(ACK, 1, "0123456789"));

        PcapImport imported = PcapImport.read(pcap(f, 262144), 0, null);

        assertThat(imported.problems()).isEmpty();
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("0123456789abcdefghij");
    }

    /** A retransmission cut elsewhere, coming once the stream has passed a hole, is named, not silently dropped. */
    @Test
    void aLaterCopyOfBytesAlreadyPassedAsCutIsNamed() throws Exception {
        PcapImportTest.Packet p = cutAt(SNAP, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, ""))
                .add(2, p.fromServer(SYN | ACK, 500, 1, ""))
                .add(3, p.fromClient(ACK, 1, "0123456789"))
                .add(4, p.fromClient(ACK, 8, "789")); // resent from offset 7: "789" is within the snapshot length

        PcapImport imported = PcapImport.read(pcap(f, SNAP), 0, null);

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 5 bytes at offset 5 were not captured: the frame was cut at the"
                        + " snapshot length 45; its captured part and the bytes after it were kept, so the stream lacks"
                        + " them; later copies (retransmissions) carried 3 bytes of the holes after the stream had"
                        + " passed them, too late to keep in order; capture again with tcpdump -s 0");
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("01234");
    }

    /**
     * A stream in segments of random sizes, each frame cut at a random snapshot length (or not at all), in order: the
     * stream holds exactly the captured parts, the holes add up to the rest, and no other problem is invented.
     */
    @Property(tries = 200)
    void anyCutsKeepExactlyWhatWasCapturedAndCountTheRest(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int size, @ForAll boolean v6) throws Exception {
        Random random = new Random(seed);
        byte[] stream = new byte[size];
        random.nextBytes(stream);
        int headers = v6 ? 68 : 40; // IPv6 with a hop-by-hop header of 8 bytes
        PcapImportTest.Packet whole = new PcapImportTest.Packet(ip -> ip, v6);
        PcapFiles f = new PcapFiles().add(1, whole.fromClient(SYN, 0, "")).add(2, whole.fromServer(SYN | ACK, 9, ""));
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long cut = 0;
        long time = 3;
        for (int at = 0; at < size; ) {
            int n = 1 + random.nextInt(Math.min(60, size - at));
            int captured = random.nextInt(3) == 0 ? n : random.nextInt(n + 1);
            PcapImportTest.Packet p = cutAt(headers + captured, v6);
            f.add(time++, p.fromClient(ACK, 1 + at, Arrays.copyOfRange(stream, at, at + n)));
            kept.write(stream, at, captured);
            cut += n - captured;
            at += n;
        }
        f.add(time++, whole.fromClient(FIN | ACK, 1 + size, ""));
        f.add(time, whole.fromServer(FIN | ACK, 10, 2 + size, ""));

        PcapImport imported = PcapImport.read(f.pcap(101), 0, null);

        assertThat(imported.capture().connection(1).bytes(Side.CLIENT)).isEqualTo(kept.toByteArray());
        assertThat(imported.capture().connection(1).halfClosed(Side.CLIENT)).isTrue();
        if (cut == 0) {
            assertThat(imported.problems()).isEmpty();
        } else {
            assertThat(imported.problems())
                    .singleElement()
                    .asString()
                    .startsWith("connection #1 c>s: " + (cut == 1 ? "1 byte " : cut + " bytes "));
        }
    }
}
