package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.protocols.tls.TLSServerOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code send --no-shutdown}: the input's end does not end this side of the connection, so a server that takes a
 * half-close (over TLS, a close_notify) as the end of the conversation still sends its late reply.
 */
final class SendNoShutdownTest {
    /** How long the servers below wait before they answer: a slow server's reply, after the input has ended. */
    private static final long ANSWER_AFTER_MILLIS = 700;

    @TempDir
    Path dir;

    /**
     * A TLS server that answers a while after the request, unless the client has ended its side by then (it then
     * closes, as openssl s_server does on a close_notify): kept open, the client gets the reply and the server's
     * clean close, and exits 0; half-closed, as by default, it would get nothing.
     */
    @Test
    void aLateTlsReplyArrivesWhenTheConnectionIsKeptOpen() throws Exception {
        SelfSigned cert = SelfSigned.make(List.of("127.0.0.1"));
        javax.net.ssl.SSLContext context = TLSServerOptions.of(cert.identity()).sslContext();
        try (ServerSocket server = listen()) {
            CompletableFuture<Boolean> answered = serveOnce(server, raw -> {
                SSLSocket tls = TlsPeers.over(raw, context, false);
                InputStream in = tls.getInputStream();
                assertThat(new String(in.readNBytes(4), US_ASCII)).isEqualTo("req\n");
                tls.setSoTimeout((int) ANSWER_AFTER_MILLIS);
                try {
                    if (in.read() < 0) {
                        tls.close(); // the client's close_notify: the end, with no reply
                        return false;
                    }
                } catch (SocketTimeoutException slow) {
                    // the client kept the connection open all along: time to answer
                }
                tls.getOutputStream().write("reply\n".getBytes(US_ASCII));
                tls.close(); // close_notify, then FIN
                return true;
            });

            CliRun send = CliRun.run(
                    "req\n".getBytes(US_ASCII),
                    "send",
                    "--no-shutdown",
                    "--pin",
                    "sha256:" + cert.fingerprint(),
                    "tls:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.out.text()).isEqualTo("reply\n");
            assertThat(answered.get(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    /**
     * Kept open, a peer that answers and never closes is given up after --timeout of silence, with the reply printed
     * and a line that says why: the peer never said it had finished.
     */
    @Test
    void aPeerThatNeverClosesIsGivenUpAtTheTimeoutWithTheReplyPrinted() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Boolean> served = serveOnce(server, socket -> {
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(4), US_ASCII)).isEqualTo("req\n");
                socket.getOutputStream().write("reply\n".getBytes(US_ASCII));
                return in.read() < 0; // until the client gives up: an abort resets, a half-close would be -1
            });

            CliRun send = CliRun.run(
                    "req\n".getBytes(US_ASCII),
                    "send",
                    "--no-shutdown",
                    "--timeout",
                    "1",
                    "tcp:host=127.0.0.1:port=" + server.getLocalPort());

            assertThat(send.oneErrorLine(1))
                    .isEqualTo("weft send: the peer sent nothing for 1.000 s (--timeout) after the input ended, and"
                            + " did not close the connection (--no-shutdown waits for that), after sending 4 bytes"
                            + " and receiving 6 bytes");
            assertThat(send.out.text()).isEqualTo("reply\n");
            assertThat(served).as("the server never saw a half-close").failsWithin(1, TimeUnit.MINUTES);
        }
    }

    /**
     * The reproduction itself: openssl s_server, which ends the connection on the client's close_notify, answers
     * after the request has arrived. Kept open, the reply is printed. s_server then ends when its standard input does,
     * without a close_notify of its own, which send reports (exit 1).
     */
    @Test
    void opensslServersLateReplyIsPrinted() throws Exception {
        assumeTrue(
                onPath("openssl"),
                "openssl is not installed (.ci/run installs it): no openssl s_server to answer late");
        SelfSigned cert = SelfSigned.make(List.of("127.0.0.1"));
        Path key = Files.writeString(
                dir.resolve("key.pem"),
                TlsProcessTest.pem("PRIVATE KEY", cert.identity().key().getEncoded()));
        Path crt = Files.writeString(
                dir.resolve("cert.pem"),
                TlsProcessTest.pem("CERTIFICATE", cert.certificate().getEncoded()));
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-cert",
                        crt.toString(),
                        "-key",
                        key.toString())
                .redirectErrorStream(true)
                .start();
        try {
            CapturedOutput said = new CapturedOutput();
            Thread pump = new Thread(() -> {
                try (InputStream from = openssl.getInputStream()) {
                    from.transferTo(said);
                } catch (IOException ignored) {
                    // s_server ended
                }
            });
            pump.setDaemon(true);
            pump.start();
            Matcher accept = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)")
                    .matcher(said.await("s_server's ACCEPT line", text -> text.contains("ACCEPT")));
            assertThat(accept.find()).isTrue();

            CliRun send = CliRun.start(
                    new ByteArrayInputStream("req\n".getBytes(US_ASCII)),
                    false,
                    "send",
                    "--no-shutdown",
                    "--pin",
                    "sha256:" + cert.fingerprint(),
                    "tls:host=127.0.0.1:port=" + accept.group(1));
            said.await("the request", text -> text.contains("\nreq\n"));
            // s_server sends what its standard input gives: the reply, a while after the request.
            CompletableFuture.runAsync(
                            () -> {
                                try (OutputStream typed = openssl.getOutputStream()) {
                                    typed.write("reply\n".getBytes(US_ASCII));
                                } catch (IOException gone) {
                                    // s_server ended the connection on a close_notify, and exited (-naccept 1)
                                }
                            },
                            CompletableFuture.delayedExecutor(ANSWER_AFTER_MILLIS, TimeUnit.MILLISECONDS))
                    .get(1, TimeUnit.MINUTES);

            assertThat(send.awaitExit()).as(send.err.text()).isOne();
            assertThat(send.out.text()).isEqualTo("reply\n");
            assertThat(send.err.text().lines().toList())
                    .last()
                    .asString()
                    .startsWith("weft send: the server closed the connection without TLS close_notify");
        } finally {
            openssl.destroyForcibly();
            openssl.waitFor(1, TimeUnit.MINUTES);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return server;
    }

    interface Conversation {
        boolean run(Socket socket) throws IOException;
    }

    /** Accepts one connection on a thread of its own and runs {@code conversation} on it. */
    private static CompletableFuture<Boolean> serveOnce(ServerSocket server, Conversation conversation) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                return conversation.run(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
