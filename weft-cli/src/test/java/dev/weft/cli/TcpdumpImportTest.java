package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureReplay;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import dev.weft.internet.testing.pcap.PcapFormatException;
import dev.weft.internet.testing.pcap.PcapImport;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
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
            Process tcpdump = startTcpdump(pcap, echo.port());
            try {
                assertThat(Clients.exchange(echo.port(), payload.toByteArray()).reply())
                        .isEqualTo(payload.toByteArray());
                awaitWholeConversation(pcap, echo.port());
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

    /** Starts tcpdump on the loopback interface and returns once it says it is capturing. */
    private static Process startTcpdump(Path pcap, int port) throws IOException {
        Process tcpdump;
        try {
            tcpdump =
                    new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-w", pcap.toString(), "tcp port " + port).start();
        } catch (IOException e) {
            return fail("tcpdump is not installed: apt-get install -y tcpdump (.ci/run does)");
        }
        BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), US_ASCII));
        String line = err.readLine(); // tcpdump prints "listening on lo, ..." once it captures
        if (line == null || !line.contains("listening on")) {
            tcpdump.destroy();
            return fail("tcpdump could not capture on lo (it needs root or CAP_NET_RAW): " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // tcpdump ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return tcpdump;
    }

    /** Waits, on file-change events, until the capture holds the conversation's two FINs. */
    private static void awaitWholeConversation(Path pcap, int port) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            pcap.getParent().register(watch, ENTRY_CREATE, ENTRY_MODIFY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!complete(pcap, port)) {
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    fail("tcpdump wrote no complete conversation to " + pcap + " within 60 s");
                }
                key.pollEvents();
                key.reset();
            }
        }
    }

    private static boolean complete(Path pcap, int port) throws IOException {
        if (!Files.exists(pcap)) {
            return false;
        }
        try {
            Capture c = PcapImport.read(pcap, port, null).capture();
            return !c.connections().isEmpty()
                    && c.connection(1).halfClosed(Side.CLIENT)
                    && c.connection(1).halfClosed(Side.SERVER);
        } catch (PcapFormatException e) {
            return false; // a packet record half written: the next change completes it
        }
    }
}
