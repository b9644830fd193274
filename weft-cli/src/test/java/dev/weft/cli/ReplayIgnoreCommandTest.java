package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft replay --ignore: an HTTP-like recording whose Host header carries the tap's port replayed to a client on
 * another port; what a held reply and a difference say; the summary's real address.
 */
final class ReplayIgnoreCommandTest {
    private static final String HOST = "(?m)^Host: .*$";
    /** Longer than any live port: the live request is always shorter than the recorded one. */
    private static final String RECORDED_HOST = "127.0.0.1:1234567";

    private static final String REPLY = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @TempDir
    Path dir;

    private static String request(String host, String trace) {
        return "GET /a HTTP/1.1\r\nHost: " + host + "\r\nX-Trace: " + trace + "\r\n\r\n";
    }

    private Path recording() throws IOException {
        return ReplayCommandTest.capture(dir.resolve("http.weftcap"), "c", request(RECORDED_HOST, "1"), "s", REPLY);
    }

    /** Connects to the replay, sends {@code request}, reads what comes until the end of stream or a reset. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder got = new StringBuilder();
            try {
                got.append(new String(in.readNBytes(REPLY.length()), US_ASCII));
            } catch (IOException e) {
                got.append("(").append(e.getMessage()).append(")");
            }
            return got.toString();
        }
    }

    @Test
    void ignoringTheHostHeaderAClientOnAnotherPortGetsItsReplyAndMatches() throws Exception {
        try (CliRun replay = CliRun.start("replay", recording().toString(), "--listen", "tcp:0", "--ignore", HOST)) {
            int port = replay.port();
            assertThat(exchange(port, request("127.0.0.1:" + port, "1"))).isEqualTo(REPLY);

            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            String listening = replay.lines().get(0);
            assertThat(listening).endsWith(", playing the server of 1 connection ignoring what '" + HOST + "' matches");
            String bound = listening.substring("listening on ".length(), listening.indexOf(" (connect with"));
            assertThat(bound).contains(String.valueOf(port));
            assertThat(replay.lines().subList(1, 3))
                    .containsExactly(
                            "#1 matches: sent " + REPLY.length() + " bytes, received "
                                    + request("127.0.0.1:" + port, "1").length()
                                    + " bytes (c>s) as recorded, ignoring 1 recorded and 1 received runs",
                            "summary: 1 connection replayed to clients of " + bound + " ignoring what '" + HOST
                                    + "' matches, 1 matching, 0 differing");
        }
    }

    @Test
    void withoutIgnoringTheShorterRequestsReplyIsHeldAndTheReportSaysWhatAndShowsBothSides() throws Exception {
        try (CliRun replay = CliRun.start("replay", recording().toString(), "--listen", "tcp:0", "--timeout", "1s")) {
            int port = replay.port();
            String live = request("127.0.0.1:" + port, "1");
            int missing = request(RECORDED_HOST, "1").length() - live.length();
            assertThat(exchange(port, live)).startsWith("("); // no reply: reset after --timeout

            assertThat(replay.awaitExit()).isEqualTo(1);
            int at = "GET /a HTTP/1.1\r\nHost: 127.0.0.1:".length();
            assertThat(replay.lines().get(1))
                    .startsWith("#1 differs at byte " + at + ": expected 0x31 '1', got ")
                    .contains("; the replay waited 1.000 s for " + missing + " more bytes from the client");
            assertThat(replay.lines().get(2)).startsWith("  expected @" + (at - 16) + ": ");
            assertThat(replay.lines().get(3)).startsWith("  got      @" + (at - 16) + ": ");
            assertThat(replay.lines().get(4))
                    .isEqualTo("  the replay was holding the server's reply #1 (" + REPLY.length() + " bytes) until "
                            + missing + " more bytes came from the client (recorded: the client sent "
                            + request(RECORDED_HOST, "1").length() + " bytes before it)");
            assertThat(replay.lines().get(5)).startsWith("summary: 1 connection replayed to clients of tcp:" + port);
        }
    }

    @Test
    void aDifferenceAfterAnIgnoredRunNamesTheOffsetIntoEachSideInTextAndJson() throws Exception {
        String recorded = request(RECORDED_HOST, "1");
        try (CliRun text = CliRun.start("replay", recording().toString(), "--listen", "tcp:0", "--ignore", HOST)) {
            int port = text.port();
            String live = request("127.0.0.1:" + port, "2");
            exchange(port, live);
            assertThat(text.awaitExit()).isEqualTo(1);
            int e = recorded.indexOf("X-Trace: ") + 9;
            int a = live.indexOf("X-Trace: ") + 9;
            assertThat(text.lines().get(1))
                    .isEqualTo("#1 differs at byte " + e + " (byte " + a + " of what came): expected 0x31 '1', got"
                            + " 0x32 '2' (c>s: recorded " + recorded.length() + " bytes, got " + live.length()
                            + ", ignoring 1 recorded and 1 received runs)");
            assertThat(text.lines().get(2))
                    .startsWith("  expected @" + (e - 16) + ": ")
                    .endsWith("X-Trace: [1]....|");
            assertThat(text.lines().get(3))
                    .startsWith("  got      @" + (a - 16) + ": ")
                    .endsWith("X-Trace: [2]....|");
        }
        try (CliRun json = CliRun.start(
                "replay", recording().toString(), "--listen", "tcp:0", "--ignore", HOST, "--ignore", "x", "--json")) {
            int port = json.port();
            String live = request("127.0.0.1:" + port, "2");
            exchange(port, live);
            assertThat(json.awaitExit()).isEqualTo(1);
            assertThat(json.lines().get(1))
                    .contains("\"offset\":" + (recorded.indexOf("X-Trace: ") + 9) + ",\"received_offset\":"
                            + (live.indexOf("X-Trace: ") + 9) + ",")
                    .contains(",\"ignored_runs\":{\"expected\":1,\"received\":1},");
            assertThat(json.lines().get(2))
                    .isEqualTo("{\"event\":\"summary\",\"connections\":1,\"matching\":0,\"differing\":1,"
                            + "\"ignoring\":2}");
        }
    }

    @Test
    void aBadPatternIsAUsageErrorNamingIt() throws Exception {
        assertThat(CliRun.run("replay", recording().toString(), "--listen", "tcp:0", "--ignore", "(?m)^Date: (.*$")
                        .oneErrorLine(2))
                .isEqualTo("weft replay: --ignore '(?m)^Date: (.*$': Unclosed group near index 15; give a Java"
                        + " regular expression, e.g. '(?m)^Date: .*$'");
    }
}
