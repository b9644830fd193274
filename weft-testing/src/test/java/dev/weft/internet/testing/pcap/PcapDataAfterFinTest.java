package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bytes that come into order after their side's FIN, which only a damaged capture holds (here a SYN whose FIN flag is
 * set), are left out and reported, so the import gives a capture that holds only what TCP allows and reads back.
 */
final class PcapDataAfterFinTest {
    @Test
    void bytesAfterASynFinAreReportedAndLeftOut() throws Exception {
        byte[] pcap = new PcapFiles()
                .add(1, PcapFiles.ipv4("10.0.0.1", "10.0.0.2", PcapFiles.tcp(SYN | FIN, 0, new byte[0], 40000, 80)))
                .add(
                        2,
                        PcapFiles.ipv4(
                                "10.0.0.1",
                                "10.0.0.2",
                                PcapFiles.tcp(ACK, 1, "hello".getBytes(StandardCharsets.US_ASCII), 40000, 80)))
                .pcap(101);

        PcapImport imported = PcapImport.read(pcap, 0, null);

        Capture capture = imported.capture();
        assertThat(capture.connection(1).records()).anyMatch(r -> r instanceof HalfCloseRecord);
        assertThat(capture.connection(1).bytes(Side.CLIENT)).isEmpty();
        assertThat(imported.problems())
                .contains("connection #1 c>s: 5 bytes at offset 0 came after the client's FIN and were left out, as"
                        + " are any after them: a side sends nothing after its FIN, so the capture is damaged there (a"
                        + " FIN flag where none was sent?)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        capture.write(out);
        assertThat(Capture.read(new ByteArrayInputStream(out.toByteArray())).records())
                .isEqualTo(capture.records());
    }
}
