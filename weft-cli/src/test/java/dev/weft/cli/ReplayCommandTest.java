package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureReplay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReplayCommandTest {
    @TempDir
    Path dir;

    /** Records {@code payloads} (one connection each, in order) sent through a tap to an echo server. */
    static Path record(Path capture, EchoServer echo, byte[]... payloads) throws Exception {
        try (CliRun tap = CliRun.start(
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                echo.endpoint(),
                "--record",
                capture.toString(),
                "--expect",
                String.valueOf(payloads.length))) {
            int port = tap.port();
            for (byte[] payload : payloads) {
                assertThat(Clients.exchange(port, payload).reply()).isEqualTo(payload);
            }
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
        }
        return capture;
    }

    @Test
    void aTappedConversationReplayedToTheSameServerMatches() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path capture = record(
                    dir.resolve("echo.weftcap"),
                    echo,
                    "hello\nworld\n".getBytes(US_ASCII),
                    Clients.randomBytes(70_000, 3));

            CliRun replay = CliRun.run("replay", capture.toString(), "--to", echo.endpoint());

            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(replay.lines())
                    .containsExactly(
                            "#1 matches: sent 12 bytes, received 12 bytes (s>c) as recorded",
                            "#2 matches: sent 70000 bytes, received 70000 bytes (s>c) as recorded",
                            "summary: 2 connections replayed to " + echo.endpoint() + ", 2 matching, 0 differing");
            assertThat(replay.err.text()).isEmpty();
        }
    }

    @Test
    void theSameCaptureReplaysInMemoryAgainstTheProtocolThatServedIt() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path capture = record(dir.resolve("echo.weftcap"), echo, "ping\npong\n".getBytes(US_ASCII));
            CaptureReplay replay = CaptureReplay.of(Capture.read(capture).connection(1));

            replay.asServer(new EchoServer.Echo()).assertMatches();
            replay.asServerInEverySplit(EchoServer.Echo::new, Chunking.standard());
        }
    }

    @Test
    void aServerThatAnswersDifferentlyIsNamedWithTheConnectionAndOffset() throws Exception {
        try (EchoServer echo = EchoServer.start();
                UpperCaseServer upper = UpperCaseServer.start(2)) {
            Path capture = record(
                    dir.resolve("echo.weftcap"), echo, "HELLO\n".getBytes(US_ASCII), "Hello\n".getBytes(US_ASCII));

            CliRun replay = CliRun.run("replay", capture.toString(), "--to", upper.endpoint());

            assertThat(replay.lines())
                    .containsExactly(
                            "#1 matches: sent 6 bytes, received 6 bytes (s>c) as recorded",
                            "#2 differs at byte 1: expected 0x65 'e', got 0x45 'E' (s>c: recorded 6 bytes, got 6)",
                            "summary: 2 connections replayed to " + upper.endpoint() + ", 1 matching, 1 differing");
            assertThat(replay.oneErrorLine(1)).isEqualTo("weft replay: 1 of 2 connections differs from the recording");
        }
    }

    @Test
    void jsonGivesTheDetailsOfEachConnection() throws Exception {
        try (EchoServer echo = EchoServer.start();
                UpperCaseServer upper = UpperCaseServer.start(1)) {
            Path capture = record(dir.resolve("echo.weftcap"), echo, "abc".getBytes(US_ASCII));

            CliRun replay = CliRun.run("replay", capture.toString(), "--to", upper.endpoint(), "--json");

            assertThat(replay.awaitExit()).isEqualTo(1);
            assertThat(replay.lines())
                    .containsExactly(
                            "{\"connection\":1,\"matches\":false,\"direction\":\"s>c\",\"sent\":3,\"expectedBytes\":3,"
                                    + "\"receivedBytes\":3,\"offset\":0,\"expected\":\"@0: [61] 62 63 |[a]bc|\","
                                    + "\"got\":\"@0: [41] 42 43 |[A]BC|\",\"close\":\"clean\",\"timedOut\":false}",
                            "{\"summary\":{\"connections\":1,\"matching\":0,\"differing\":1}}");
        }
    }

    @Test
    void oneConnectionCanBeChosen() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path capture =
                    record(dir.resolve("echo.weftcap"), echo, "one".getBytes(US_ASCII), "two".getBytes(US_ASCII));

            CliRun replay = CliRun.run("replay", capture.toString(), "--to", echo.endpoint(), "--connection", "2");
            CliRun missing = CliRun.run("replay", capture.toString(), "--to", echo.endpoint(), "--connection", "9");

            assertThat(replay.awaitExit()).isZero();
            assertThat(replay.lines().get(0)).isEqualTo("#2 matches: sent 3 bytes, received 3 bytes (s>c) as recorded");
            assertThat(missing.oneErrorLine(2))
                    .isEqualTo("weft replay: --connection 9: the capture has no connection #9; it has #1, #2");
            for (String n : new String[] {"0", "-1"}) {
                CliRun none = CliRun.run("replay", capture.toString(), "--to", echo.endpoint(), "--connection", n);
                assertThat(none.oneErrorLine(2))
                        .isEqualTo("weft replay: --connection must be 1 or more (connections are numbered from 1, as"
                                + " weft dump shows them), not " + n + "; leave it out to replay every connection");
                assertThat(none.out.text()).as("nothing replayed").isEmpty();
            }
        }
    }

    @Test
    void theRecordedServerIsPlayedToAClientUnderTest() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path capture = record(dir.resolve("echo.weftcap"), echo, "hello\n".getBytes(US_ASCII));

            try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0")) {
                int port = replay.port();
                byte[] reply =
                        Clients.exchange(port, "hello\n".getBytes(US_ASCII)).reply();

                assertThat(reply).asString(US_ASCII).isEqualTo("hello\n");
                assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
                assertThat(replay.lines().get(1))
                        .isEqualTo("#1 matches: sent 6 bytes, received 6 bytes (c>s) as recorded");
            }
        }
    }

    /** A --listen stopped (SIGINT, SIGTERM) before every recorded connection had a client has not checked them all. */
    @Test
    void aListeningReplayStoppedEarlyFailsNamingTheConnectionsNeverPlayed() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path capture =
                    record(dir.resolve("echo.weftcap"), echo, "one\n".getBytes(US_ASCII), "two\n".getBytes(US_ASCII));

            try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0")) {
                replay.port();
                replay.interrupter.interrupt(); // before any client came

                assertThat(replay.oneErrorLine(1))
                        .isEqualTo("weft replay: replayed 0 of 2 recorded connections: stopped by a signal before #1,"
                                + " #2 were played to a client, so they were not checked; stop only once every client"
                                + " has connected, or pick one with --connection N");
                assertThat(replay.lines().get(1)).endsWith(", 0 matching, 0 differing, 2 not replayed");
            }
            try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0", "--json")) {
                int port = replay.port();
                Clients.exchange(port, "one\n".getBytes(US_ASCII));
                replay.out.awaitContains("{\"connection\":1,\"matches\":true");
                replay.interrupter.interrupt();

                assertThat(replay.oneErrorLine(1))
                        .startsWith("weft replay: replayed 1 of 2 recorded connections: stopped by a signal before #2"
                                + " was played to a client, so it was not checked;");
                assertThat(replay.lines().get(1))
                        .isEqualTo("{\"summary\":{\"connections\":1,\"matching\":1,\"differing\":0,"
                                + "\"not_replayed\":1}}");
            }
        }
    }

    @Test
    void badCapturesGetOneLineAndExit1() throws Exception {
        byte[] random = new byte[300];
        new Random(5).nextBytes(random);
        byte[] future = {(byte) 0x89, 'W', 'E', 'F', 'T', 'C', 'A', 'P', 0, 9, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] truncated = {(byte) 0x89, 'W', 'E', 'F', 'T', 'C', 'A', 'P', 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0};
        String[][] cases = {
            {"empty", "", "the capture file is empty"},
            {"random", new String(random, java.nio.charset.StandardCharsets.ISO_8859_1), "not a weft capture file"},
            {"future", new String(future, java.nio.charset.StandardCharsets.ISO_8859_1), "version 9 is not supported"},
            {"truncated", new String(truncated, java.nio.charset.StandardCharsets.ISO_8859_1), "truncated record"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve(c[0] + ".weftcap");
            Files.write(file, c[1].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

            CliRun replay = CliRun.run("replay", file.toString(), "--to", "tcp:host=127.0.0.1:port=9");

            assertThat(replay.oneErrorLine(1))
                    .as(c[0])
                    .startsWith("weft replay: " + file + ": ")
                    .contains(c[2]);
        }
        CliRun missing = CliRun.run("replay", dir.resolve("none").toString(), "--to", "tcp:host=127.0.0.1:port=9");
        assertThat(missing.oneErrorLine(1)).contains("no such file");
        CliRun both = CliRun.run("replay", "x", "--to", "tcp:host=a:port=1", "--listen", "tcp:0");
        assertThat(both.oneErrorLine(2)).contains("mutually exclusive");
    }

    /**
     * Answers each read in upper case as it arrives and closes at the client's end of stream; on plain
     * sockets. Answering as data arrives (not at the end) lets a replay that waits for the reply before
     * sending its end of stream (as the tap may have recorded it) work either way.
     */
    static final class UpperCaseServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        private UpperCaseServer(ServerSocket server, int connections) {
            this.server = server;
            thread = new Thread(
                    () -> {
                        for (int i = 0; i < connections; i++) {
                            try (Socket s = server.accept()) {
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream();
                                byte[] buffer = new byte[8192];
                                for (int n; (n = in.read(buffer)) > 0; ) {
                                    String text = new String(buffer, 0, n, US_ASCII);
                                    out.write(text.toUpperCase(Locale.ROOT).getBytes(US_ASCII));
                                }
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "upper-case-server");
            thread.setDaemon(true);
            thread.start();
        }

        static UpperCaseServer start(int connections) throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            return new UpperCaseServer(server, connections);
        }

        String endpoint() {
            return "tcp:host=127.0.0.1:port=" + server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(10_000);
        }
    }
}
