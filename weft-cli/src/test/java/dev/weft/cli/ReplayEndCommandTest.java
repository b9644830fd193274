package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internal.json.Json;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureWriter;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft replay}'s verdict includes how the live peer ended its side, against how the recorded peer did. */
final class ReplayEndCommandTest {
    @TempDir
    Path dir;

    /** Connection #1: GET a, VALUE 1, then {@code end}'s records. */
    private Path capture(String name, CaptureRecord... end) throws Exception {
        List<CaptureRecord> records = new ArrayList<>(List.of(
                new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                new ConnectedRecord(1, 1, "127.0.0.1:6000", "127.0.0.1:9000"),
                new DataRecord(1, 2, Side.CLIENT, "GET a\n".getBytes(US_ASCII)),
                new DataRecord(1, 3, Side.SERVER, "VALUE 1\n".getBytes(US_ASCII))));
        records.addAll(List.of(end));
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                CaptureWriter writer = new CaptureWriter(out, 0)) {
            for (CaptureRecord r : records) {
                writer.write(r);
            }
        }
        return file;
    }

    /** Connects to the replay, sends the request and reads the reply; the caller ends the connection. */
    private static Socket ask(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write("GET a\n".getBytes(US_ASCII));
        assertThat(new String(socket.getInputStream().readNBytes(8), US_ASCII)).isEqualTo("VALUE 1\n");
        return socket;
    }

    @Test
    void aClientThatClosesWhereTheRecordedOneResetDiffersAtItsEnd() throws Exception {
        Path capture = capture(
                "client-resets.weftcap",
                new CloseRecord(1, 4, Side.CLIENT, false, CloseKind.RESET, "Connection reset by peer"),
                new CloseRecord(1, 5, Side.SERVER, true, CloseKind.ABORTED, "Connection reset by peer"));

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0")) {
            try (Socket socket = ask(replay.port())) {
                socket.shutdownOutput(); // a clean end of stream
                InputStream in = socket.getInputStream();
                assertThat(in.read())
                        .as("the replay closes after the client's end")
                        .isEqualTo(-1);
            }

            assertThat(replay.oneErrorLine(1)).isEqualTo("weft replay: 1 of 1 connection differs from the recording");
            assertThat(replay.lines().get(1))
                    .isEqualTo("#1 differs at its end: the client ended its side (an end of stream); the recorded"
                            + " client reset the connection after its 6 bytes (c>s: sent 8 bytes, received 6 bytes as"
                            + " recorded)");
            assertThat(replay.lines().get(2)).endsWith(", 0 matching, 1 differing");
        }
    }

    @Test
    void aClientThatResetsWhereTheRecordedOneHalfClosedDiffersInJson() throws Exception {
        Path capture = capture(
                "client-half-closes.weftcap",
                new HalfCloseRecord(1, 4, Side.CLIENT),
                new HalfCloseRecord(1, 5, Side.SERVER),
                new CloseRecord(1, 6, Side.SERVER, true, CloseKind.CLEAN, ""),
                new CloseRecord(1, 7, Side.CLIENT, true, CloseKind.CLEAN, ""));

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0", "--json")) {
            try (Socket socket = ask(replay.port())) {
                socket.setSoLinger(true, 0); // close with a reset
            }

            assertThat(replay.oneErrorLine(1)).isEqualTo("weft replay: 1 of 1 connection differs from the recording");
            @SuppressWarnings("unchecked")
            Map<String, Object> line =
                    (Map<String, Object>) Json.parse(replay.lines().get(1));
            assertThat(line)
                    .containsEntry("event", "connection")
                    .containsEntry("matches", false)
                    .containsEntry("offset", -1L)
                    .containsEntry("end_matches", false)
                    .containsEntry(
                            "end", "the client reset the connection; the recorded client half-closed after its 6 bytes")
                    .containsEntry("closed", "reset")
                    .containsEntry("timed_out", false);
            assertThat(replay.lines().get(2))
                    .isEqualTo("{\"event\":\"summary\",\"connections\":1,\"matching\":0,\"differing\":1}");
        }
    }

    @Test
    void aClientThatEndsItsSideAsTheRecordedOneDidMatches() throws Exception {
        Path capture = capture(
                "client-half-closes.weftcap",
                new HalfCloseRecord(1, 4, Side.CLIENT),
                new HalfCloseRecord(1, 5, Side.SERVER),
                new CloseRecord(1, 6, Side.SERVER, true, CloseKind.CLEAN, ""),
                new CloseRecord(1, 7, Side.CLIENT, true, CloseKind.CLEAN, ""));

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0", "--json")) {
            try (Socket socket = ask(replay.port())) {
                socket.shutdownOutput();
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }

            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(replay.lines().get(1))
                    .contains("\"matches\":true")
                    .contains("\"end_matches\":true")
                    .doesNotContain("\"end\":");
        }
    }
}
