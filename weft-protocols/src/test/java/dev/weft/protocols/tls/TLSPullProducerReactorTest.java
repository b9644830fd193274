package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pull producer on a TLS transport over real loopback TCP: the loop on the reactor's clock sends
 * 4 MiB, which arrive byte-exact and in order before a clean close.
 */
class TLSPullProducerReactorTest {
    private static final int TOTAL = 4 << 20;
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void aPullProducerRegisteredBeforeTheHandshakeSendsFourMebibytesByteExact() throws Exception {
        byte[] payload = new byte[TOTAL];
        new Random(22).nextBytes(payload);
        Receiver receiver = new Receiver();
        Sender sender = new Sender(payload);
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        new TLSMemoryBIOFactory(Tls.server(), ServerFactory.forProtocol(() -> receiver)),
                        50,
                        "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(
                        () -> new TLSMemoryBIOProtocol(Tls.client(), sender).withClock(rt.reactor()))));

        Failure reason = receiver.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        byte[] got = rt.call(() -> receiver.received.toByteArray());
        assertThat(got.length).isEqualTo(TOTAL);
        assertThat(Arrays.equals(got, payload)).as("byte-exact, in order").isTrue();
        Chunks producer = rt.call(() -> sender.producer);
        assertThat(rt.call(() -> producer.handshakeDoneAtEachCall.indexOf(true)))
                .as("asked once before the handshake, then held until it was done")
                .isEqualTo(1);
        assertThat(rt.call(() -> producer.stops)).isZero();
    }

    /** Registers a pull producer of its payload at once and closes when the producer has run out. */
    static final class Sender extends Protocol implements IHandshakeListener {
        private final byte[] payload;
        Chunks producer;

        Sender(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void connectionMade() {
            ISSLTransport tls = (ISSLTransport) transport();
            producer = new Chunks(payload, 64 << 10, tls);
            tls.registerProducer(producer);
        }

        /** Closes once the producer has unregistered (before the handshake a close with nothing queued aborts). */
        @Override
        public void handshakeCompleted() {
            transport().loseConnection();
        }
    }

    /** Keeps what arrives. */
    static final class Receiver extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }
}
