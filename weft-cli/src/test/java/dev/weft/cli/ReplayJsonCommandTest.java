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
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --json} follows the commands' JSON convention: an {@code event} on every line, snake_case keys. */
final class ReplayJsonCommandTest {
    @TempDir
    Path dir;

    /** #1 never reached its server (the tap's connect failed); #2 is an exchange of one line. */
    private Path capture() throws Exception {
        List<CaptureRecord> records = List.of(
                new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                new CloseRecord(1, 1, Side.SERVER, true, CloseKind.CONNECT_FAILED, "connection refused"),
                new CloseRecord(1, 2, Side.CLIENT, true, CloseKind.CLEAN, ""),
                new OpenRecord(2, 3, "127.0.0.1:5001", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                new ConnectedRecord(2, 4, "127.0.0.1:6000", "127.0.0.1:9000"),
                new DataRecord(2, 5, Side.CLIENT, "hi\n".getBytes(US_ASCII)),
                new DataRecord(2, 6, Side.SERVER, "HI\n".getBytes(US_ASCII)),
                new CloseRecord(2, 7, Side.CLIENT, false, CloseKind.CLEAN, ""),
                new CloseRecord(2, 8, Side.SERVER, true, CloseKind.CLEAN, ""));
        Path file = dir.resolve("two.weftcap");
        try (OutputStream out = Files.newOutputStream(file);
                CaptureWriter writer = new CaptureWriter(out, 0)) {
            for (CaptureRecord r : records) {
                writer.write(r);
            }
        }
        return file;
    }

    @Test
    void everyLineNamesItsEventAndEveryKeyIsSnakeCase() throws Exception {
        try (CliRun replay = CliRun.start("replay", capture().toString(), "--listen", "tcp:0", "--json")) {
            int port = replay.port();
            assertThat(Clients.exchange(port, "hi\n".getBytes(US_ASCII)).reply())
                    .isEqualTo("HI\n".getBytes(US_ASCII));
            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();

            List<Map<String, Object>> lines = parse(replay.lines());
            assertThat(lines)
                    .extracting(l -> l.get("event"))
                    .containsExactly("skipped", "listening", "connection", "summary");
            assertThat(lines.get(0))
                    .containsEntry("seq", 1L)
                    .containsEntry("reason", "the recording never reached the server");
            assertThat(lines.get(1))
                    .containsEntry("connect", "tcp:host=127.0.0.1:port=" + port)
                    .containsEntry("connections", 1L);
            assertThat(lines.get(2))
                    .containsEntry("seq", 2L)
                    .containsEntry("matches", true)
                    .containsEntry("expected_bytes", 3L)
                    .containsEntry("received_bytes", 3L)
                    .containsEntry("closed", "clean")
                    .containsEntry("timed_out", false);
            assertThat(lines.get(3)).containsEntry("connections", 1L).containsEntry("matching", 1L);
            for (Map<String, Object> line : lines) {
                assertSnakeCase(line);
            }
        }
    }

    @Test
    void aDifferingConnectionsLineHasTheSameShapeTowardsAServer() throws Exception {
        try (EchoServer echo = EchoServer.start()) { // answers "hi\n" where the recorded server said "HI\n"
            CliRun replay =
                    CliRun.run("replay", capture().toString(), "--to", echo.endpoint(), "--json", "--ignore", "x");

            assertThat(replay.awaitExit()).isEqualTo(1);
            List<Map<String, Object>> lines = parse(replay.lines());
            assertThat(lines).extracting(l -> l.get("event")).containsExactly("skipped", "connection", "summary");
            assertThat(lines.get(1)).containsEntry("matches", false).containsKeys("received_offset", "ignored_runs");
            for (Map<String, Object> line : lines) {
                assertSnakeCase(line);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(List<String> lines) {
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add((Map<String, Object>) Json.parse(line));
        }
        return parsed;
    }

    private static void assertSnakeCase(Map<?, ?> object) {
        for (Map.Entry<?, ?> e : object.entrySet()) {
            assertThat((String) e.getKey()).matches("[a-z][a-z0-9_]*");
            if (e.getValue() instanceof Map<?, ?> inner) {
                assertSnakeCase(inner);
            }
        }
    }
}
