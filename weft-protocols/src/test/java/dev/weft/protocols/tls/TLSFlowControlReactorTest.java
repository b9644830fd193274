package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.INioTransport;
import dev.weft.internet.nio.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Flow control through TLS on real loopback TCP: a receiver that pauses its TLS transport stops the
 * socket's reading once its handshake is done, so the sender's producer, registered on its own TLS
 * transport, is paused by the full buffer beneath; a resume delivers everything in order.
 */
class TLSFlowControlReactorTest {
    private static final int TOTAL = 16 << 20;
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void aPausedTlsReceiverStopsItsSocketAndHoldsBackTheSendersProducerUntilItResumes() throws Exception {
        byte[] payload = new byte[TOTAL];
        new Random(21).nextBytes(payload);
        Receiver receiver = new Receiver();
        Sender sender = new Sender(payload, receiver);
        IListeningPort port =
                rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(() -> receiver), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> new TLSMemoryBIOProtocol(Tls.client(), sender))));

        sender.pausedWithAFullBuffer.get(1, TimeUnit.MINUTES);
        assertThat(rt.call(() -> receiver.tls.isHandshakeDone())).isTrue();
        assertThat(rt.call(() -> ((INioTransport) receiver.transport()).isReading()))
                .as("the receiver's socket is not read")
                .isFalse();
        assertThat(rt.call(() -> receiver.received.size()))
                .as("nothing was delivered")
                .isZero();
        assertThat(rt.call(() -> sender.offset)).as("the sender was held back").isLessThan(TOTAL);

        rt.execute(
                () -> ((IPushProducer) receiver.transport()).resumeProducing()); // through the TLS layer started on it
        Failure reason = receiver.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(rt.call(() -> sender.resumes)).isPositive();
        byte[] got = rt.call(() -> receiver.received.toByteArray());
        assertThat(got.length).isEqualTo(TOTAL);
        assertThat(Arrays.equals(got, payload)).as("byte-exact, in order").isTrue();
    }

    /** Starts TLS at once over its connection and pauses it before the handshake; counts what arrives. */
    static final class Receiver extends Protocol implements IHandshakeListener {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();
        ISSLTransport tls;

        @Override
        public void connectionMade() {
            tls = ((ITLSTransport) transport()).startTLS(StartTLS.of(Tls.server()));
            ((IPushProducer) transport()).pauseProducing(); // remembered by the layer until its handshake is done
        }

        @Override
        public void handshakeCompleted() {}

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            if (received.size() == TOTAL) {
                transport().loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }

    /** Writes its payload in 64 KiB pieces while its TLS transport lets it (a push producer on it). */
    static final class Sender extends Protocol implements IPushProducer {
        final CompletableFuture<Void> pausedWithAFullBuffer = new CompletableFuture<>();
        private final byte[] payload;
        private final Receiver receiver;
        int offset;
        int resumes;
        private boolean paused;

        Sender(byte[] payload, Receiver receiver) {
            this.payload = payload;
            this.receiver = receiver;
        }

        @Override
        public void connectionMade() {
            transport().registerProducer(this);
            produce();
        }

        private void produce() {
            while (!paused && offset < payload.length) {
                int n = Math.min(64 << 10, payload.length - offset);
                transport().write(Arrays.copyOfRange(payload, offset, offset + n));
                offset += n;
            }
            if (offset == payload.length && !paused) {
                transport().unregisterProducer();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
            ISSLTransport r = receiver.tls; // the same reactor thread runs both ends
            if (r != null && r.isHandshakeDone()) {
                pausedWithAFullBuffer.complete(null); // before that, TLS may be holding the writes
            }
        }

        @Override
        public void resumeProducing() {
            if (paused) {
                paused = false;
                resumes++;
                produce();
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }
}
