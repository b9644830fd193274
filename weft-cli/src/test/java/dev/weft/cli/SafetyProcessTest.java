package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's security and data-safety cases (2 to 7), each run through the real {@code ./weft}
 * process the way the case was found. Case 1 (listen addresses) is in {@code ListenProcessTest}.
 */
final class SafetyProcessTest {
    @TempDir
    Path dir;

    /** Case 2: an existing capture survives a failed start, is refused without --force, replaced only when complete. */
    @Test
    void tapNeverDestroysAnExistingCapture() throws Exception {
        Path capture = dir.resolve("existing.cap");
        Files.writeString(capture, "precious evidence");
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            String busyPort = "tcp:" + busy.getLocalPort();
            WeftProcess inUse = WeftProcess.run(
                    "tap",
                    "--listen",
                    busyPort,
                    "--to",
                    "tcp:host=127.0.0.1:port=9",
                    "--record",
                    capture.toString(),
                    "--force");
            assertThat(inUse.awaitExit()).isEqualTo(1);
            assertThat(inUse.err.text()).contains("address already in use").hasLineCount(1);
        }
        assertThat(Files.readString(capture)).isEqualTo("precious evidence");
        assertThat(CaptureLog.partialPath(capture)).doesNotExist();

        WeftProcess refused = WeftProcess.run(
                "tap", "--listen", "tcp:0", "--to", "tcp:host=127.0.0.1:port=9", "--record", capture.toString());
        assertThat(refused.awaitExit()).isEqualTo(1);
        assertThat(refused.err.text())
                .isEqualTo("weft tap: --record " + capture + " exists; choose another path, or add --force to replace"
                        + " it (it is replaced only once the new capture is complete)\n");
        assertThat(Files.readString(capture)).isEqualTo("precious evidence");

