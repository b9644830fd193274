package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.PiecesInputStream;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A frame is cut only when the file holds fewer of its bytes than its original length: a header that runs past the end
 * of a frame captured whole is damaged, and an IP length past it keeps the bytes the frame holds. Each file is imported
 * whole, split at every boundary and one byte at a time, alike.
 */
final class PcapWholeFrameTest {
    private static final String DAMAGED = "1 frame has a damaged IP or TCP header (a header length below 5 words, a TCP"
            + " header past the end of its IP packet, or a header past the end of a frame captured whole), so its"
            + " segment is missing; the capture is damaged there, or was written by a faulty tool";

    /** A SYN, then {@code data} from the client: raw IP frames. */
    private static byte[] file(byte[] data) throws Exception {
        return new PcapFiles()
                .add(
                        1,
                        PcapFiles.ipv4(
                                PcapImportTest.C, PcapImportTest.S, PcapFiles.tcp(SYN, 0, new byte[0], 40000, 80)))
                .add(2, data)
                .pcap(101);
    }

    private static byte[] hello() throws Exception {
        return PcapFiles.ipv4(
                PcapImportTest.C, PcapImportTest.S, PcapFiles.tcp(ACK, 1, "hello".getBytes(US_ASCII), 40000, 80));
    }

    @Test
    void aTcpDataOffsetPastTheEndOfAWholeFrameIsDamagedNotCut() throws Exception {
        byte[] frame = hello();
        frame[20 + 12] = (byte) 0xF0; // 15 words: 60 bytes of TCP header, in a frame of 45
        assertThat(imported(file(frame))).isEqualTo(new Imported(List.of(DAMAGED), ""));
    }

    @Test
    void anIpv6ExtensionHeaderPastTheEndOfAWholeFrameIsDamagedNotCut() throws Exception {
        byte[] tcp = PcapFiles.tcp(ACK, 1, "hello".getBytes(US_ASCII), 40000, 80);
        byte[] frame = PcapFiles.ipv6("fd00::1", "fd00::2", tcp);
        frame[40] = 0; // the hop-by-hop header is followed by another hop-by-hop header...
        frame[41] = (byte) 255; // ...of 2048 bytes, far past the frame's end
        byte[] syn = PcapFiles.ipv6("fd00::1", "fd00::2", PcapFiles.tcp(SYN, 0, new byte[0], 40000, 80));
        byte[] file = new PcapFiles().add(1, syn).add(2, frame).pcap(101);
        assertThat(imported(file)).isEqualTo(new Imported(List.of(DAMAGED), ""));
    }

    /** The same header in a frame the snapshot length cut is cut, not damaged: it may well be whole on the wire. */
    @Test
    void aTcpHeaderPastTheEndOfACutFrameIsCut() throws Exception {
        byte[] frame = hello();
        frame[20 + 12] = (byte) 0xF0;
        byte[] cut = PcapFiles.cut(frame, 44); // 44 of its 45 bytes
        assertThat(imported(file(cut)).problems())
                .containsExactly("1 frame was cut at the snapshot length before the end of its TCP header, so its"
                        + " segment is missing; capture again with tcpdump -s 0");
    }

    @Test
    void anIpLengthPastTheEndOfAWholeFrameKeepsItsBytesAndInventsNoHole() throws Exception {
        byte[] frame = hello();
        ByteBuffer.wrap(frame).putShort(2, (short) 65535);
        assertThat(imported(file(frame)))
                .isEqualTo(new Imported(
                        List.of("1 frame captured whole has an IP length past its end (a damaged length): the TCP"
                                + " bytes it holds were kept, and nothing is counted missing for it; the capture is"
                                + " damaged there, or was written by a faulty tool"),
                        "hello"));
    }

    /** What an import found: its problems, and the client's bytes. */
    record Imported(List<String> problems, String client) {}

    /** Imports {@code file} whole, split at every boundary and one byte at a time; each must find the same. */
    private static Imported imported(byte[] file) throws IOException {
        Imported whole = importFrom(() -> new ByteArrayInputStream(file));
        List<Split> splits = Chunking.standard().splits(file.length).collect(Collectors.toList());
        splits.add(Split.oneByteAtATime());
        for (Split split : splits) {
            assertThat(importFrom(() -> new PiecesInputStream(split.pieces(file))))
                    .as(split.toString())
                    .isEqualTo(whole);
        }
        return whole;
    }

    private static Imported importFrom(PcapImport.Opener opener) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        PcapImport imported = PcapImport.run(
                opener,
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
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        for (CaptureRecord r : records) {
            if (r instanceof DataRecord d && d.from() == Side.CLIENT) {
                client.writeBytes(d.bytes());
            }
        }
        return new Imported(imported.problems(), client.toString(US_ASCII));
    }
}
