package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SendCommandTest {
    @TempDir
    Path dir;

    /** A --pin that is not the server's certificate says so, with both fingerprints, not "add a CA". */
    @Test
    void aPinThatDoesNotMatchIsNamedWithBothFingerprints() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "1")) {
            int port = sink.port();
            Matcher served = java.util.regex.Pattern.compile("sha256 Fingerprint=([0-9A-F:]{95}) ")
                    .matcher(sink.err.awaitContains("Fingerprint="));
            assertThat(served.find()).isTrue();
            String pin = "AB:".repeat(31) + "AB";

            CliRun send = CliRun.run(
                    "x".getBytes(US_ASCII), "send", "--pin", "sha256:" + pin, "tls:host=127.0.0.1:port=" + port);

            assertThat(send.oneErrorLine(1))
                    .startsWith("weft send: TLS handshake failed (PIN_MISMATCH): TLS failed: the peer's certificate is"
                            + " not the pinned one; check that the right peer answers, and if its certificate was"
                            + " replaced and you trust the new one, pin that one: [the peer's certificate (sha256"
                            + " Fingerprint=" + served.group(1) + ") does not match the pinned sha256:" + pin + "].")
                    .doesNotContain("trusted certificate authority");
            assertThat(sink.awaitExit()).isZero();
        }
    }

    /** A server that accepts and closes at once sent no TLS: the client says so, not "reset by peer". */
    @Test
    void aServerThatClosesWithoutAnsweringTheClientHelloIsNamedSo() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, socket -> {
                socket.shutdownOutput(); // a FIN at once, before the ClientHello is answered or even read
                socket.getInputStream().readAllBytes(); // read the ClientHello, so the close is no reset
            });

            CliRun send =
                    CliRun.run("x".getBytes(US_ASCII), "send", "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.oneErrorLine(1))
                    .matches(java.util.regex.Pattern.quote("weft send: TLS handshake failed (NOT_TLS): TLS failed: the"
                                    + " peer did not send TLS (plaintext, garbage or nothing where a TLS record was"
                                    + " expected); speak TLS to a TLS port: [the server closed the connection without"
                                    + " answering the TLS ClientHello: it sent nothing].")
                            // The input's byte was read before the close, or not yet: never sent either way.
                            + " \\(after (sending 0 bytes|reading 1 byte of input \\(none sent\\)) and receiving 0"
                            + " bytes\\)");
            served.get();
        }
    }

    /** A server that answers the ClientHello with its ServerHello and closes (a FIN) left during the handshake. */
    @Test
    void aServerThatClosesDuringTheHandshakeIsNamedSoNotAsAReset() throws Exception {
        TLSServerOptions options =
                TLSServerOptions.of(SelfSigned.make(List.of("127.0.0.1")).identity());
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, socket -> {
                TlsPeers.answerWithTheServerHelloOnly(socket, options);
                socket.shutdownOutput();
                socket.getInputStream().readAllBytes(); // until the client closes: no reset
            });

            CliRun send =
                    CliRun.run("x".getBytes(US_ASCII), "send", "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.oneErrorLine(1))
                    .matches("weft send: the server closed the connection during the TLS handshake after (sending 0"
                            + " bytes|reading 1 byte of input \\(none sent\\)) and receiving 0 bytes; check that it"
                            + " speaks TLS on this port and accepts this client");
            served.get();
        }
    }

    /**
     * A server that answers and closes its TCP connection without a close_notify: the reply may have been cut
     * short (an attack, or a careless server), so send exits 1 and says so, not "reset by peer".
     */
    @Test
    void aServerThatClosesWithoutCloseNotifyIsNamedSoNotAsAReset() throws Exception {
        SelfSigned cert = SelfSigned.make(List.of("127.0.0.1"));
        javax.net.ssl.SSLContext context = TLSServerOptions.of(cert.identity()).sslContext();
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, raw -> {
                javax.net.ssl.SSLSocket tls = TlsPeers.over(raw, context, false);
                tls.getInputStream().readNBytes(4);
                tls.getOutputStream().write("pong".getBytes(US_ASCII));
                tls.getOutputStream().flush();
                raw.shutdownOutput(); // a FIN with no close_notify before it
                raw.getInputStream().readAllBytes(); // until the client closes: no reset
            });

            CliRun send = CliRun.run(
                    "ping".getBytes(US_ASCII),
                    "send",
                    "--pin",
                    "sha256:" + TrustRoots.sha256Fingerprint(cert.certificate()),
                    "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.awaitExit()).isOne();
            assertThat(send.err.text().lines())
                    .as("the TLS session, then why it failed")
                    .hasSize(2)
                    .first()
                    .asString()
                    .startsWith("weft send: TLSv1.3 TLS_");
            assertThat(send.err.text().lines().toList().get(1))
                    .isEqualTo("weft send: the server closed the connection without TLS close_notify (a truncation"
                            + " attack or a careless peer) after sending 4 bytes and receiving 4 bytes: the reply may"
                            + " be cut short");
            assertThat(send.out.text()).isEqualTo("pong");
            served.get();
        }
    }

    /**
     * A TLS 1.3 server that refuses the client's (missing) certificate does so after the client has finished its part
     * of the handshake: the handshake failed, so send prints no TLS line and says so, naming the alert's kind. The
     * input the client wrote once its part was done never reached the server, and the count says so.
     */
    @Test
    void aServerThatRefusesTheClientCertificateFailsTheHandshakeWithNoTlsLine() throws Exception {
        SelfSigned cert = SelfSigned.make(List.of("127.0.0.1"));
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveRequiringAClientCertificate(server, cert);

            CliRun send = CliRun.run(
                    "ping".getBytes(US_ASCII),
                    "send",
                    "--pin",
                    "sha256:" + TrustRoots.sha256Fingerprint(cert.certificate()),
                    "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.oneErrorLine(1))
                    .startsWith("weft send: TLS handshake failed (CERTIFICATE_REQUIRED): TLS failed: the peer reports"
                            + " that it requires a client certificate")
                    // The input is read at the connect and written once this end's part of the handshake is done;
                    // a reply refusing the handshake before the input was read leaves nothing to count.
                    .matches(".*\\(after (writing 4 bytes, none of them read by the server \\(it refused the"
                            + " handshake\\),|sending 0 bytes) and receiving 0 bytes\\)");
            served.get();
        }
    }

    /**
     * The same refused certificate: --json counts none of the input as sent and names no TLS version or cipher, as for
     * any handshake not completed.
     */
    @Test
    void aServerThatRefusesTheClientCertificateGotNoneOfTheInputInTheJsonCount() throws Exception {
        SelfSigned cert = SelfSigned.make(List.of("127.0.0.1"));
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveRequiringAClientCertificate(server, cert);

            CliRun send = CliRun.run(
                    "ping".getBytes(US_ASCII),
                    "send",
                    "--json",
                    "--pin",
                    "sha256:" + TrustRoots.sha256Fingerprint(cert.certificate()),
                    "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.awaitExit()).isEqualTo(1);
            assertThat(send.lines())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("\"sent\":0,")
                    .contains("\"tls_version\":null,\"tls_cipher\":null") // no handshake completed
                    .contains("\"tls_error\":\"CERTIFICATE_REQUIRED\"");
            served.get();
        }
    }

    /**
     * Serves one TLS 1.3 connection that requires a client certificate: the JDK server refuses a client that has none
     * with an alert, then reads until the client closes (so the close is no reset).
     */
    private static CompletableFuture<Void> serveRequiringAClientCertificate(ServerSocket server, SelfSigned cert)
            throws Exception {
        javax.net.ssl.SSLContext context = TLSServerOptions.of(cert.identity()).sslContext();
        return serveOnce(server, raw -> {
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket)
                    context.getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), false);
            tls.setUseClientMode(false);
            tls.setNeedClientAuth(true);
            try {
                tls.startHandshake();
            } catch (javax.net.ssl.SSLHandshakeException refused) {
                raw.getInputStream().readAllBytes(); // after the alert, until the client closes: no reset
            }
        });
    }

    /** A server that resets the connection during the TLS handshake: no TLS line, and the line names the stage. */
    @Test
    void aServerThatResetsDuringTheHandshakeIsNamedSo() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, raw -> {
                TlsPeers.readRecord(raw.getInputStream()); // the ClientHello, then a reset
                raw.setSoLinger(true, 0);
            });

            CliRun send =
                    CliRun.run("ping".getBytes(US_ASCII), "send", "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.oneErrorLine(1))
                    .matches("weft send: connection reset by peer during the TLS handshake, after (sending 0 bytes"
                            + "|reading 4 bytes of input \\(none sent\\)) and receiving 0 bytes: .*");
            served.get();
        }
    }

    /** A server that resets the connection after the TLS handshake: the TLS line, then a line naming the stage. */
    @Test
    void aServerThatResetsAfterTheHandshakeIsNamedSo() throws Exception {
        SelfSigned cert = SelfSigned.make(List.of("127.0.0.1"));
        javax.net.ssl.SSLContext context = TLSServerOptions.of(cert.identity()).sslContext();
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, raw -> {
                TlsPeers.over(raw, context, false).getInputStream().readNBytes(4);
                raw.setSoLinger(true, 0);
            });

            CliRun send = CliRun.run(
                    "ping".getBytes(US_ASCII),
                    "send",
                    "--pin",
                    "sha256:" + TrustRoots.sha256Fingerprint(cert.certificate()),
                    "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.awaitExit()).isOne();
            List<String> lines = send.err.text().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("weft send: TLSv1.3 TLS_");
            assertThat(lines.get(1))
                    .startsWith("weft send: connection reset by peer after the TLS handshake, after sending 4 bytes and"
                            + " receiving 0 bytes: ");
            served.get();
        }
    }

    /**
     * A server that accepts TCP and never answers the ClientHello is given up at the end of --timeout, which
     * covers the handshake as part of the connect; the line says so, not "no reply" after bytes never sent.
     */
    @Test
    void aTlsServerThatNeverCompletesTheHandshakeIsGivenUpAtTheTimeout() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, socket -> {
                try {
                    socket.getInputStream().readAllBytes(); // the ClientHello, never answered, then the abort
                } catch (SocketException reset) {
                    // the client gave up with a reset
                }
            });

            CliRun send = CliRun.run(
                    "x".getBytes(US_ASCII),
                    "send",
                    "--timeout",
                    "2s",
                    "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.oneErrorLine(1))
                    .isEqualTo("weft send: no TLS handshake within 2.000 s (--timeout): the server accepted the"
                            + " connection but did not complete the handshake; check that it speaks TLS on this port");
            served.get();
        }
    }

    /**
     * An empty input ends before the TLS handshake does: the half-close waits for it (before it TLS could
     * only abort), so the sink sees a clean TLS connection of 0 bytes.
     */
    @Test
    void anEmptyInputOverTlsHalfClosesAfterTheHandshakeAndExitsZero() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "1")) {
            int port = sink.port();
            Matcher served = java.util.regex.Pattern.compile("sha256 Fingerprint=([0-9A-F:]{95}) ")
                    .matcher(sink.err.awaitContains("Fingerprint="));
            assertThat(served.find()).isTrue();

            CliRun send = CliRun.run("send", "--pin", "sha256:" + served.group(1), "tls:host=127.0.0.1:port=" + port);

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.err.text()).startsWith("weft send: TLSv1.3 TLS_");
            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1)).contains(" 0 bytes in ").contains(" clean, TLSv1.3 TLS_");
        }
    }

    @Test
    void standardInputRoundTripsThroughAnEchoServer() throws Exception {
        byte[] input = Clients.randomBytes(5 << 20, 11);
        try (EchoServer echo = EchoServer.start()) {
            CliRun send = CliRun.run(input, "send", echo.endpoint(), "-");

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.out.bytes()).isEqualTo(input);
            assertThat(send.err.text()).isEmpty();
        }
    }

    @Test
    void withoutAFileArgumentStandardInputIsSent() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            CliRun send = CliRun.run("hello\n".getBytes(US_ASCII), "send", echo.endpoint());

            assertThat(send.awaitExit()).isZero();
            assertThat(send.out.text()).isEqualTo("hello\n");
        }
    }

    @Test
    void emptyInputHalfClosesAtOnceAndExitsZero() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            CliRun send = CliRun.run("send", echo.endpoint(), "-");

            assertThat(send.awaitExit()).isZero();
            assertThat(send.out.bytes()).isEmpty();
        }
    }

    @Test
    void fileSentToSinkArrivesByteForByte() throws Exception {
        byte[] content = Clients.randomBytes(2 << 20, 12);
        Path file = Files.write(dir.resolve("payload.bin"), content);
        Path out = dir.resolve("out");
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--out", out.toString(), "--expect", "1")) {
            CliRun send = CliRun.run("send", "tcp:host=127.0.0.1:port=" + sink.port(), file.toString());

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.out.bytes()).as("the sink sends nothing back").isEmpty();
            assertThat(sink.awaitExit()).isZero();
            Matcher report = SinkCommandTest.REPORT.matcher(sink.lines().get(1));
            assertThat(report.matches()).as(sink.lines().get(1)).isTrue();
            assertThat(report.group(3)).isEqualTo(String.valueOf(content.length));
            assertThat(report.group(5)).isEqualTo("clean");
            assertThat(Files.readAllBytes(Path.of(report.group(6)))).isEqualTo(content);
        }
    }

    @Test
    void sendAndSinkWorkOverUnixDomainSockets() throws Exception {
        Path socket = dir.resolve("weft.sock");
        try (CliRun sink = CliRun.start("sink", "--listen", "unix:" + socket, "--expect", "1")) {
            assertThat(sink.listening.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo(new dev.weft.internet.UNIXAddress(socket.toString()));

            CliRun send = CliRun.run("over unix".getBytes(US_ASCII), "send", "unix:" + socket);

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(0))
                    .isEqualTo("listening on unix:" + socket + " (connect with unix:" + socket + ")");
            assertThat(sink.lines().get(1)).matches("#1 unix 9 bytes in \\d+\\.\\d{3} s \\(.*\\) clean");
        }
    }

    @Test
    void replyOfAServerThatDoesNotReadIsPrinted() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, socket -> {
                socket.getOutputStream().write("220 banner\r\n".getBytes(US_ASCII));
                socket.shutdownOutput();
                socket.getInputStream().readAllBytes();
            });

            CliRun send = CliRun.run("QUIT\r\n".getBytes(US_ASCII), "send", endpoint(server));

            assertThat(send.awaitExit()).isZero();
            assertThat(send.out.text()).isEqualTo("220 banner\r\n");
            served.get();
        }
    }

    @Test
    void peerThatResetsTheConnectionGivesExitOneWithTheCounts() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> served = serveOnce(server, socket -> {
                InputStream in = socket.getInputStream();
                in.readNBytes(4);
                socket.getOutputStream().write("no".getBytes(US_ASCII));
                socket.setSoLinger(true, 0);
            });

            CliRun send = CliRun.run("ping".getBytes(US_ASCII), "send", endpoint(server));

            served.get();
            assertThat(send.oneErrorLine(1))
                    .matches("weft send: connection reset by peer after sending 4 bytes and receiving [02] bytes: .*");
        }
    }

    @Test
    void refusedConnectionIsARuntimeErrorThatSaysHowToFixIt() throws Exception {
        try (Clients.HeldPort nobody = Clients.refusingPort()) {
            String endpoint = nobody.endpoint();

            CliRun send = CliRun.run("send", endpoint, "-");

            assertThat(send.oneErrorLine(1))
                    .isEqualTo("weft send: cannot connect to " + endpoint + ": connection refused: nothing listens"
                            + " there; start the server first, or check the host and port");
        }
    }

    @Test
    void missingInputFileIsARuntimeErrorBeforeConnecting() throws Exception {
        Path missing = dir.resolve("nope.txt");

        CliRun send = CliRun.run("send", "tcp:host=127.0.0.1:port=" + Clients.freePort(), missing.toString());

        assertThat(send.oneErrorLine(1))
                .isEqualTo("weft send: cannot read " + missing
                        + ": no such file; give an existing file, or - to send standard input");
    }

    @Test
    void directoryAsInputIsARuntimeError() throws Exception {
        CliRun send = CliRun.run("send", "tcp:host=127.0.0.1:port=" + Clients.freePort(), dir.toString());

        assertThat(send.oneErrorLine(1))
                .isEqualTo("weft send: cannot send " + dir + ": it is a directory; give a file");
    }

    @Test
    void unparsableEndpointIsAUsageError() throws Exception {
        CliRun send = CliRun.run("send", "tcp:host=127.0.0.1:port=http", "-");

        assertThat(send.oneErrorLine(2))
                .startsWith("weft send: bad endpoint 'tcp:host=127.0.0.1:port=http' for ENDPOINT: ")
                .endsWith(
                        "; write it like tcp:host=127.0.0.1:port=9000, tcp:host=[::1]:port=9000 or unix:/tmp/weft.sock");
    }

    @Test
    void missingEndpointIsAUsageError() throws Exception {
        assertThat(CliRun.run("send").oneErrorLine(2))
                .isEqualTo("weft send: Missing required parameter: 'ENDPOINT' (see 'weft send --help')");
    }

    @Test
    void progressIsShownOnATerminalForLargeSendsAndClearedAtTheEnd() throws Exception {
        byte[] input = Clients.randomBytes(4 << 20, 13);
        try (ServerSocket server = listen()) {
            // The server holds the sender back until the progress line has appeared, then reads everything.
            CompletableFuture<CliRun> running = new CompletableFuture<>();
            CompletableFuture<Void> served = serveOnce(server, socket -> {
                CliRun send = running.join();
                try {
                    send.err.awaitContains("sent ");
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                socket.getInputStream().readAllBytes();
            });
            Path file = Files.write(dir.resolve("big.bin"), input);
            CliRun send = CliRun.start(InputStream.nullInputStream(), true, "send", endpoint(server), file.toString());
            running.complete(send);

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            served.get();
            assertThat(send.err.text()).matches("(?s)\r\033\\[Ksent .* of 4\\.0 MiB \\(.*/s\\).*\r\033\\[K");
        }
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return server;
    }

    private static String endpoint(ServerSocket server) {
        return "tcp:host=127.0.0.1:port=" + server.getLocalPort();
    }

    interface Conversation {
        void run(Socket socket) throws IOException;
    }

    /** Accepts one connection on a thread of its own and runs {@code conversation} on it. */
    private static CompletableFuture<Void> serveOnce(ServerSocket server, Conversation conversation) {
        return CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                conversation.run(socket);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
