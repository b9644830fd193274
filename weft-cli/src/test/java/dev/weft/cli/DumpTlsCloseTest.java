package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft dump} of captures {@code weft tap} made of a TLS server that closed its TCP connection without a
 * close_notify, after the handshake or during it: the close is labelled what it was, not "reset".
 */
final class DumpTlsCloseTest {
    private static final SelfSigned CERT = SelfSigned.make(List.of("127.0.0.1"));

    @TempDir
    Path dir;

    interface Server {
        void serve(Socket raw) throws Exception;
    }

    /** Taps one connection from a plain client that sends ping to a TLS server served by {@code server}. */
    private Path tapOne(Server server) throws Exception {
        Path capture = dir.resolve("tls.weftcap");
        try (ServerSocket backend = new ServerSocket()) {
            backend.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket raw = backend.accept()) {
                    server.serve(raw);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            try (CliRun tap = CliRun.start(
                    "tap",
                    "--listen",
                    "tcp:0",
                    "--to",
                    "tls:host=127.0.0.1:port=" + backend.getLocalPort(),
                    "--pin",
                    "sha256:" + TrustRoots.sha256Fingerprint(CERT.certificate()),
                    "--record",
                    capture.toString(),
                    "--expect",
                    "1")) {
                try (Socket client = new Socket("127.0.0.1", tap.port())) {
                    client.getOutputStream().write("ping".getBytes(US_ASCII));
                    SinkCommandTest.endOfStreamOrReset(client);
                }
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            }
            served.get();
        }
        return capture;
    }

    @Test
    void aServerThatClosesWithoutCloseNotifyIsLabelledSoInTextAndJson() throws Exception {
        SSLContext context = TLSServerOptions.of(CERT.identity()).sslContext();
        Path capture = tapOne(raw -> {
            SSLSocket tls = TlsPeers.over(raw, context, false);
            tls.getInputStream().readNBytes(4);
            tls.getOutputStream().write("pong".getBytes(US_ASCII));
            tls.getOutputStream().flush();
            raw.shutdownOutput(); // a FIN with no close_notify before it
            drain(raw);
        });

        CliRun dump = CliRun.run("dump", capture.toString());
        CliRun json = CliRun.run("dump", "--json", capture.toString());

        assertThat(dump.awaitExit()).as(dump.err.text()).isZero();
        assertThat(dump.lines())
                .filteredOn(l -> l.contains(" close server "))
                .singleElement()
                .asString()
                .matches("\\+\\d+\\.\\d{6} #1 close server no-close-notify by peer: .*without a TLS close_notify.*");
        assertThat(json.lines())
                .filteredOn(l -> l.contains("\"side\":\"server\""))
                .singleElement()
                .asString()
                .contains("\"kind\":\"reset\"", "\"closed\":\"no-close-notify\"", "\"by\":\"peer\"");
    }

    @Test
    void aServerThatClosesDuringTheHandshakeIsLabelledSo() throws Exception {
        TLSServerOptions options = TLSServerOptions.of(CERT.identity());
        Path capture = tapOne(raw -> {
            TlsPeers.answerWithTheServerHelloOnly(raw, options);
            raw.shutdownOutput();
            drain(raw);
        });

        CliRun dump = CliRun.run("dump", capture.toString());

        assertThat(dump.awaitExit()).as(dump.err.text()).isZero();
        assertThat(dump.lines())
                .filteredOn(l -> l.contains(" close server "))
                .singleElement()
                .asString()
                .matches("\\+\\d+\\.\\d{6} #1 close server handshake-closed by peer: .*during the TLS handshake.*");
    }

    /** Reads until the tap closes or resets the connection. */
    private static void drain(Socket raw) throws IOException {
        try {
            raw.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
            // the tap reset the leg: the end either way
        }
    }
}
