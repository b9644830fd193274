package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureReplay;
import dev.weft.internet.testing.capture.CaptureWriter;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReplayCommandTest {
    @TempDir
    Path dir;

    /** As dump does, replay names a tcpdump capture as such and gives the import that converts it. */
    @Test
    void aPacketCaptureIsNamedWithTheImportThatConvertsIt() throws Exception {
        Path pcap = dir.resolve("x.pcap");
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putLong(0)
                .putInt(65535)
                .putInt(1);
        Files.write(pcap, header.array());

        CliRun run = CliRun.run("replay", pcap.toString(), "--to", "tcp:host=127.0.0.1:port=9");

        assertThat(run.oneErrorLine(1))
                .isEqualTo("weft replay: " + pcap + " is a tcpdump capture (pcap); convert it with: weft import " + pcap
                        + " --out " + dir.resolve("x.weftcap"));
    }

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

    /**
     * Writes connection #1 as weft tap records it: {@code steps} alternate a side ("c", "s", "c-end", "s-end": a
     * half-close) and, for data, its text; the tap closes both legs at the end.
     */
    private Path capture(String name, String... steps) throws IOException {
        return capture(dir.resolve(name), steps);
    }

    /** Writes connection #1 to {@code file} as {@link #capture(String, String...)} does. */
    static Path capture(Path file, String... steps) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        long t = 0;
        records.add(new OpenRecord(1, t++, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"));
        records.add(new ConnectedRecord(1, t++, "127.0.0.1:6000", "127.0.0.1:9000"));
        for (int i = 0; i < steps.length; i++) {
            Side side = steps[i].startsWith("c") ? Side.CLIENT : Side.SERVER;
            if (steps[i].endsWith("-end")) {
                records.add(new HalfCloseRecord(1, t++, side));
            } else {
                records.add(new DataRecord(1, t++, side, steps[++i].getBytes(US_ASCII)));
            }
        }
        records.add(new CloseRecord(1, t++, Side.SERVER, true, CloseKind.CLEAN, ""));
        records.add(new CloseRecord(1, t, Side.CLIENT, true, CloseKind.CLEAN, ""));
        try (OutputStream out = Files.newOutputStream(file);
                CaptureWriter writer = new CaptureWriter(out, 0)) {
            for (CaptureRecord r : records) {
                writer.write(r);
            }
        }
        return file;
    }

    /**
     * The recorded client half-closed before the server did: the replayed server keeps its side open until the live
     * client ends its own. This client keeps its connection open (a pool), so it reads no end of stream; the replay
     * waits for it until --timeout, then resets, and the run fails: the client did not end its side as recorded.
     */
    @Test
    void aListeningReplayKeepsTheServersSideOpenUntilTheClientEndsItsOwn() throws Exception {
        Path capture = capture("client-ends-first.weftcap", "c", "GET a\n", "s", "VALUE 1\n", "c-end", "s-end");

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0", "--timeout", "1s")) {
            int port = replay.port();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write("GET a\n".getBytes(US_ASCII));
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(8), US_ASCII)).isEqualTo("VALUE 1\n");

                // no end of stream after the reply: the server's side stays open until the replay gives up
                assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            }

            // the bytes match, but not the end
            assertThat(replay.oneErrorLine(1)).isEqualTo("weft replay: 1 of 1 connection differs from the recording");
            assertThat(replay.lines().get(1))
                    .isEqualTo("#1 differs at its end: the client has not ended its side; the recorded client"
                            + " half-closed after its 6 bytes (c>s: sent 8 bytes, received 6 bytes as recorded); the"
                            + " replay waited 1.000 s for the client to end its side, as the recorded client had before"
                            + " the server's half-close, and gave up (--timeout)");
        }
    }

    /**
     * The recorded client half-closed with its request, before the server answered and ended its side. This client
     * keeps its side open until it has the answer, which it reads to the end of stream: the replayed server answers
     * the request's bytes, then ends its side as it did after its answer, without waiting for the client's end.
     */
    @Test
    void aListeningReplayAnswersAClientThatKeepsItsSideOpenUntilItHasTheAnswer() throws Exception {
        Path capture = capture("client-ends-with-request.weftcap", "c", "GET a\n", "c-end", "s", "VALUE 1\n", "s-end");

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0")) {
            int port = replay.port();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write("GET a\n".getBytes(US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), US_ASCII))
                        .isEqualTo("VALUE 1\n"); // the answer, then the server's end, with the client's side open
            } // the client closes once it has the answer

            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(replay.lines().get(1)).isEqualTo("#1 matches: sent 8 bytes, received 6 bytes (c>s) as recorded");
        }
    }

    /** With --order strict the same answer waits for the client's end, as the recorded one came after it. */
    @Test
    void inStrictOrderAListeningReplayAnswersOnlyAfterTheClientsEnd() throws Exception {
        Path capture = capture("client-ends-with-request.weftcap", "c", "GET a\n", "c-end", "s", "VALUE 1\n", "s-end");

        try (CliRun replay = CliRun.start(
                "replay", capture.toString(), "--listen", "tcp:0", "--order", "strict", "--timeout", "1s")) {
            int port = replay.port();
            try (Socket keepsOpen = new Socket()) {
                keepsOpen.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                keepsOpen.setSoTimeout(60_000);
                keepsOpen.getOutputStream().write("GET a\n".getBytes(US_ASCII));
                // no answer before the client's end: the replay gives up after --timeout
                assertThatThrownBy(keepsOpen.getInputStream()::read)
                        .isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }
            // the bytes match, but not the end
            assertThat(replay.oneErrorLine(1)).isEqualTo("weft replay: 1 of 1 connection differs from the recording");
            assertThat(replay.lines().get(1))
                    .isEqualTo("#1 differs at its end: the client has not ended its side; the recorded client"
                            + " half-closed after its 6 bytes (c>s: sent 0 bytes, received 6 bytes as recorded); the"
                            + " replay waited 1.000 s for the client to end its side, as the recorded client had before"
                            + " the server's write of 8 bytes, and gave up (--timeout)");
        }

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0", "--order", "strict")) {
            int port = replay.port();
            try (Socket ends = new Socket()) {
                ends.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                ends.setSoTimeout(60_000);
                ends.getOutputStream().write("GET a\n".getBytes(US_ASCII));
                ends.shutdownOutput();
                assertThat(new String(ends.getInputStream().readAllBytes(), US_ASCII))
                        .isEqualTo("VALUE 1\n");
            }
            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(replay.lines().get(1)).isEqualTo("#1 matches: sent 8 bytes, received 6 bytes (c>s) as recorded");
        }
    }

    @Test
    void anUnknownOrderIsRefusedNamingTheChoices() throws Exception {
        Path capture = capture("order.weftcap", "c", "GET a\n", "s", "VALUE 1\n");
        assertThat(CliRun.run("replay", capture.toString(), "--listen", "tcp:0", "--order", "loose")
                        .oneErrorLine(2))
                .isEqualTo("weft replay: Invalid value for option '--order': expected one of [bytes, strict]"
                        + " (case-insensitive) but was 'loose' (see 'weft replay --help')");
    }

    /**
     * The recorded client half-closed after the server's end: played to a live server, it waits for that end. This
     * server ends its side only once the client has ended its own, so the replay gives up after --timeout, and the run
     * fails: the server did not end its side as recorded.
     */
    @Test
    void aReplayedClientWhoseRecordedEndCameAfterTheServersWaitsForTheLiveServersEnd() throws Exception {
        Path capture = capture(
                "server-ends-first.weftcap", "s", "220 hi\n", "c", "QUIT\n", "s", "221 bye\n", "s-end", "c-end");
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread thread = new Thread(
                    () -> {
                        try (Socket s = server.accept()) {
                            s.setSoTimeout(60_000);
                            OutputStream out = s.getOutputStream();
                            out.write("220 hi\n".getBytes(US_ASCII));
                            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
                            String quit = in.readLine();
                            out.write("221 bye\n".getBytes(US_ASCII));
                            try {
                                seen.complete(quit + ", then " + (in.read() < 0 ? "the end" : "more bytes"));
                            } catch (SocketException e) {
                                seen.complete(quit + ", then " + e.getMessage());
                            }
                        } catch (IOException | RuntimeException e) {
                            seen.completeExceptionally(e);
                        }
                    },
                    "ends-after-the-client");
            thread.setDaemon(true);
            thread.start();

            CliRun replay = CliRun.run(
                    "replay",
                    capture.toString(),
                    "--to",
                    "tcp:host=127.0.0.1:port=" + server.getLocalPort(),
                    "--timeout",
                    "1s");

            // the bytes match, but not the end
            assertThat(replay.oneErrorLine(1)).isEqualTo("weft replay: 1 of 1 connection differs from the recording");
            assertThat(replay.lines().get(0))
                    .isEqualTo("#1 differs at its end: the server has not ended its side; the recorded server"
                            + " half-closed after its 15 bytes (s>c: sent 5 bytes, received 15 bytes as recorded); the"
                            + " replay waited 1.000 s for the server to end its side, as the recorded server had before"
                            + " the client's half-close, and gave up (--timeout)");
            // the replayed client never half-closed before the server's end: it reset once it gave up
            assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo("QUIT, then Connection reset");
        }
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
                            "  expected @0: 48 [65] 6c 6c 6f 0a |H[e]llo.|",
                            "  got      @0: 48 [45] 4c 4c 4f 0a |H[E]LLO.|",
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
                            "{\"event\":\"connection\",\"seq\":1,\"matches\":false,\"direction\":\"s>c\",\"sent\":3,"
                                    + "\"expected_bytes\":3,\"received_bytes\":3,\"offset\":0,\"received_offset\":0,"
                                    + "\"expected\":\"@0: [61] 62 63 |[a]bc|\",\"got\":\"@0: [41] 42 43 |[A]BC|\","
                                    + "\"end_matches\":true,\"closed\":\"clean\",\"timed_out\":false}",
                            "{\"event\":\"summary\",\"connections\":1,\"matching\":0,\"differing\":1}");
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

    /** A client past the recorded connections is reset, not given the last recording again, and fails the run. */
    @Test
    void aListeningReplayResetsAClientBeyondTheRecordedConnectionsAndFails() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path capture = record(dir.resolve("echo.weftcap"), echo, "hello\n".getBytes(US_ASCII));

            try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "tcp:0")) {
                int port = replay.port();
                try (Socket first = new Socket("127.0.0.1", port);
                        Socket extra = new Socket("127.0.0.1", port)) {
                    extra.setSoTimeout(60_000);
                    assertThatThrownBy(() -> extra.getInputStream().read())
                            .as("the second client of a one-connection recording is reset")
                            .isInstanceOf(java.net.SocketException.class)
                            .hasMessageContaining("reset");
                    first.getOutputStream().write("hello\n".getBytes(US_ASCII));
                    first.shutdownOutput();
                    assertThat(first.getInputStream().readAllBytes())
                            .asString(US_ASCII)
                            .isEqualTo("hello\n");
                }
                assertThat(replay.oneErrorLine(1))
                        .isEqualTo("weft replay: 1 client came after the 1 recorded connection had its client, and"
                                + " was reset at once: did the client retry, or open more connections than the"
                                + " recorded one did?");
                assertThat(replay.lines())
                        .contains("#1 matches: sent 6 bytes, received 6 bytes (c>s) as recorded")
                        .anySatisfy(l -> assertThat(l).endsWith(", 1 matching, 0 differing, 1 extra client reset"));
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
                replay.out.awaitContains("{\"event\":\"connection\",\"seq\":1,\"matches\":true");
                replay.interrupter.interrupt();

                assertThat(replay.oneErrorLine(1))
                        .startsWith("weft replay: replayed 1 of 2 recorded connections: stopped by a signal before #2"
                                + " was played to a client, so it was not checked;");
                assertThat(replay.lines().get(0)).startsWith("{\"event\":\"listening\",\"endpoint\":\"tcp:" + port);
                assertThat(replay.lines().get(2))
                        .isEqualTo("{\"event\":\"summary\",\"connections\":1,\"matching\":1,\"differing\":0,"
                                + "\"not_replayed\":1}");
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
