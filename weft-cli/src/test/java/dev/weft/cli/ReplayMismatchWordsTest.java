package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replay says when the live peer sent less than the recorded one: what was expected and what came, in words
 * that agree with what it says of the peer's end. It said "got the end (0 bytes)" next to "the server has not ended
 * its side", the first meaning the end of what came, not the server's end.
 */
final class ReplayMismatchWordsTest {
    @TempDir
    Path dir;

    /** A server that reads the request and stays silent and open: nothing came, and it has not ended its side. */
    @Test
    void aSilentServerGotNothingAndHasNotEndedItsSide() throws Exception {
        Path capture = ReplayCommandTest.capture(dir.resolve("hello.weftcap"), "c", "hello\n", "s", "HELLO\n", "s-end");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (CliRun replay = CliRun.start(
                            "replay",
                            capture.toString(),
                            "--to",
                            "tcp:host=127.0.0.1:port=" + server.getLocalPort(),
                            "--timeout",
                            "1s");
                    Socket silent = server.accept()) {
                InputStream in = silent.getInputStream();
                assertThat(new String(in.readNBytes(6), US_ASCII)).isEqualTo("hello\n");

                assertThat(replay.oneErrorLine(1))
                        .isEqualTo("weft replay: 1 of 1 connection differs from the recording");
                assertThat(replay.out.text())
                        .isEqualTo(
                                "#1 differs at byte 0: expected 0x48 'H', got nothing (s>c: recorded 6 bytes, got 0);"
                                        + " the replay waited 1.000 s for 6 more bytes from the server (0 of the 6 the"
                                        + " recorded server sent), then its end, and gave up (--timeout)\n"
                                        + "  expected @0: [48] 45 4c 4c 4f 0a |[H]ELLO.|\n"
                                        + "  got      @0: [end] |[end]|\n"
                                        + "  the end differs too: the server has not ended its side; the recorded server"
                                        + " half-closed after its 6 bytes\n"
                                        + "summary: 1 connection replayed to tcp:host=127.0.0.1:port="
                                        + server.getLocalPort()
                                        + ", 0 matching, 1 differing\n");
            }
        }
    }

    /** A server that sends part of the reply and stays open: the bytes stop short, and it has not ended its side. */
    @Test
    void aServerThatStopsShortGotNoMoreBytes() throws Exception {
        Path capture = ReplayCommandTest.capture(dir.resolve("hello.weftcap"), "c", "hello\n", "s", "HELLO\n", "s-end");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (CliRun replay = CliRun.start(
                            "replay",
                            capture.toString(),
                            "--to",
                            "tcp:host=127.0.0.1:port=" + server.getLocalPort(),
                            "--timeout",
                            "1s");
                    Socket partial = server.accept()) {
                // The 3 bytes go out at once, not after the request is read: a loaded machine that runs this thread
                // late must not let the 1 s timeout pass with nothing come, which the replay reports differently.
                partial.getOutputStream().write("HEL".getBytes(US_ASCII));
                assertThat(new String(partial.getInputStream().readNBytes(6), US_ASCII))
                        .isEqualTo("hello\n");

                assertThat(replay.oneErrorLine(1))
                        .isEqualTo("weft replay: 1 of 1 connection differs from the recording");
                assertThat(replay.lines().get(0))
                        .isEqualTo("#1 differs at byte 3: expected 0x4c 'L', got no more bytes (only 3 bytes came)"
                                + " (s>c: recorded 6 bytes, got 3); the replay waited 1.000 s for 3 more bytes from"
                                + " the server (3 of the 6 the recorded server sent), then its end, and gave up"
                                + " (--timeout)");
            }
        }
    }
}
