package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A real {@code tcpdump -i lo -s 100} capture of bulk data, imported: every frame is cut in its payload (66 bytes of
 * loopback headers leave 34 of payload), and the import keeps each captured part and reports the rest (a retransmission
 * on loopback, itself cut, may bring bytes of a hole already passed: it is named, inside the count). Runs where
 * tcpdump is installed and may capture (root or CAP_NET_RAW); elsewhere it is skipped, saying why, since the
 * hand-built frames of weft-testing's {@code PcapCutPayloadTest} check the same import on every build.
 */
@Isolated // tcpdump watches the loopback interface
final class ImportSnapLengthTcpdumpTest {
    private static final Pattern CUT = Pattern.compile("weft import: warning: connection #1 (c>s|s>c): (\\d+) bytes in"
            + " (\\d+) holes \\(the first \\d+ bytes at offset \\d+\\) were not captured: their frames were cut at the"
            + " snapshot length 100; the captured part of each and the bytes after each hole were kept, so the stream"
            + " lacks them(; later copies \\(retransmissions\\) carried \\d+ bytes? of the holes after the stream had"
            + " passed them, too late to keep in order)?; capture again with tcpdump -s 0");

    @TempDir
    Path dir;

    @Test
    void bulkDataCapturedWithASnapshotLengthOf100KeepsEveryCapturedByteAndCountsTheRest() throws Exception {
        Path pcap = dir.resolve("s100.pcap");
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("hello\n".getBytes(US_ASCII));
        payload.writeBytes(Clients.randomBytes(200_000, 15));
        try (EchoServer echo = EchoServer.start()) {
            Process tcpdump = Tcpdump.start(pcap, echo.port(), false, "-s", "100");
            try {
                assertThat(Clients.exchange(echo.port(), payload.toByteArray()).reply())
                        .isEqualTo(payload.toByteArray());
                Tcpdump.awaitWholeConversation(pcap, echo.port());
            } finally {
                tcpdump.destroy();
                tcpdump.waitFor(30, TimeUnit.SECONDS);
            }
            Path capture = dir.resolve("s100.weftcap");

            CliRun imported = CliRun.run(
                    "import", pcap.toString(), "--out", capture.toString(), "--port", String.valueOf(echo.port()));

            assertThat(imported.awaitExit()).as(imported.err.text()).isZero();
            List<String> warnings = imported.err.text().lines().toList();
            assertThat(warnings)
                    .as(imported.err.text())
                    .hasSize(2)
                    .allMatch(w -> CUT.matcher(w).matches());
            RecordedConnection c = Capture.read(capture).connection(1);
            for (String warning : warnings) {
                Matcher m = CUT.matcher(warning);
                assertThat(m.matches()).isTrue();
                Side side = m.group(1).equals("c>s") ? Side.CLIENT : Side.SERVER;
                // nothing lost: what was kept and what is reported missing make the whole stream
                assertThat(c.bytes(side).length + Long.parseLong(m.group(2)))
                        .as(warning)
                        .isEqualTo(payload.size());
                assertKeptInOrder(c, side, payload.toByteArray());
            }
            assertThat(c.halfClosed(Side.CLIENT)).isTrue();
            assertThat(c.halfClosed(Side.SERVER)).isTrue();
        }
    }

    /** Nothing invented: each data record of {@code side} is a run of the payload, each after the one before. */
    private static void assertKeptInOrder(RecordedConnection c, Side side, byte[] payload) {
        int from = 0;
        for (CaptureRecord r : c.records()) {
            if (r instanceof DataRecord d && d.from() == side) {
                int at = indexOf(payload, d.bytes(), from);
                assertThat(at)
                        .as("a %d-byte %s record found in the payload from %d", d.bytes().length, side, from)
                        .isGreaterThanOrEqualTo(0);
                from = at + d.bytes().length;
            }
        }
        assertThat(c.bytes(side)).startsWith(java.util.Arrays.copyOf(payload, 34)); // the first frame's part
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
