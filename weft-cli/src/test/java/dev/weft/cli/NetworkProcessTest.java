package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17's timeout and tap cases (13, 15, 16), run through the real {@code ./weft} process. */
final class NetworkProcessTest {
    @TempDir
    Path dir;

    /** Case 13: send gives up on a silent server; the sink closes an idle connection and says so. */
    @Test
    void timeoutsEndSilentConversations() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            WeftProcess send = WeftProcess.shell(
                    "echo request | ./weft send --timeout 0.5 tcp:host=127.0.0.1:port=" + silent.getLocalPort());
            assertThat(send.awaitExit()).isEqualTo(1);
            assertThat(send.err.text())
                    .startsWith("weft send: no reply within 0.500 s (--timeout)")
                    .contains("after sending 8 bytes and receiving 0")
                    .hasLineCount(1);
            accepted.get().close();
        }
        try (WeftProcess sink =
                        WeftProcess.start("sink", "--listen", "tcp:0", "--idle-timeout", "1s", "--expect", "1");
                Socket idle = new Socket()) {
            idle.connect(new InetSocketAddress("127.0.0.1", sink.port()));
            idle.getOutputStream().write("then nothing".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1)).contains(" 12 bytes in ").endsWith(" idle timeout");
            assertThat(sink.lines().get(2)).endsWith(", 0 interrupted, 1 idle timeout");
            assertThat(SinkCommandTest.endOfStreamOrReset(idle)).isTrue();
        }
    }

    /** Case 15: a refused or resetting upstream resets the client; a tap aimed at itself is refused. */
    @Test
    void tapPassesRefusalsAndResetsOnAndRefusesToForwardToItself() throws Exception {
        Path capture = dir.resolve("c.weftcap");
        try (Clients.HeldPort nobody = Clients.refusingPort();
                WeftProcess tap = WeftProcess.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        nobody.endpoint(),
                        "--record",
                        capture.toString(),
                        "--expect",
                        "1")) {
            String refused = nobody.endpoint();
            int port = tap.port();
            WeftProcess send = WeftProcess.shell("echo hi | ./weft send tcp:host=127.0.0.1:port=" + port);
            assertThat(send.awaitExit())
                    .as("the client sees a reset, not a clean close")
                    .isEqualTo(1);
            assertThat(send.err.text()).startsWith("weft send: connection reset by peer");
            assertThat(tap.awaitExit()).isZero();
            assertThat(tap.lines().get(1)).contains("client reset (by tap), server cannot connect to " + refused);
        }
        try (ServerSocket resetting = new ServerSocket()) {
            resetting.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket s = resetting.accept()) {
                    s.getInputStream().read();
                    s.setSoLinger(true, 0); // close with a reset
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (WeftProcess tap = WeftProcess.start(
                    "tap",
                    "--listen",
                    "tcp:0",
                    "--to",
                    "tcp:host=127.0.0.1:port=" + resetting.getLocalPort(),
                    "--record",
                    dir.resolve("r.weftcap").toString(),
                    "--expect",
                    "1")) {
                assertThat(Clients.exchangeEndsInReset(tap.port(), "x".getBytes(US_ASCII)))
                        .isTrue();
                server.get();
                assertThat(tap.awaitExit()).isZero();
                assertThat(tap.lines().get(1)).endsWith("; client reset (by tap), server reset");
            }
        }
        // The tap listens before it compares: a port released for it could be taken meanwhile (address in use).
        try (Clients.HeldPort held = Clients.portToListenOn()) {
            int port = held.port();
            WeftProcess loop = WeftProcess.run(
                    "tap",
                    "--listen",
                    "tcp:" + port,
                    "--to",
                    "tcp:host=127.0.0.1:port=" + port,
                    "--record",
                    dir.resolve("loop.weftcap").toString());
            assertThat(loop.awaitExit()).as(loop.err.text()).isEqualTo(2);
            assertThat(loop.err.text()).contains("it would forward to itself").hasLineCount(1);
        }
        assertThat(dir.resolve("loop.weftcap")).doesNotExist();
        assertThat(dir.resolve("loop.weftcap.part")).doesNotExist();
    }

    /** Case 16: a capture that cannot be written is reported at once; forwarding goes on; counts are honest. */
    @Test
    void tapOnAFullDiskSaysSoAtOnceAndKeepsForwarding() throws Exception {
        Path capture = dir.resolve("full.weftcap");
        byte[] payload = Clients.randomBytes(20_000, 16);
        try (EchoServer echo = EchoServer.start();
                // ulimit -f 4: the capture may not grow past 4 KiB, as on a full disk (EFBIG for ENOSPC).
                WeftProcess tap = WeftProcess.shell("ulimit -f 4; exec ./weft tap --listen tcp:0 --to "
                        + echo.endpoint() + " --record " + capture + " --expect 2")) {
            int port = tap.port();
            assertThat(Clients.exchange(port, payload).reply()).isEqualTo(payload);
            tap.err.awaitContains("weft tap: cannot write the capture " + capture);
            assertThat(tap.process.isAlive()).as("still forwarding").isTrue();
            assertThat(Clients.exchange(port, payload).reply())
                    .as("forwarded after the failure")
                    .isEqualTo(payload);

            assertThat(tap.awaitExit()).isEqualTo(1);
            String summary = tap.lines().get(tap.lines().size() - 1);
            assertThat(summary).matches("summary: 2 connections, .* records? in .*, [1-9]\\d* not written");
            assertThat(tap.err.text()).contains("weft tap: the capture " + capture + " is incomplete");
            assertThat(Files.size(capture)).isLessThanOrEqualTo(4096);
        }
    }

    /** {@code send --split} over a {@code unix:} path, the reported command: every piece arrives, exit 0. */
    @Test
    void aSplitSendReachesASinkOnAUnixSocket() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "unix:" + socket, "--expect", "1")) {
            sink.out.awaitContains("listening on unix:");

            WeftProcess send = WeftProcess.shell("printf ab | ./weft send --split 1 --split-delay 0 unix:" + socket);

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            assertThat(sink.lines().get(1)).startsWith("#1 unix 2 bytes in ").endsWith(" clean");
        }
    }
}
