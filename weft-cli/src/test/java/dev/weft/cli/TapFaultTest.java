package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.FaultRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TapFaultTest {
    /** Starts a tap to the server on {@code port}, recording to {@code capture}, for {@code expect} connections. */
    static CliRun startTap(int port, Path capture, String expect, String fault) {
        return CliRun.start(
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                "tcp:host=127.0.0.1:port=" + port,
                "--record",
                capture.toString(),
                "--expect",
                expect,
                "--fault",
                fault);
    }

    @TempDir
    Path dir;

    /** Sends {@code payload} and reads until the end; a reset or a refused write just ends the exchange. */
    static void sendTolerantly(int port, byte[] payload) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(60_000);
            try {
                // A reset can arrive while connect() is still returning: tolerate it there too.
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                s.getOutputStream().write(payload);
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                // the fault closed or reset the connection under us: expected
            }
        }
    }

    @Test
    void closeAfterLetsTheServerReceiveExactlyThatManyBytesThenClosesBothLegs() throws Exception {
        Path capture = dir.resolve("close.weftcap");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    return in.readAllBytes().length;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (CliRun tap = startTap(server.getLocalPort(), capture, "1", "c>s:close-after=1000")) {
                sendTolerantly(tap.port(), Clients.randomBytes(5000, 8));

                assertThat(received.get()).isEqualTo(1000);
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            }
        }
        List<CaptureRecord> records = TapCommandTest.records(capture);
        assertThat(TapCommandTest.sentBy(records, Side.CLIENT)).hasSize(1000);
        assertThat(records)
                .contains(new FaultRecord(
                        1,
                        records.stream()
                                .filter(r -> r instanceof FaultRecord)
                                .findFirst()
                                .orElseThrow()
                                .micros(),
                        "c>s:close-after=1000",
                        "closed both legs after 1000 bytes c>s"));
        assertThat(records.stream().filter(r -> r instanceof CloseRecord).map(r -> ((CloseRecord) r).byTap()))
                .containsExactly(true, true);
        CliRun dump = CliRun.run("dump", capture.toString());
        assertThat(dump.lines())
                .anyMatch(line -> line.matches(
                        "\\+\\d+\\.\\d{6} #1 fault c>s:close-after=1000: closed both legs after 1000 bytes c>s"));
    }

    /**
     * The user's case: a client behind {@code c>s:stall-after=20} gives up waiting for an answer and closes. The tap
     * records the close when it reads it, never passes it to the server, and ends the connection: the server reads
     * exactly 20 bytes, then a reset, and the tap reports the connection (so --expect 1 exits). Before, the close
     * was swallowed, the server saw nothing more, and the connection stayed open until the tap was stopped.
     */
    @Test
    void aClientThatGivesUpBehindAStallHasItsCloseRecordedAndTheServerLegReset() throws Exception {
        Path capture = dir.resolve("stall.weftcap");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> gotTheRequest = new CompletableFuture<>();
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(60_000);
                    InputStream in = s.getInputStream();
                    int read = in.readNBytes(20).length;
                    gotTheRequest.complete(null);
                    try {
                        int next = in.read();
                        return read + " bytes, then " + (next < 0 ? "the end of stream" : "more bytes");
                    } catch (IOException e) {
                        return read + " bytes, then " + e.getMessage();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (CliRun tap = startTap(server.getLocalPort(), capture, "1", "c>s:stall-after=20")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.getOutputStream().write(new byte[50]);
                    gotTheRequest.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } // no answer comes: the client gives up and closes

                assertThat(served.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("20 bytes, then Connection reset");
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1))
                        .matches("#1 .* c>s 20 bytes, s>c 0 bytes in .*; client clean \\(by tap\\), server reset"
                                + " \\(by tap\\)");
            }
        }
        List<CaptureRecord> records = TapCommandTest.records(capture);
        assertThat(TapCommandTest.sentBy(records, Side.CLIENT)).hasSize(20);
        List<String> events = TapConnectionTest.outline(records).stream()
                .filter(e -> !e.startsWith("data "))
                .toList();
        assertThat(events)
                .containsSubsequence(
                        "open",
                        "fault c>s:stall-after=20: stalled after 20 bytes c>s; the rest is held and the connection"
                                + " stays open",
                        "fault c>s:stall-after=20: held the client's end of stream behind the stall (20 bytes c>s"
                                + " passed, 30 held): the server is not told; reset the server leg and closed the"
                                + " client's")
                .contains("connected")
                .hasSize(6);
        assertThat(events.subList(4, 6))
                .containsExactlyInAnyOrder("close client clean by tap", "close server aborted by tap");
    }

    /**
     * The limit the README states: a client that only half-closes behind {@code c>s:stall-after=20} and still reads
     * cannot be told from one that closed (one FIN either way), so the tap takes it as leaving. The server leg is
     * reset, and the client gets what the server answered before, then a clean end of stream.
     */
    @Test
    void aClientThatOnlyHalfClosesBehindAStallIsTakenAsLeaving() throws Exception {
        byte[] answer = "partial answer".getBytes(US_ASCII);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(60_000);
                    InputStream in = s.getInputStream();
                    in.readNBytes(20);
                    s.getOutputStream().write(answer);
                    try {
                        return in.read() < 0 ? "the end of stream" : "more bytes";
                    } catch (IOException e) {
                        return e.getMessage();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (CliRun tap = startTap(server.getLocalPort(), dir.resolve("half.weftcap"), "1", "c>s:stall-after=20")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.setSoTimeout(60_000);
                    client.getOutputStream().write(new byte[50]);
                    assertThat(client.getInputStream().readNBytes(answer.length))
                            .isEqualTo(answer);
                    client.shutdownOutput(); // a half-close: this client still reads
                    assertThat(client.getInputStream().readAllBytes())
                            .as("a clean end of stream, no more bytes")
                            .isEmpty();
                }
                assertThat(served.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("Connection reset");
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1)).endsWith("; client clean (by tap), server reset (by tap)");
            }
        }
    }

    /**
     * The mirror of the user's case: the client half-closes after its request, the server answers and closes, and
     * {@code s>c:stall-after=20} holds the rest of the answer and the server's end from the client. The client had
     * ended its side first, so nothing more can pass either way: the tap closes both legs at once, the close records
     * name the stall, and the connection is reported. (The server's close reaches the tap as a FIN, as a half-close
     * would: the tap closes its leg either way.) Before, the tap ended such a connection only when the client ended
     * its side after the server's end was held, so this one stayed open until --idle-timeout or Ctrl-C: the client's
     * later close sends nothing the tap could see.
     */
    @Test
    void aServersEndHeldByAnScStallEndsTheConnectionWhenTheClientHadEndedItsSideFirst() throws Exception {
        Path capture = dir.resolve("held.weftcap");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(60_000);
                    int request = s.getInputStream().readAllBytes().length; // up to the client's end of stream
                    s.getOutputStream().write(new byte[50]);
                    return request;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (CliRun tap = startTap(server.getLocalPort(), capture, "1", "s>c:stall-after=20")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.setSoTimeout(10_000); // the old tap left this read waiting: it fails after 10 s
                    client.getOutputStream().write("request".getBytes(US_ASCII));
                    client.shutdownOutput();
                    assertThat(client.getInputStream().readAllBytes())
                            .as("20 bytes, then the end of stream the tap sends as it closes the connection")
                            .hasSize(20);
                }
                assertThat(served.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(7);
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1))
                        .matches("#1 .* c>s 7 bytes, s>c 20 bytes in .*; client clean \\(by tap\\), server clean"
                                + " \\(by tap\\)");
            }
        }
        List<CaptureRecord> records = TapCommandTest.records(capture);
        assertThat(TapConnectionTest.outline(records))
                .containsSubsequence(
                        "half-close client",
                        "fault s>c:stall-after=20: held the server's end of stream behind the stall (20 bytes s>c"
                                + " passed, 30 held): the client is not told; the client had ended its side, so the"
                                + " connection ends")
                .doesNotContain("half-close server");
        assertThat(records)
                .as("%s", records)
                .filteredOn(r -> r instanceof CloseRecord)
                .extracting(r -> ((CloseRecord) r).byTap() + " " + ((CloseRecord) r).reason())
                .containsOnly("true s>c:stall-after=20: the server's end of stream is held from the client, and the"
                        + " client has ended its side")
                .hasSize(2);
    }

    /**
     * The mirror order: the server answers and half-closes first, then the client sends behind {@code
     * c>s:stall-after=20} and ends its side. The client's end held ends the connection whatever the server did
     * before: the server reads 20 bytes, then a reset, and the connection is reported.
     */
    @Test
    void aClientsEndHeldByACsStallEndsTheConnectionWhenTheServerHadEndedItsSideFirst() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("answer".getBytes(US_ASCII));
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    int read = in.readNBytes(20).length;
                    try {
                        return read + " bytes, then " + (in.read() < 0 ? "the end of stream" : "more bytes");
                    } catch (IOException e) {
                        return read + " bytes, then " + e.getMessage();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (CliRun tap =
                    startTap(server.getLocalPort(), dir.resolve("mirror.weftcap"), "1", "c>s:stall-after=20")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.setSoTimeout(10_000);
                    assertThat(client.getInputStream().readAllBytes())
                            .asString(US_ASCII)
                            .isEqualTo("answer");
                    client.getOutputStream().write(new byte[50]);
                    client.shutdownOutput();
                }
                assertThat(served.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("20 bytes, then Connection reset");
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1)).endsWith("; client clean (by tap), server reset (by tap)");
            }
        }
    }

    @Test
    void sliceCutsTheServersBytesIntoSeededPiecesAndTheCaptureRecordsThePieces() throws Exception {
        Path capture = dir.resolve("slice.weftcap");
        byte[] payload = "hello, sliced world".getBytes(US_ASCII);
        try (EchoServer echo = EchoServer.start();
                CliRun tap = CliRun.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        echo.endpoint(),
                        "--record",
                        capture.toString(),
                        "--expect",
                        "1",
                        "--fault",
                        "s>c:slice=1-3",
                        "--seed",
                        "7")) {
            assertThat(Clients.exchange(tap.port(), payload).reply()).isEqualTo(payload);
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
        }
        List<CaptureRecord> records = TapCommandTest.records(capture);
        List<Integer> pieces = records.stream()
                .filter(r -> r instanceof DataRecord d && d.from() == Side.SERVER)
                .map(r -> ((DataRecord) r).bytes().length)
                .toList();
        assertThat(pieces).allMatch(n -> n >= 1 && n <= 3);
        assertThat(pieces.size()).isGreaterThanOrEqualTo(payload.length / 3);
        assertThat(TapCommandTest.sentBy(records, Side.SERVER)).isEqualTo(payload);
        assertThat(TapCommandTest.sentBy(records, Side.CLIENT)).isEqualTo(payload);
    }

    @Test
    void refuseResetsTheClientAndNeverContactsTheServer() throws Exception {
        Path capture = dir.resolve("refuse.weftcap");
        try (Clients.HeldPort nobody = Clients.refusingPort();
                CliRun tap = CliRun.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        nobody.endpoint(),
                        "--record",
                        capture.toString(),
                        "--expect",
                        "1",
                        "--fault",
                        "refuse")) {
            sendTolerantly(tap.port(), "anyone?".getBytes(US_ASCII));
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
        }
        List<CaptureRecord> records = TapCommandTest.records(capture);
        assertThat(records).noneMatch(r -> r instanceof ConnectedRecord);
        assertThat(records).noneMatch(r -> r instanceof DataRecord);
        assertThat(records)
                .anyMatch(r -> r instanceof FaultRecord f && f.fault().equals("refuse"));
        assertThat(records.get(records.size() - 1))
                .isInstanceOfSatisfying(
                        CloseRecord.class, c -> assertThat(c.kind()).isNotEqualTo(CloseKind.CONNECT_FAILED));
    }

    @Test
    void aBadFaultIsAUsageError() throws Exception {
        CliRun tap = tapWithFault("latency=soon");

        assertThat(tap.oneErrorLine(2)).startsWith("weft tap: --fault: ");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void anEmptyFaultIsAUsageErrorNotNoFault() throws Exception {
        CliRun tap = tapWithFault("");

        assertThat(tap.oneErrorLine(2))
                .isEqualTo("weft tap: --fault needs a fault, not an empty string; e.g. --fault latency=50ms");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    /** Runs a tap to a port nobody listens on, recording to {@code x}, with one {@code --fault}. */
    private CliRun tapWithFault(String fault) throws Exception {
        return CliRun.run(
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                "tcp:host=127.0.0.1:port=9",
                "--record",
                dir.resolve("x").toString(),
                "--fault",
                fault);
    }
}
