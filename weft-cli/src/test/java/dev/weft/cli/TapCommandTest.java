package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.capture.CaptureReader;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TapCommandTest {
    @TempDir
    Path dir;

    static List<CaptureRecord> records(Path capture) throws IOException {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            return reader.readAll();
        }
    }

    static List<CaptureRecord> ofConnection(List<CaptureRecord> records, int id) {
        return records.stream().filter(r -> r.connection() == id).toList();
    }

    static byte[] sentBy(List<CaptureRecord> records, Side side) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (CaptureRecord r : records) {
            if (r instanceof DataRecord d && d.from() == side) {
                bytes.writeBytes(d.bytes());
            }
        }
        return bytes.toByteArray();
    }

    static int indexOf(List<CaptureRecord> records, Predicate<CaptureRecord> which, boolean last) {
        int found = -1;
        for (int i = 0; i < records.size(); i++) {
            if (which.test(records.get(i))) {
                if (!last) {
                    return i;
                }
                found = i;
            }
        }
        return found;
    }

    static Predicate<CaptureRecord> data(Side from) {
        return r -> r instanceof DataRecord d && d.from() == from;
    }

    static Predicate<CaptureRecord> halfClose(Side from) {
        return r -> r instanceof HalfCloseRecord h && h.from() == from;
    }

    /** Checks the order a proxied, echoed conversation must have, and returns the connection's records. */
    static List<CaptureRecord> assertEchoedConversation(List<CaptureRecord> all, int id, byte[] payload) {
        List<CaptureRecord> records = ofConnection(all, id);
        assertThat(records.get(0)).isInstanceOf(OpenRecord.class);
        // The client is read while the tap connects: its bytes and half-close may come before "connected".
        int connected = indexOf(records, r -> r instanceof ConnectedRecord, false);
        assertThat(connected).isPositive().isEqualTo(indexOf(records, r -> r instanceof ConnectedRecord, true));
        assertThat(indexOf(
                        records,
                        r -> r instanceof DataRecord d && d.from() == Side.SERVER
                                || halfClose(Side.SERVER).test(r),
                        false))
                .as("the server speaks once connected")
                .isGreaterThan(connected);
        assertThat(sentBy(records, Side.CLIENT)).isEqualTo(payload);
        assertThat(sentBy(records, Side.SERVER)).isEqualTo(payload);
        int clientDone = indexOf(records, halfClose(Side.CLIENT), false);
        int serverDone = indexOf(records, halfClose(Side.SERVER), false);
        assertThat(clientDone).as("the client's half-close").isPositive();
        assertThat(serverDone).as("the server's half-close, after the client's").isGreaterThan(clientDone);
        assertThat(indexOf(records, data(Side.CLIENT), true)).isLessThan(clientDone);
        assertThat(indexOf(records, data(Side.SERVER), true)).isLessThan(serverDone);
        if (payload.length > 0) {
            assertThat(indexOf(records, data(Side.SERVER), false))
                    .as("nothing is echoed before it was sent")
                    .isGreaterThan(indexOf(records, data(Side.CLIENT), false));
        }
        List<CaptureRecord> closes = records.subList(records.size() - 2, records.size());
        assertThat(closes).allSatisfy(r -> assertThat(r).isInstanceOf(CloseRecord.class));
        assertThat(closes.stream().map(r -> ((CloseRecord) r).side()))
                .containsExactlyInAnyOrder(Side.CLIENT, Side.SERVER);
        assertThat(closes.stream().map(r -> ((CloseRecord) r).kind())).containsOnly(CloseKind.CLEAN);
        assertThat(records.subList(1, records.size() - 2))
                .allMatch(r -> r instanceof DataRecord || r instanceof HalfCloseRecord || r instanceof ConnectedRecord);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).micros())
                    .isGreaterThanOrEqualTo(records.get(i - 1).micros());
        }
        return records;
    }

    /** The help of --fault names the size suffixes weft-testing's ByteSizes reads, as the README does. */
    @Test
    void theFaultHelpNamesTheSizeSuffixes() throws Exception {
        String help = CliRun.run("tap", "--help").out.text().replaceAll("\\s+", " ");

        assertThat(help)
                .contains("N, MIN, MAX and BYTES: bytes, with K, M, G or T for binary multiples, 1K = 1024, e.g."
                        + " bandwidth=10K/s or close-after=1K;");
    }

    @Test
    void recordsBothDirectionsOfAConversationInOrder() throws Exception {
        Path capture = dir.resolve("c.weftcap");
        byte[] payload = "hello\nworld\n".getBytes(US_ASCII);
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
                        "1")) {
            int port = tap.port();
            Clients.Exchange exchange = Clients.exchange(port, payload);

            assertThat(exchange.reply()).isEqualTo(payload);
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            List<CaptureRecord> records = assertEchoedConversation(records(capture), 1, payload);
            assertThat(records.get(0))
                    .isEqualTo(new OpenRecord(
                            1,
                            records.get(0).micros(),
                            "127.0.0.1:" + exchange.localPort(),
                            "127.0.0.1:" + port,
                            echo.endpoint()));
            ConnectedRecord connected = (ConnectedRecord) records.stream()
                    .filter(r -> r instanceof ConnectedRecord)
                    .findFirst()
                    .orElseThrow();
            assertThat(connected.server()).isEqualTo("127.0.0.1:" + echo.port());
            assertThat(connected.local()).startsWith("127.0.0.1:");
            assertThat(tap.lines()).hasSize(3);
            assertThat(tap.lines().get(0))
                    .isEqualTo(
                            "listening on tcp:" + port + ":interface=127.0.0.1 (connect with tcp:host=127.0.0.1:port="
                                    + port + "), forwarding to " + echo.endpoint() + ", recording to " + capture
                                    + ".part (renamed to " + capture + " when the tap stops)");
            assertThat(tap.lines().get(1))
                    .matches("#1 127\\.0\\.0\\.1:" + exchange.localPort() + " -> 127\\.0\\.0\\.1:" + echo.port()
                            + " c>s 12 bytes, s>c 12 bytes in \\d+\\.\\d{3} s; client clean \\(by tap\\), server clean"
                            + " \\(by tap\\)");
            assertThat(tap.lines().get(2))
                    .matches("summary: 1 connection, 12 bytes c>s, 12 bytes s>c in \\d+\\.\\d{3} s; " + records.size()
                            + " records in " + java.util.regex.Pattern.quote(capture.toString()));
        }
    }

    /**
     * Without --record the tap is a fault proxy: it forwards through the faults, reports each connection and its
     * summary, and writes no capture (nor says it does). Before, --record was required.
     */
    @Test
    void withoutRecordTheTapForwardsThroughItsFaultsReportsAndWritesNothing() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> before = listed(cwd);
        try (EchoServer echo = EchoServer.start();
                CliRun tap = CliRun.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        echo.endpoint(),
                        "--fault",
                        "s>c:close-after=5",
                        "--expect",
                        "1")) {
            int port = tap.port();
            Clients.Exchange exchange = Clients.exchange(port, "hello world\n".getBytes(US_ASCII));

            assertThat(exchange.reply()).as("cut by the fault").isEqualTo("hello".getBytes(US_ASCII));
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            assertThat(tap.err.text()).isEmpty();
            assertThat(tap.lines()).hasSize(3);
            assertThat(tap.lines().get(0))
                    .isEqualTo(
                            "listening on tcp:" + port + ":interface=127.0.0.1 (connect with tcp:host=127.0.0.1:port="
                                    + port + "), forwarding to " + echo.endpoint());
            assertThat(tap.lines().get(1))
                    .matches("#1 127\\.0\\.0\\.1:" + exchange.localPort() + " -> 127\\.0\\.0\\.1:" + echo.port()
                            + " c>s \\d+ bytes, s>c 5 bytes in \\d+\\.\\d{3} s; client clean \\(by tap\\), server"
                            + " clean \\(by tap\\)");
            assertThat(tap.lines().get(2))
                    .matches("summary: 1 connection, \\d+ bytes c>s, 5 bytes s>c in \\d+\\.\\d{3} s");
        }
        assertThat(listed(cwd)).as("no capture, no .part").isEqualTo(before);
    }

    /** With --json and no --record, the listening and summary objects name no capture and count no records. */
    @Test
    void withoutRecordTheJsonNamesNoCapture() throws Exception {
        try (EchoServer echo = EchoServer.start();
                CliRun tap =
                        CliRun.start("tap", "--listen", "tcp:0", "--to", echo.endpoint(), "--json", "--expect", "1")) {
            int port = tap.port();
            assertThat(Clients.exchange(port, "hi".getBytes(US_ASCII)).reply()).isEqualTo("hi".getBytes(US_ASCII));

            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            assertThat(tap.lines()).hasSize(3);
            assertThat(tap.lines().get(0))
                    .isEqualTo("{\"event\":\"listening\",\"endpoint\":\"tcp:" + port + ":interface=127.0.0.1\","
                            + "\"connect\":\"tcp:host=127.0.0.1:port=" + port + "\",\"to\":\"" + echo.endpoint()
                            + "\"}");
            assertThat(tap.lines().get(1)).startsWith("{\"event\":\"connection\",\"seq\":1,");
            assertThat(tap.lines().get(2))
                    .matches("\\{\"event\":\"summary\",\"connections\":1,\"bytes_c2s\":2,\"bytes_s2c\":2,"
                            + "\"seconds\":[0-9.eE-]+\\}");
        }
    }

    /** As sink: stopped by a signal before --expect's count, the tap exits as a killed process does; else 0. */
    @Test
    void aSignalBeforeTheExpectedCountExitsAsAKilledProcessDoes() throws Exception {
        for (int signal : new int[] {2, 15}) {
            try (EchoServer echo = EchoServer.start();
                    CliRun tap = CliRun.start("tap", "--listen", "tcp:0", "--to", echo.endpoint(), "--expect", "2")) {
                assertThat(Clients.exchange(tap.port(), "hi".getBytes(US_ASCII)).reply())
                        .isEqualTo("hi".getBytes(US_ASCII));
                tap.out.await("the connection's line", text -> text.lines().count() == 2);

                tap.interrupter.interrupt(signal);

                assertThat(tap.awaitExit()).as(tap.err.text()).isEqualTo(128 + signal);
                assertThat(tap.lines().get(2)).startsWith("summary: 1 connection, ");
            }
        }
        try (EchoServer echo = EchoServer.start();
                CliRun tap = CliRun.start("tap", "--listen", "tcp:0", "--to", echo.endpoint())) {
            tap.port();
            tap.interrupter.interrupt(15);

            assertThat(tap.awaitExit())
                    .as("no --expect: a signal is how a tap ends")
                    .isZero();
        }
    }

    @Test
    void forceWithoutRecordIsAUsageError() throws Exception {
        CliRun tap = CliRun.run("tap", "--listen", "tcp:0", "--to", "tcp:host=127.0.0.1:port=9", "--force");

        assertThat(tap.oneErrorLine(2))
                .isEqualTo("weft tap: --force replaces an existing --record FILE: give --record FILE, or leave --force"
                        + " out (without --record nothing is written)");
    }

    private static List<Path> listed(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void concurrentConnectionsAreRecordedUnderTheirOwnIds() throws Exception {
        Path capture = dir.resolve("many.weftcap");
        List<byte[]> payloads = List.of(
                new byte[0],
                "one".getBytes(US_ASCII),
                Clients.randomBytes(70_000, 21),
                Clients.randomBytes(2 << 20, 22));
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
                        String.valueOf(payloads.size()))) {
            int port = tap.port();
            ExecutorService clients = Executors.newFixedThreadPool(payloads.size());
            List<Future<Clients.Exchange>> exchanges = new ArrayList<>();
            for (byte[] payload : payloads) {
                exchanges.add(clients.submit(() -> Clients.exchange(port, payload)));
            }
            Map<String, byte[]> byClient = new HashMap<>();
            for (int i = 0; i < payloads.size(); i++) {
                Clients.Exchange exchange = exchanges.get(i).get();
                assertThat(exchange.reply()).isEqualTo(payloads.get(i));
                byClient.put("127.0.0.1:" + exchange.localPort(), payloads.get(i));
            }
            clients.shutdown();

            assertThat(tap.awaitExit()).isZero();
            List<CaptureRecord> all = records(capture);
            List<Integer> ids = all.stream()
                    .filter(r -> r instanceof OpenRecord)
                    .map(CaptureRecord::connection)
                    .toList();
            assertThat(ids).containsExactlyInAnyOrder(1, 2, 3, 4);
            for (int id : ids) {
                OpenRecord open = (OpenRecord) ofConnection(all, id).get(0);
                assertEchoedConversation(all, id, byClient.get(open.client()));
            }
        }
    }

    @Test
    void unreachableServerIsRecordedAsAFailedConnectAndTheClientIsReset() throws Exception {
        Path capture = dir.resolve("refused.weftcap");
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
                        "1")) {
            String to = nobody.endpoint();
            assertThat(Clients.exchangeEndsInReset(tap.port(), new byte[0])).isTrue();
            assertThat(tap.awaitExit()).isZero();
            List<CaptureRecord> all = records(capture);
            // The client's half-close is recorded too if the tap read it before the refusal came back.
            assertThat(all.stream().filter(halfClose(Side.CLIENT))).hasSizeLessThanOrEqualTo(1);
            List<CaptureRecord> records =
                    all.stream().filter(halfClose(Side.CLIENT).negate()).toList();
            assertThat(records).hasSize(3);
            assertThat(records.get(0)).isInstanceOf(OpenRecord.class);
            String why = "cannot connect to " + to + ": connection refused: nothing listens there; start the server"
                    + " first, or check the host and port";
            assertThat(records.get(1))
                    .isEqualTo(new CloseRecord(
                            1, records.get(1).micros(), Side.SERVER, false, CloseKind.CONNECT_FAILED, why));
            assertThat(records.get(2)).isInstanceOf(CloseRecord.class);
            CloseRecord client = (CloseRecord) records.get(2);
            assertThat(client.side()).isEqualTo(Side.CLIENT);
            assertThat(client.byTap()).isTrue();
            assertThat(tap.lines().get(1)).endsWith("; client reset (by tap), server " + why);
        }
    }

    @Test
    void interruptAbortsOpenConnectionsRecordsThemAsInterruptedAndExitsZero() throws Exception {
        Path capture = dir.resolve("interrupted.weftcap");
        try (EchoServer echo = EchoServer.start();
                CliRun tap = CliRun.start(
                        "tap", "--listen", "tcp:0", "--to", echo.endpoint(), "--record", capture.toString());
                Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", tap.port()));
            client.getOutputStream().write("abc".getBytes(US_ASCII));
            InputStream in = client.getInputStream();
            assertThat(in.readNBytes(3))
                    .as("the echo came back through the tap")
                    .isEqualTo("abc".getBytes(US_ASCII));

            tap.interrupter.interrupt();

            assertThat(tap.awaitExit()).isZero();
            List<CaptureRecord> records = records(capture);
            List<CaptureRecord> closes = records.subList(records.size() - 2, records.size());
            assertThat(closes).allSatisfy(r -> {
                assertThat(r).isInstanceOf(CloseRecord.class);
                assertThat(((CloseRecord) r).kind()).isEqualTo(CloseKind.INTERRUPTED);
                assertThat(((CloseRecord) r).byTap()).isTrue();
            });
            assertThat(sentBy(records, Side.CLIENT)).isEqualTo("abc".getBytes(US_ASCII));
            assertThat(tap.lines().get(1)).endsWith("; client interrupted (by tap), server interrupted (by tap)");
            assertThat(tap.lines().get(2)).startsWith("summary: 1 connection, 3 bytes c>s, 3 bytes s>c in ");
            assertThat(SinkCommandTest.endOfStreamOrReset(client)).isTrue();
        }
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() throws Exception {
        assertThat(CliRun.run("tap", "--listen", "tcp:0", "--record", "x").oneErrorLine(2))
                .isEqualTo("weft tap: Missing required option: '--to=ENDPOINT' (see 'weft tap --help')");
    }

    @Test
    void unparsableTargetIsAUsageError() throws Exception {
        CliRun tap = CliRun.run(
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                "carrier-pigeon:7",
                "--record",
                dir.resolve("x").toString());

        assertThat(tap.oneErrorLine(2)).startsWith("weft tap: bad endpoint 'carrier-pigeon:7' for --to: ");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void captureInAMissingDirectoryIsARuntimeError() throws Exception {
        Path capture = dir.resolve("no/such/dir/c.weftcap");

        CliRun tap = CliRun.run(
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                "tcp:host=127.0.0.1:port=" + Clients.freePort(),
                "--record",
                capture.toString());

        assertThat(tap.oneErrorLine(1))
                .isEqualTo("weft tap: cannot write --record " + capture
                        + ": its directory does not exist; create it or choose another path");
    }

    @Test
    void portInUseIsARuntimeErrorAndLeavesNoCapture() throws Exception {
        Path capture = dir.resolve("c.weftcap");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));

            CliRun tap = CliRun.run(
                    "tap",
                    "--listen",
                    "tcp:" + taken.getLocalPort(),
                    "--to",
                    "tcp:host=127.0.0.1:port=" + Clients.freePort(),
                    "--record",
                    capture.toString());

            assertThat(tap.oneErrorLine(1))
                    .startsWith("weft tap: cannot listen on tcp:" + taken.getLocalPort()
                            + " (--listen): address already in use");
            assertThat(capture).doesNotExist();
            assertThat(Files.exists(dir)).isTrue();
        }
    }

    @Test
    void aServerThatNeverAcceptsIsGivenUpAfterTheConnectTimeoutAndTheClientIsReset() throws Exception {
        Path capture = dir.resolve("silent.weftcap");
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            // Linux queues backlog + 1 connections nobody accepts, then drops every further SYN: a connect
            // to it neither succeeds nor fails, as with a blackholed host.
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket();
                queued.add(s);
                s.connect(silent.getLocalSocketAddress(), 10_000);
            }
            try (Socket probe = new Socket()) {
                assertThatThrownBy(() -> probe.connect(silent.getLocalSocketAddress(), 200))
                        .as("the backlog is full")
                        .isInstanceOf(SocketTimeoutException.class);
            }
            try (CliRun tap = CliRun.start(
                    "tap",
                    "--listen",
                    "tcp:0",
                    "--to",
                    "tcp:host=127.0.0.1:port=" + silent.getLocalPort(),
                    "--record",
                    capture.toString(),
                    "--expect",
                    "1",
                    "--connect-timeout",
                    "3s")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.setSoTimeout(60_000);
                    client.getOutputStream().write("hello".getBytes(US_ASCII));
                    client.shutdownOutput();
                    assertThatThrownBy(() -> client.getInputStream().read())
                            .as("reset, not an empty answer")
                            .isInstanceOf(SocketException.class)
                            .hasMessageContaining("reset");
                }
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1))
                        .endsWith("; client reset (by tap), server cannot connect to tcp:host=127.0.0.1:port="
                                + silent.getLocalPort() + ": no answer within 3.000 s (--connect-timeout); check"
                                + " that the host is up and that no firewall drops the traffic");
            }
        } finally {
            for (Socket s : queued) {
                s.close();
            }
        }
        assertThat(TapConnectionTest.outline(records(capture)))
                .containsExactly(
                        "open",
                        "data c>s 5",
                        "half-close client",
                        "close server connect-failed",
                        "close client aborted by tap");
    }

    /** A tls: server that accepts TCP and never answers the ClientHello is given up at --connect-timeout too. */
    @Test
    void aTlsServerThatNeverCompletesTheHandshakeIsGivenUpAfterTheConnectTimeoutAndTheClientIsReset() throws Exception {
        Path capture = dir.resolve("no-handshake.weftcap");
        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            Future<byte[]> clientHello = acceptor.submit(() -> {
                try (Socket s = silent.accept()) {
                    ByteArrayOutputStream read = new ByteArrayOutputStream();
                    try {
                        s.getInputStream().transferTo(read); // never answers; the tap's abort ends this
                    } catch (SocketException reset) {
                        // the tap gave up with a reset
                    }
                    return read.toByteArray();
                }
            });
            String to = "tls:host=127.0.0.1:port=" + silent.getLocalPort();
            try (CliRun tap = CliRun.start(
                    "tap",
                    "--listen",
                    "tcp:0",
                    "--to",
                    to,
                    "--record",
                    capture.toString(),
                    "--expect",
                    "1",
                    "--connect-timeout",
                    "3s")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.setSoTimeout(60_000);
                    client.getOutputStream().write("hello".getBytes(US_ASCII));
                    assertThatThrownBy(() -> client.getInputStream().read())
                            .as("reset, not an empty answer")
                            .isInstanceOf(SocketException.class)
                            .hasMessageContaining("reset");
                }
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1))
                        .endsWith("; client reset (by tap), server cannot connect to " + to + ": no TLS handshake"
                                + " within 3.000 s (--connect-timeout); check that the server speaks TLS on this port");
            }
            assertThat(clientHello.get()[0])
                    .as("a TLS handshake record reached the server")
                    .isEqualTo((byte) 0x16);
        } finally {
            acceptor.shutdownNow();
        }
        assertThat(TapConnectionTest.outline(records(capture)))
                .containsSubsequence("open", "connected", "close server connect-failed", "close client aborted by tap")
                .contains("data c>s 5")
                .hasSize(5);
    }

    /**
     * --idle-timeout on real sockets: a client of an ssl: listener that starts its handshake and stalls is reset, and
     * so is the server leg the tap opened for it, instead of both being held for ever.
     */
    @Test
    void aClientThatStallsInItsTlsHandshakeIsCutAfterTheIdleTimeoutWithItsServerLeg() throws Exception {
        Path capture = dir.resolve("idle.weftcap");
        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        try (ServerSocket backend = new ServerSocket()) {
            backend.bind(new InetSocketAddress("127.0.0.1", 0));
            Future<String> atBackend = acceptor.submit(() -> {
                try (Socket s = backend.accept()) {
                    return s.getInputStream().read() == -1 ? "closed" : "data";
                } catch (SocketException reset) {
                    return "reset";
                }
            });
            try (CliRun tap = CliRun.start(
                    "tap",
                    "--listen",
                    "ssl:0",
                    "--self-signed",
                    "--to",
                    "tcp:host=127.0.0.1:port=" + backend.getLocalPort(),
                    "--record",
                    capture.toString(),
                    "--expect",
                    "1",
                    "--idle-timeout",
                    "1s")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.getOutputStream().write(java.util.Arrays.copyOf(TlsPeers.clientHello(), 20));
                    assertThat(SinkCommandTest.endOfStreamOrReset(client))
                            .as("the tap closed the stalled client")
                            .isTrue();
                }
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines().get(1))
                        .matches("#1 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+ c>s 0 bytes, s>c 0 bytes in"
                                + " [0-9.]+ s; client idle timeout \\(by tap\\), server idle timeout \\(by tap\\)");
            }
            assertThat(atBackend.get()).as("the server leg was reset").isEqualTo("reset");
        } finally {
            acceptor.shutdownNow();
        }
        String why = "idle: no TLS handshake with the client within 1.000 s (--idle-timeout)";
        List<CaptureRecord> records = records(capture);
        assertThat(TapConnectionTest.outline(records))
                .containsExactlyInAnyOrder(
                        "open", "connected", "close server aborted by tap", "close client aborted by tap")
                .startsWith("open", "connected");
        assertThat(records.stream().filter(r -> r instanceof CloseRecord).map(r -> ((CloseRecord) r).reason()))
                .containsOnly(why);
    }

    @Test
    void aConnectTimeoutOfZeroIsAUsageError() throws Exception {
        CliRun tap = CliRun.run(
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                "tcp:host=127.0.0.1:port=9",
                "--record",
                dir.resolve("x").toString(),
                "--connect-timeout",
                "0");

        assertThat(tap.oneErrorLine(2))
                .isEqualTo(
                        "weft tap: Invalid value for option '--connect-timeout': '0' is out of range: give more than 0,"
                                + " at most a year (366 days) (see 'weft tap --help')");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
