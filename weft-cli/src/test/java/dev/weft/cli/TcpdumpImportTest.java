package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureReplay;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Captures a live conversation with {@code tcpdump -i lo}, imports it and replays it: needs tcpdump
 * and the right to capture (root or CAP_NET_RAW), so it runs in the {@code twisted} profile.
 */
@Tag("twisted")
@Isolated // runs alone: tcpdump watches the loopback interface
final class TcpdumpImportTest {
    @TempDir
    Path dir;

    @Test
    void aLiveTcpdumpCaptureImportsAndReplaysToTheSameServer() throws Exception {
        Path pcap = dir.resolve("live.pcap");
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("hello\n".getBytes(US_ASCII));
        payload.writeBytes(Clients.randomBytes(200_000, 14));
        try (EchoServer echo = EchoServer.start()) {
            Process tcpdump = Tcpdump.start(pcap, echo.port(), true);
            try {
                assertThat(Clients.exchange(echo.port(), payload.toByteArray()).reply())
                        .isEqualTo(payload.toByteArray());
                Tcpdump.awaitWholeConversation(pcap, echo.port());
            } finally {
                tcpdump.destroy();
                tcpdump.waitFor(30, TimeUnit.SECONDS);
            }
            Path capture = dir.resolve("live.weftcap");

            CliRun imported = CliRun.run(
                    "import", pcap.toString(), "--out", capture.toString(), "--port", String.valueOf(echo.port()));
            CliRun replay = CliRun.run("replay", capture.toString(), "--to", echo.endpoint());

            assertThat(imported.awaitExit()).as(imported.err.text()).isZero();
            assertThat(imported.err.text()).as("no holes").isEmpty();
            assertThat(replay.awaitExit())
                    .as(replay.out.text() + replay.err.text())
                    .isZero();
            assertThat(replay.lines().get(0))
                    .isEqualTo("#1 matches: sent 200006 bytes, received 200006 bytes (s>c)" + " as recorded");
            RecordedConnection c = Capture.read(capture).connection(1);
            assertThat(c.bytes(Side.CLIENT)).isEqualTo(payload.toByteArray());
            CaptureReplay.of(c).asServer(new EchoServer.Echo()).assertMatches();
        }
    }
}