        try (EchoServer echo = EchoServer.start();
                WeftProcess tap = WeftProcess.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        echo.endpoint(),
                        "--record",
                        capture.toString(),
                        "--force",
                        "--expect",
                        "1")) {
            int port = tap.port();
            assertThat(Files.readString(capture))
                    .as("untouched while the tap runs")
                    .isEqualTo("precious evidence");
            Clients.exchange(port, "new".getBytes(US_ASCII));
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
        }
        assertThat(TapCommandTest.records(capture)).isNotEmpty();
        assertThat(CaptureLog.partialPath(capture)).doesNotExist();
    }

    /** Case 3: {@code send <&-} sends nothing (not the JDK's lib/modules) and says why. */
    @Test
    void sendRefusesAClosedStandardInput() throws Exception {
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--expect", "1")) {
            int port = sink.port();
            WeftProcess send = WeftProcess.shell("./weft send tcp:host=127.0.0.1:port=" + port + " <&-");

            assertThat(send.awaitExit()).isEqualTo(1);
            assertThat(send.err.text())
                    .isEqualTo("weft send: standard input is closed (<&-), so there is nothing to send; give a FILE,"
                            + " or open standard input (< /dev/null sends nothing)\n");
            Clients.exchange(port, "marker".getBytes(US_ASCII));
            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1))
                    .as("the first connection the sink saw is the marker")
                    .contains(" 6 bytes ");
        }
    }

    /** Case 4: out of descriptors, the sink logs once per episode, keeps serving, accepts again, and stops with its summary. */
    @Test
    void sinkOutOfDescriptorsKeepsServingAndResumesAccepting() throws Exception {
        int clients = 120;
        try (WeftProcess sink = WeftProcess.shell("ulimit -n 100; exec ./weft sink --listen tcp:0")) {
            int port = sink.port();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    s.getOutputStream().write("0123456789".getBytes(US_ASCII));
                    sockets.add(s);
                }
                // All 120 stay open until the sink has run out: it cannot hold them within 100
                // descriptors. (Closed at once, the later ones might be accepted only after their
                // clients had gone, read, and closed, without the sink ever running out.)
                sink.err.await("accept() failing", text -> text.contains("accept() failed"));
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            sink.out.await("every connection reported", text -> text.lines().count() == clients + 1);
            sink.sigterm();

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines.subList(1, clients + 1))
                    .allMatch(l -> l.contains(" 10 bytes in ") && l.endsWith(" clean"));
            assertThat(lines.get(clients + 1))
                    .startsWith("summary: " + clients + " connections, " + 10 * clients + " bytes in ")
                    .endsWith(": " + clients + " clean, 0 reset by peer, 0 over the limit, 0 error, 0 interrupted");
            // Once per episode: the first failed accept() is logged, the retries are not, and the episode ends
            // with one notice when accepting works again. Under load the port may accept one connection, as
            // descriptors free up, and run out again: a second episode, logged as such.
            List<String> failed = sink.err
                    .text()
                    .lines()
                    .filter(l -> l.contains("accept() failed"))
                    .toList();
            List<String> resumed = sink.err
                    .text()
                    .lines()
                    .filter(l -> l.contains("accepting connections again"))
                    .toList();
            assertThat(failed)
                    .isNotEmpty()
                    .allMatch(l -> l.startsWith("weft: WARNING: accept() failed on <SinkFactory on " + port + ">"));
            assertThat(resumed).as(sink.err.text()).hasSameSizeAs(failed);
            assertThat(sink.err.text()).doesNotContain("\tat ");
        }
    }

    /** Case 5: the file of a connection that did not close cleanly says so in its name. */
    @Test
    void cutShortConnectionsAreSavedUnderNamesThatSaySo() throws Exception {
        Path out = dir.resolve("out");
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--out", out.toString());
                Socket open = new Socket()) {
            int port = sink.port();
            int clean = Clients.exchange(port, "done".getBytes(US_ASCII)).localPort();
            sink.out.await("the clean one", text -> text.lines().count() == 2);
            int reset = Clients.sendAndReset(port, "cut".getBytes(US_ASCII));
            sink.out.await("the reset one", text -> text.lines().count() == 3);
            open.connect(new InetSocketAddress("127.0.0.1", port));
            open.getOutputStream().write("half".getBytes(US_ASCII));
            // A fourth connection, made after the third has sent its bytes, is read after them: once it
            // is reported, the sink holds the third one's bytes.
            int marker = Clients.exchange(port, new byte[0]).localPort();
            sink.out.await("the marker", text -> text.lines().count() == 4);
            sink.sigterm();
            assertThat(sink.awaitExit()).isZero();

            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly(
                                "1-127.0.0.1_" + clean + ".bin",
                                "2-127.0.0.1_" + reset + ".reset.bin",
                                "3-127.0.0.1_" + open.getLocalPort() + ".interrupted.bin",
                                "4-127.0.0.1_" + marker + ".bin");
            }
            assertThat(Files.readString(out.resolve("3-127.0.0.1_" + open.getLocalPort() + ".interrupted.bin")))
                    .isEqualTo("half");
        }
    }

    /** Case 6: out of direct memory, one line names the limit and the fix, and only that connection closes. */
    @Test
    void outOfDirectMemoryClosesOnlyThatConnectionWithOneLine() throws Exception {
        try (WeftProcess sink = WeftProcess.startWith(
                Map.of("WEFT_JAVA_OPTS", "-XX:MaxDirectMemorySize=2m"), "sink", "--listen", "tcp:0", "--expect", "2")) {
            int port = sink.port();
            try (Socket big = new Socket()) {
                big.connect(new InetSocketAddress("127.0.0.1", port));
                byte[] block = new byte[1 << 16];
                try {
                    for (int i = 0; i < 256; i++) { // 16 MiB: far past the 2 MiB limit
                        big.getOutputStream().write(block);
                    }
                } catch (java.io.IOException reset) {
                    // the sink cut this connection: what the case expects
                }
            }
            sink.out.await("the cut connection", text -> text.lines().count() == 2);
            Clients.exchange(port, "still here".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines.get(1))
                    .startsWith("#1 ")
                    .contains(" error: out of direct memory (the limit is 2.0 MiB): raise it, e.g."
                            + " WEFT_JAVA_OPTS=-XX:MaxDirectMemorySize=4g, or cap each connection with --max-bytes"
                            + " (only this connection was closed)");
            assertThat(lines.get(2)).startsWith("#2 ").contains(" 10 bytes in ").endsWith(" clean");
            assertThat(sink.err.text()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        }
    }

    /** Case 7: a sink that exits removes only the socket file it created, not a newer sink's. */
    @Test
    void sinkUnlinksOnlyItsOwnUnixSocket() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (WeftProcess first = WeftProcess.start("sink", "--listen", "unix:" + socket)) {
            first.out.awaitContains("listening on unix:");
            Files.delete(socket); // a user (or a cleanup script) removes it, and a second sink takes the path
            try (WeftProcess second = WeftProcess.start("sink", "--listen", "unix:" + socket, "--expect", "1")) {
                second.out.awaitContains("listening on unix:");
                first.sigterm();
                assertThat(first.awaitExit()).isZero();

                assertThat(socket).exists();
                try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    client.connect(UnixDomainSocketAddress.of(socket));
                    client.write(ByteBuffer.wrap("via unix".getBytes(US_ASCII)));
                }
                assertThat(second.awaitExit()).isZero();
                assertThat(second.lines().get(1)).contains(" 8 bytes in ");
            }
        }
        assertThat(socket).as("the second sink removed its own socket").doesNotExist();
    }
}
