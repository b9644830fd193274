package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.protocols.tls.TLSMemoryBIOFactory;
import dev.weft.protocols.tls.TLSServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the end of a TLS leg of the tap reaches the other leg, on a real reactor. */
class TapTlsCloseTest {
    private static final SelfSigned TAP_CERT = SelfSigned.make(List.of("127.0.0.1"));

    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    /**
     * A client of the tap's TLS listener that closes before its handshake (sending nothing) failed TLS; its server
     * leg is reset by the tap, not closed cleanly. The TLS layer, closing the client's connection itself, stops the
     * producer registered on it, the reading of the server leg: that must not close the server leg before the tap
     * hears why the client leg ended.
     */
    @Test
    void aClientThatLeavesBeforeItsHandshakeFailsTlsAndTheTapResetsTheServerLeg() throws Exception {
        try (ServerSocket backend = new ServerSocket()) {
            backend.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<String> atBackend = CompletableFuture.supplyAsync(() -> {
                try (Socket s = backend.accept()) {
                    return s.getInputStream().read() == -1 ? "closed" : "data";
                } catch (SocketException reset) {
                    return "reset";
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            IStreamClientEndpoint tcp = rt.call(() ->
                    Endpoints.clientFromString(rt.reactor(), "tcp:host=127.0.0.1:port=" + backend.getLocalPort()));
            CompletableFuture<Void> serverLegUp = new CompletableFuture<>();
            IStreamClientEndpoint toBackend = factory -> {
                Deferred<IProtocol> connecting = tcp.connect(factory);
                connecting.addCallback(
                        p -> { // after the tap made its server leg
                            serverLegUp.complete(null);
                            return p;
                        });
                return connecting;
            };
            CaptureLog log = CaptureLog.open(dir.resolve("tls.weftcap"), false, e -> {});
            CompletableFuture<String> finished = new CompletableFuture<>(); // its report line, made on the reactor
            Tap tap = new Tap(toBackend, "the backend", log, c -> finished.complete(c.line()));
            TLSMemoryBIOFactory front =
                    new TLSMemoryBIOFactory(TLSServerOptions.of(TAP_CERT.identity()), tap.factory());
            IListeningPort port = rt.call(() -> rt.reactor().listenTCP(0, front, 50, "127.0.0.1"));

            try (Socket client = new Socket("127.0.0.1", ((IPv4Address) port.getHost()).port())) {
                serverLegUp.get(2, TimeUnit.MINUTES);
            } // closed without a byte: a FIN

            assertThat(finished.get(2, TimeUnit.MINUTES))
                    .endsWith("; client TLS handshake failed (NOT_TLS), server reset (by tap)");
            assertThat(atBackend.get(2, TimeUnit.MINUTES)).isEqualTo("reset");
            assertThat(log.close()).isNull();
        }
    }
}
