package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TLS failure on real loopback TCP closes the connection even while the wrapped protocol has a
 * producer registered through TLS: the reactor's close waits for a pull producer or one it paused, and the
 * protocol, which would unregister it, hears of the failure only after that close (weft tap's legs
 * register each other as producers; a plaintext client of a tap's ssl: port once hung there). The
 * pull case hangs without TLS's own stop before the close; the push cases pin the order of the calls.
 */
class TLSFailureReactorTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /**
     * Registers itself as its transport's producer in connectionMade, before any handshake: a push
     * producer, or a pull producer (which TLS without a clock registers beneath as a pull producer,
     * one the reactor's close waits for).
     */
    static final class Producing extends Protocol implements IPushProducer, IPullProducer {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Failure> lost = new CompletableFuture<>();
        private final boolean pull;

        Producing(boolean pull) {
            this.pull = pull;
        }

        @Override
        public void connectionMade() {
            if (pull) {
                transport().registerProducer((IPullProducer) this);
            } else {
                transport().registerProducer((IPushProducer) this);
            }
        }

        @Override
        public void pauseProducing() {}

        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {
            events.add("stopProducing");
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("connectionLost");
            lost.complete(reason);
        }
    }

    /** Listens on a free loopback port with a TLS server wrapping {@code server}; returns the port. */
    private int listen(Producing server) {
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        ServerFactory.forProtocol(() -> new TLSMemoryBIOProtocol(Tls.server(), server)),
                        50,
                        "127.0.0.1"));
        return ((IPv4Address) port.getHost()).port();
    }

    @ParameterizedTest(name = "pull producer: {0}")
    @ValueSource(booleans = {false, true})
    void plaintextToATlsServerWhoseProtocolRegisteredAProducerClosesWithNotTls(boolean pull) throws Exception {
        Producing server = new Producing(pull);
        int number = listen(server);

        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", number));
            plain.setSoTimeout(60_000); // a regression fails here instead of hanging the build
            plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
            InputStream in = plain.getInputStream();
            try {
                while (in.read() >= 0) {
                    // a TLS alert, then the end of the stream
                }
            } catch (SocketException reset) {
                // a reset is an end too
            } catch (IOException timedOut) {
                throw new AssertionError("the server never closed the connection", timedOut);
            }
        }

        Failure reason = server.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isInstanceOf(TLSError.class);
        assertThat(((TLSError) reason.value()).kind()).isEqualTo(TLSErrorKind.NOT_TLS);
        assertThat(server.events).containsExactly("stopProducing", "connectionLost");
    }

    /** Closes its TLS connection as soon as the handshake is done. */
    static final class Closing extends Protocol implements IHandshakeListener {
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void handshakeCompleted() {
            transport().loseConnection();
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }

    @Test
    void thePeersCloseNotifyClosesAServerWhoseProtocolRegisteredAProducer() throws Exception {
        Producing server = new Producing(false);
        int number = listen(server);
        Closing client = new Closing();
        // TLS 1.2: no half-close, so the server answers close_notify with its own and closes.
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(
                        () -> new TLSMemoryBIOProtocol(Tls.client().withProtocols("TLSv1.2"), client))));

        assertThat(server.lost.get(60, TimeUnit.SECONDS).value()).isInstanceOf(ConnectionDone.class);
        assertThat(server.events).containsExactly("stopProducing", "connectionLost");
        assertThat(client.lost.get(60, TimeUnit.SECONDS).value()).isInstanceOf(ConnectionDone.class);
    }
}
