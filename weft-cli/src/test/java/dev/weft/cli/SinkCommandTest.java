package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SinkCommandTest {
    static final Pattern LISTENING = Pattern.compile(
            "listening on tcp:(\\d+):interface=127\\.0\\.0\\.1 \\(connect with tcp:host=127\\.0\\.0\\.1:port=\\1\\)");
    static final Pattern REPORT = Pattern.compile(
            "#(\\d+) 127\\.0\\.0\\.1:(\\d+) (\\d+) bytes? in \\d+\\.\\d{3} s \\((- B/s|\\d+ B/s|\\d+\\.\\d [KMGTPE]iB/s)\\)"
                    + " (.*?)(?: -> (.*))?");
    static final Pattern SUMMARY = Pattern.compile(
            "summary: (\\d+) connections?, (\\d+) bytes? in \\d+\\.\\d{3} s: (\\d+) clean, (\\d+) reset by peer,"
                    + " (\\d+) over the limit, (\\d+) error, (\\d+) interrupted");

    @TempDir
    Path dir;

    /** Plaintext to an ssl: listener is NOT_TLS however short: 3 bytes are too few for the engine to say so. */
    @Test
    void aShortPlaintextToATlsListenerIsNamedAsALongOneIs() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "2")) {
            int port = sink.port();
            Clients.exchangeEndsInReset(port, "GET".getBytes(US_ASCII));
            sink.out.awaitContains("#1 ");
            Clients.exchangeEndsInReset(port, "GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            String notTls =
                    " 0 bytes in \\d+\\.\\d{3} s \\(0 B/s\\) error: TLS handshake failed \\(NOT_TLS\\): TLS failed:"
                            + " the peer did not send TLS \\(plaintext, garbage or nothing where a TLS record was"
                            + " expected\\); speak TLS to a TLS port: \\[";
            assertThat(sink.lines().stream().filter(line -> line.startsWith("#")))
                    .satisfiesExactly(
                            short3 -> assertThat(short3)
                                    .matches("#1 127\\.0\\.0\\.1:\\d+" + notTls + "the peer sent 3 bytes that cannot"
                                            + " begin a TLS record, then closed the connection\\]\\."),
                            whole -> assertThat(whole)
                                    .matches("#2 127\\.0\\.0\\.1:\\d+" + notTls + "Unrecognized SSL message,"
                                            + " plaintext connection\\?\\]\\."));
        }
    }

    /** A client of an ssl: listener that connects and closes without a byte reset nothing: it sent no TLS. */
    @Test
    void aClientThatClosesBeforeStartingAHandshakeIsNamedSoNotAsAReset() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "1")) {
            new Socket("127.0.0.1", sink.port()).close();

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            assertThat(sink.lines().get(1))
                    .matches(
                            "#1 127\\.0\\.0\\.1:\\d+ 0 bytes in \\d+\\.\\d{3} s \\(0 B/s\\) error: TLS handshake failed"
                                    + " \\(NOT_TLS\\): TLS failed: the peer did not send TLS \\(plaintext, garbage or nothing"
                                    + " where a TLS record was expected\\); speak TLS to a TLS port: \\[the client closed the"
                                    + " connection before starting a TLS handshake: it sent nothing\\]\\.");
            Matcher summary = SUMMARY.matcher(sink.lines().get(2));
            assertThat(summary.lookingAt()).as(sink.lines().get(2)).isTrue();
            assertThat(summary.group(4)).as("reset by peer").isEqualTo("0");
            assertThat(summary.group(6)).as("error").isEqualTo("1");
        }
    }

    /**
     * A TLS client that sends its ClientHello and then closes (a FIN, no alert) left during its handshake: a
     * ConnectionLost, as in Twisted, but not a reset, and the report says so (its file too).
     */
    @Test
    void aTlsClientThatClosesDuringItsHandshakeIsNamedSoNotAsAReset() throws Exception {
        Path out = dir.resolve("out");
        try (CliRun sink =
                CliRun.start("sink", "--listen", "ssl:0", "--self-signed", "--out", out.toString(), "--expect", "1")) {
            try (Socket client = new Socket("127.0.0.1", sink.port())) {
                client.getOutputStream().write(TlsPeers.clientHello());
                client.shutdownOutput();
                client.getInputStream().readAllBytes(); // the server's answer, until it closes: no reset
            }

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            Matcher m = REPORT.matcher(sink.lines().get(1));
            assertThat(m.matches()).as(sink.lines().get(1)).isTrue();
            assertThat(m.group(5)).isEqualTo("closed during the TLS handshake");
            assertThat(Path.of(m.group(6)).getFileName().toString()).endsWith(".handshake_closed.bin");
            assertThat(sink.lines().get(2))
                    .containsPattern(SUMMARY)
                    .contains(" 0 reset by peer, ")
                    .endsWith(", 1 closed during the TLS handshake, 0 closed without TLS close_notify");
        }
    }

    /**
     * A TLS client that closes its TCP connection (a FIN) without a close_notify after its data may have been cut
     * short by an attacker, or be careless: not a reset. One that resets the connection is still a reset.
     */
    @Test
    void aTlsClientThatClosesWithoutCloseNotifyIsNamedSoAndAResetStaysAReset() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "2")) {
            javax.net.ssl.SSLContext trusting = TlsPeers.trustingAnyServer();
            try (Socket raw = new Socket("127.0.0.1", sink.port())) {
                javax.net.ssl.SSLSocket tls = TlsPeers.over(raw, trusting, true);
                tls.getOutputStream().write("hello".getBytes(US_ASCII));
                tls.getOutputStream().flush();
                raw.shutdownOutput(); // a FIN with no close_notify before it
                raw.getInputStream().readAllBytes(); // until the sink closes: no reset
            }
            sink.out.awaitContains("#1 ");
            try (Socket raw = new Socket("127.0.0.1", sink.port())) {
                javax.net.ssl.SSLSocket tls = TlsPeers.over(raw, trusting, true);
                tls.getOutputStream().write("then a reset".getBytes(US_ASCII));
                tls.getOutputStream().flush();
                raw.setSoLinger(true, 0);
            }

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            assertThat(sink.lines().get(1))
                    .matches("#1 127\\.0\\.0\\.1:\\d+ 5 bytes in .* closed without TLS close_notify \\(a truncation"
                            + " attack or a careless peer\\), TLSv1\\.3 TLS_.*");
            assertThat(sink.lines().get(2))
                    .matches("#2 127\\.0\\.0\\.1:\\d+ \\d+ bytes? in .* reset by peer(, TLS.*)?");
            assertThat(sink.lines().get(3))
                    .containsPattern(SUMMARY)
                    .contains(": 0 clean, 1 reset by peer, ")
                    .endsWith(", 0 closed during the TLS handshake, 1 closed without TLS close_notify");
        }
    }

    /**
     * --idle-timeout bounds a TLS handshake that stalls (its timer runs from the accept, and only plaintext resets
     * it), and the reason names the handshake: bytes of it did arrive, so "nothing arrived" would be untrue.
     */
    @Test
    void anIdleTimeoutCutsAStalledTlsHandshakeAndSaysSo() throws Exception {
        try (CliRun sink = CliRun.start(
                        "sink",
                        "--listen",
                        "ssl:0",
                        "--self-signed",
                        "--idle-timeout",
                        "1s",
                        "--expect",
                        "1",
                        "--json");
                Socket stalled = new Socket("127.0.0.1", sink.port())) {
            stalled.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // a record header's start, then nothing

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            assertThat(sink.lines().get(1))
                    .contains(
                            "\"bytes\":0",
                            "\"closed\":\"idle\"",
                            "\"reason\":\"no TLS handshake within 1.000 s (--idle-timeout)\"",
                            "\"tls_version\":null");
            assertThat(endOfStreamOrReset(stalled)).isTrue();
        }
    }

    @Test
    void firstLineNamesTheBoundAddressAndEachClosedConnectionGetsALine() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1")) {
            int port = sink.port();
            Clients.Exchange exchange = Clients.exchange(port, "hello".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(3);
            Matcher listening = LISTENING.matcher(lines.get(0));
            assertThat(listening.matches()).as(lines.get(0)).isTrue();
            assertThat(Integer.parseInt(listening.group(1))).isEqualTo(port);
            Matcher report = REPORT.matcher(lines.get(1));
            assertThat(report.matches()).as(lines.get(1)).isTrue();
            assertThat(report.group(1)).isEqualTo("1");
            assertThat(Integer.parseInt(report.group(2))).isEqualTo(exchange.localPort());
            assertThat(report.group(3)).isEqualTo("5");
            assertThat(report.group(5)).isEqualTo("clean");
            assertThat(lines.get(2)).matches(SUMMARY).contains(": 1 clean, 0 reset by peer");
            assertThat(exchange.reply()).isEmpty();
            assertThat(sink.err.text()).isEmpty();
        }
    }

    @Test
    void severalConcurrentClientsAreAccountedForAndSavedByteForByte() throws Exception {
        Path out = dir.resolve("received");
        List<byte[]> payloads = List.of(
                new byte[0],
                new byte[] {42},
                "hello, sink\n".getBytes(US_ASCII),
                Clients.randomBytes(100_000, 1),
                Clients.randomBytes(3 << 20, 2));
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--out", out.toString(), "--expect", "5")) {
            int port = sink.port();
            ExecutorService clients = Executors.newFixedThreadPool(payloads.size());
            List<Future<Clients.Exchange>> sent = new ArrayList<>();
            for (byte[] payload : payloads) {
                sent.add(clients.submit(() -> Clients.exchange(port, payload)));
            }
            Map<Integer, byte[]> byPort = new HashMap<>();
            for (int i = 0; i < payloads.size(); i++) {
                byPort.put(sent.get(i).get().localPort(), payloads.get(i));
            }
            clients.shutdown();

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(1 + payloads.size() + 1);
            List<String> seqs = new ArrayList<>();
            long total = 0;
            for (String line : lines.subList(1, 1 + payloads.size())) {
                Matcher m = REPORT.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                byte[] payload = byPort.get(Integer.parseInt(m.group(2)));
                assertThat(payload).as("a client with the reported port").isNotNull();
                assertThat(Long.parseLong(m.group(3))).isEqualTo(payload.length);
                assertThat(m.group(5)).isEqualTo("clean");
                Path file = Path.of(m.group(6));
                assertThat(file.getFileName().toString()).isEqualTo(m.group(1) + "-127.0.0.1_" + m.group(2) + ".bin");
                assertThat(file.getParent()).isEqualTo(out);
                assertThat(Files.readAllBytes(file)).isEqualTo(payload);
                seqs.add(m.group(1));
                total += payload.length;
            }
            assertThat(seqs).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
            Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
            assertThat(summary.matches()).isTrue();
            assertThat(summary.group(1)).isEqualTo("5");
            assertThat(Long.parseLong(summary.group(2))).isEqualTo(total);
            assertThat(summary.group(3)).isEqualTo("5");
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .hasSize(5)
                        .allMatch(name -> name.endsWith(".bin") && !name.startsWith("."));
            }
        }
    }

    @Test
    void connectionOverMaxBytesIsCutAndKeepsWhatArrived() throws Exception {
        Path out = dir.resolve("out");
        byte[] payload = Clients.randomBytes(1 << 20, 3);
        try (CliRun sink = CliRun.start(
                "sink", "--listen", "tcp:0", "--max-bytes", "1K", "--out", out.toString(), "--expect", "1")) {
            int port = sink.port();
            try {
                Clients.exchange(port, payload);
            } catch (IOException resetWhileSending) {
                // the sink aborts the connection while the client still writes
            }

            assertThat(sink.awaitExit()).isZero();
            Matcher m = REPORT.matcher(sink.lines().get(1));
            assertThat(m.matches()).as(sink.lines().get(1)).isTrue();
            assertThat(m.group(3)).isEqualTo("1025");
            assertThat(m.group(5)).isEqualTo("over the limit: more than --max-bytes 1024 bytes arrived");
            byte[] kept = Files.readAllBytes(Path.of(m.group(6)));
            assertThat(kept).isEqualTo(java.util.Arrays.copyOf(payload, 1025));
            assertThat(sink.lines().get(2)).contains("1 over the limit");
        }
    }

    @Test
    void connectionExactlyAtMaxBytesClosesClean() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--max-bytes", "5", "--expect", "1")) {
            Clients.exchange(sink.port(), "12345".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1))
                    .matches(REPORT)
                    .contains(" 5 bytes in ")
                    .endsWith(") clean");
        }
    }

    @Test
    void connectionResetByThePeerIsReportedSo() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1")) {
            Clients.sendAndReset(sink.port(), "partial".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            Matcher m = REPORT.matcher(sink.lines().get(1));
            assertThat(m.matches()).as(sink.lines().get(1)).isTrue();
            assertThat(m.group(5)).isEqualTo("reset by peer");
            assertThat(sink.lines().get(2)).contains("1 reset by peer");
        }
    }

    @Test
    void jsonPrintsOneObjectPerLine() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--json", "--expect", "2")) {
            int port = sink.port();
            int first = Clients.exchange(port, "abc".getBytes(US_ASCII)).localPort();
            int second = Clients.exchange(port, "".getBytes(US_ASCII)).localPort();

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0))
                    .isEqualTo("{\"event\":\"listening\",\"endpoint\":\"tcp:" + port + ":interface=127.0.0.1\","
                            + "\"connect\":\"tcp:host=127.0.0.1:port=" + port + "\"}");
            assertThat(lines.get(1))
                    .matches("\\{\"event\":\"connection\",\"seq\":1,\"peer\":\"127\\.0\\.0\\.1:" + first
                            + "\",\"bytes\":3,\"seconds\":[0-9.]+,\"bytes_per_second\":[0-9.]+,\"closed\":\"clean\","
                            + "\"reason\":\"Connection was closed cleanly\\.\"\\}");
            assertThat(lines.get(2)).contains("\"seq\":2,\"peer\":\"127.0.0.1:" + second + "\",\"bytes\":0,");
            assertThat(lines.get(3))
                    .matches("\\{\"event\":\"summary\",\"connections\":2,\"bytes\":3,\"seconds\":[0-9.]+,\"clean\":2,"
                            + "\"reset\":0,\"over_limit\":0,\"error\":0,\"interrupted\":0,\"idle\":0,"
                            + "\"handshake_closed\":0,\"no_close_notify\":0,\"unsaved\":0\\}");
        }
    }

    @Test
    void interruptReportsOpenConnectionsAsInterruptedKeepsTheirBytesAndExitsZero() throws Exception {
        Path out = dir.resolve("out");
        try (CliRun sink = CliRun.start(
                        new ByteArrayInputStream(new byte[0]),
                        true,
                        "sink",
                        "--listen",
                        "tcp:0",
                        "--out",
                        out.toString());
                Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", sink.port()));
            OutputStream toSink = open.getOutputStream();
            toSink.write("still talking".getBytes(US_ASCII));
            toSink.flush();
            // On a terminal the live status line shows the open connection and what it received so far.
            sink.err.awaitContains("open 1 | #1 13 B ");

            sink.interrupter.interrupt();

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            Matcher m = REPORT.matcher(lines.get(1));
            assertThat(m.matches()).as(lines.get(1)).isTrue();
            assertThat(m.group(3)).isEqualTo("13");
            assertThat(m.group(5)).isEqualTo("interrupted");
            assertThat(Files.readString(Path.of(m.group(6)), US_ASCII)).isEqualTo("still talking");
            assertThat(lines.get(2)).matches(SUMMARY).endsWith("1 interrupted");
            assertThat(endOfStreamOrReset(open))
                    .as("the sink closed the connection")
                    .isTrue();
        }
    }

    /** Tells whether the peer closed the socket, by a FIN or a reset (an abort resets). */
    static boolean endOfStreamOrReset(Socket socket) {
        try {
            socket.setSoTimeout((int) CapturedOutput.TIMEOUT.toMillis());
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void interruptWithNothingOpenPrintsTheSummary() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0")) {
            sink.port();

            sink.interrupter.interrupt();

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines()).hasSize(2);
            assertThat(sink.lines().get(1)).matches(SUMMARY).startsWith("summary: 0 connections, 0 bytes in ");
        }
    }

    @Test
    void noStatusLineIsDrawnWhenOutputIsNotATerminal() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1")) {
            Clients.exchange(sink.port(), Clients.randomBytes(10_000, 4));

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.err.text()).isEmpty();
            assertThat(sink.out.text()).doesNotContain("\r").doesNotContain("\033");
        }
    }

    @Test
    void tcpEndpointWithoutInterfaceListensOnLoopbackOnly() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1")) {
            sink.port();
            Clients.exchange(sink.port(), new byte[0]);

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(0)).contains(":interface=127.0.0.1 ");
        }
    }

    @Test
    void unparsableEndpointIsAUsageError() throws Exception {
        CliRun sink = CliRun.run("sink", "--listen", "tcp:notaport");

        assertThat(sink.oneErrorLine(2))
                .startsWith("weft sink: bad endpoint 'tcp:notaport' for --listen: ")
                .endsWith("; write it like tcp:9000:interface=127.0.0.1 or unix:/tmp/weft.sock");
        assertThat(sink.out.text()).isEmpty();
    }

    @Test
    void portInUseIsARuntimeErrorThatSaysHowToFixIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String endpoint = "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1";

            CliRun sink = CliRun.run("sink", "--listen", endpoint);

            assertThat(sink.oneErrorLine(1))
                    .isEqualTo(
                            "weft sink: cannot listen on " + endpoint + " (--listen): address already in use:"
                                    + " another program listens there; stop it or choose another port (tcp:0 picks a free one)");
        }
    }

    /** An interface that is no address and no name this machine resolves gets send's words for an unknown host. */
    @Test
    void anUnresolvableInterfaceIsNamedAsSendNamesAnUnknownHost() throws Exception {
        CliRun sink = CliRun.run("sink", "--listen", "tcp:0:interface=no.such.invalid");

        assertThat(sink.oneErrorLine(1))
                .isEqualTo("weft sink: cannot listen on tcp:0:interface=no.such.invalid (--listen): the interface name"
                        + " could not be resolved; check its spelling, or use an address like 127.0.0.1 (0.0.0.0 for"
                        + " all)");
    }

    /**
     * An ssl: string without privateKey= reads Twisted's default server.pem: missing, the line says how to give a key
     * (or to use --self-signed); a key file that is named but missing is the path to check.
     */
    @Test
    void anSslListenerWithoutAKeySaysHowToGiveOne() throws Exception {
        assertThat(Files.exists(Path.of("server.pem")))
                .as("no server.pem where the tests run")
                .isFalse();
        CliRun sink = CliRun.run("sink", "--listen", "ssl:0");

        assertThat(sink.oneErrorLine(1))
                .isEqualTo("weft sink: ssl server endpoint \"ssl:0\" cannot read its key or certificate: no such file:"
                        + " server.pem; give privateKey=KEY.pem (and certKey=CERT.pem), or use --self-signed: without"
                        + " privateKey= the key is read from server.pem, as in Twisted");

        String missing = dir.resolve("missing.pem").toString();
        CliRun named = CliRun.run("sink", "--listen", "ssl:0:privateKey=" + missing);

        assertThat(named.oneErrorLine(1))
                .endsWith(": no such file: " + missing + "; check the path given in the endpoint");
        assertThat(Problems.unreadableIdentity("ssl:0", "no such file: server.pem", false))
                .as("for a command without --self-signed (replay --listen)")
                .isEqualTo("no such file: server.pem; give privateKey=KEY.pem (and certKey=CERT.pem): without"
                        + " privateKey= the key is read from server.pem, as in Twisted");
    }

    /**
     * A signal before --expect's count is met ends the sink with the summary and the exit code of a killed process,
     * 128 + the signal's number, so that a script can tell (without --expect, and with the count met, it exits 0).
     */
    @Test
    void aSignalBeforeTheExpectedCountExitsAsAKilledProcessDoes() throws Exception {
        for (int signal : new int[] {2, 15}) {
            try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "2")) {
                Clients.exchange(sink.port(), "x".getBytes(US_ASCII));
                sink.out.await("the report", text -> text.lines().count() == 2);

                sink.interrupter.interrupt(signal);

                assertThat(sink.awaitExit()).isEqualTo(128 + signal);
                assertThat(sink.lines().get(2)).matches(SUMMARY).startsWith("summary: 1 connection, ");
            }
        }
    }

    @Test
    void outDirectoryThatIsAFileIsARuntimeError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        CliRun sink = CliRun.run("sink", "--listen", "tcp:0", "--out", file.toString());

        assertThat(sink.oneErrorLine(1))
                .isEqualTo("weft sink: cannot use --out " + file + ": " + file
                        + " is a file, not a directory; give a directory path");
    }

    @Test
    void outDirectoryUnderAFileIsARuntimeError() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path under = file.resolve("sub");

        CliRun sink = CliRun.run("sink", "--listen", "tcp:0", "--out", under.toString());

        assertThat(sink.oneErrorLine(1))
                .isEqualTo("weft sink: cannot use --out " + under + ": " + under
                        + ": Not a directory; a part of the path is a file: give a directory path");
    }

    @Test
    void missingOutDirectoryIsCreated() throws Exception {
        Path out = dir.resolve("a/b/c");
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--out", out.toString(), "--expect", "1")) {
            Clients.exchange(sink.port(), "x".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1)).contains(" 1 byte in ").contains(" -> " + out.resolve("1-127.0.0.1_"));
        }
    }

    @Test
    void badNumbersAreUsageErrors() throws Exception {
        assertThat(CliRun.run("sink", "--max-bytes", "10X").oneErrorLine(2))
                .isEqualTo("weft sink: Invalid value for option '--max-bytes': '10X' is not a size: give a number of"
                        + " bytes, optionally with K, M, G or T (1K = 1024) (see 'weft sink --help')");
        assertThat(CliRun.run("sink", "--expect", "-1").oneErrorLine(2))
                .isEqualTo("weft sink: --expect must be 1 or more, not -1 (leave it out to run until stopped)");
        assertThat(CliRun.run("sink", "--expect", "many").oneErrorLine(2))
                .startsWith("weft sink: Invalid value for option '--expect': 'many' is not an int");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        CliRun sink = CliRun.run("--debug", "sink", "--listen", "tcp:notaport");

        assertThat(sink.awaitExit()).isEqualTo(2);
        assertThat(sink.err.text()).startsWith("weft sink: bad endpoint").contains("\tat ");
    }

    /** The reactor polls after accepting only where that was measured to pay: two or more processors, no TLS. */
    @Test
    void theSinkSpinsAfterAcceptingOnlyWithTwoProcessorsOrMoreAndWithoutTls() {
        assertThat(SinkCommand.SPIN_AFTER_ACCEPT).isPositive();
        assertThat(SinkCommand.spinAfterAccept(List.of("tcp:0"), 2)).isEqualTo(SinkCommand.SPIN_AFTER_ACCEPT);
        assertThat(SinkCommand.spinAfterAccept(List.of("tcp:0", "unix:/tmp/weft.sock"), 64))
                .isEqualTo(SinkCommand.SPIN_AFTER_ACCEPT);
        assertThat(SinkCommand.spinAfterAccept(List.of("tcp:0"), 1)).isZero();
        assertThat(SinkCommand.spinAfterAccept(List.of("tcp:0", "ssl:0"), 8)).isZero();
    }
}
