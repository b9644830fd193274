package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bufferedBytes()} on the TLS transport: the plaintext it queued before the handshake, and over the
 * reactor the ciphertext its TCP transport still holds for a peer that does not read, whether the layer
 * was made by a factory or by {@code startTLS}.
 */
class TLSBufferedBytesTest {
    private static final int TOTAL = 16 << 20;

    /** Keeps what arrives. */
    static final class Sink extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }
    }

    @Test
    void plaintextWrittenBeforeTheHandshakeIsCountedUntilItIsEncryptedAndSent() {
        Sink client = new Sink();
        Sink server = new Sink();
        Tls.Pair<Sink, Sink> pair = Tls.pair(Tls.client(), client, Tls.server(), server, false);
        ISSLTransport tls = pair.clientTls().upperTransport();

        tls.write(new byte[1000]);
        tls.write(new byte[500]);

        assertThat(tls.isHandshakeDone()).isFalse();
        assertThat(tls.bufferedBytes()).isEqualTo(1500);
        pair.pump().flush();
        assertThat(tls.isHandshakeDone()).isTrue();
        assertThat(tls.bufferedBytes()).isZero();
        assertThat(server.received.size()).isEqualTo(1500);
    }

    /** Starts TLS over its connection and stops reading at once, until told to resume. */
    static final class Stalled extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            ((ITLSTransport) transport()).startTLS(StartTLS.of(Tls.client()));
            ((IPushProducer) transport()).pauseProducing();
        }

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

    /** Writes {@link #TOTAL} bytes as soon as its handshake is done. */
    static class Flood extends Protocol implements IHandshakeListener {
        final CompletableFuture<Void> written = new CompletableFuture<>();

        @Override
        public void handshakeCompleted() {
            for (int i = 0; i < TOTAL / 65536; i++) {
                transport().write(new byte[65536]);
            }
            written.complete(null);
        }
    }

    @Test
    void overTheReactorItCountsTheCiphertextItsSocketHoldsForAPeerThatDoesNotRead() throws Exception {
        try (ReactorThread rt = ReactorThread.start()) {
            Flood flood = new Flood();
            TLSMemoryBIOProtocol[] serverTls = new TLSMemoryBIOProtocol[1];
            IListeningPort port = rt.call(() -> rt.reactor()
                    .listenTCP(
                            0,
                            ServerFactory.forProtocol(
                                    () -> serverTls[0] = new TLSMemoryBIOProtocol(Tls.server(), flood)),
                            50,
                            "127.0.0.1"));
            int number = ((IPv4Address) port.getHost()).port();
            Stalled stalled = new Stalled();
            rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                    .connect(ServerFactory.forProtocol(() -> stalled)));
            flood.written.get(1, TimeUnit.MINUTES);

            long[] counts = rt.call(() -> new long[] {
                serverTls[0].upperTransport().bufferedBytes(),
                ((INioTransport) serverTls[0].lowerTransport()).bufferedBytes()
            });
            assertThat(counts[1])
                    .as("ciphertext held by the socket's transport")
                    .isPositive();
            assertThat(counts[0])
                    .as("the TLS transport counts what the one beneath holds")
                    .isEqualTo(counts[1]);

            rt.execute(() -> ((IPushProducer) stalled.transport()).resumeProducing());
            stalled.lost.get(1, TimeUnit.MINUTES);
            assertThat(rt.call(() -> stalled.received.size())).isEqualTo(TOTAL);
            assertThat(rt.call(() -> serverTls[0].upperTransport().bufferedBytes()))
                    .isZero();
        }
    }

    /** Starts TLS as the server on its connection and writes {@link #TOTAL} bytes once the handshake is done. */
    static final class StartTlsFlood extends Flood {
        ISSLTransport upper;

        @Override
        public void connectionMade() {
            upper = ((ITLSTransport) transport()).startTLS(StartTLS.of(Tls.server()));
        }
    }

    @Test
    void afterStartTlsItCountsTheCiphertextTheConnectionHolds() throws Exception {
        try (ReactorThread rt = ReactorThread.start()) {
            StartTlsFlood flood = new StartTlsFlood();
            IListeningPort port =
                    rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(() -> flood), 50, "127.0.0.1"));
            int number = ((IPv4Address) port.getHost()).port();
            Stalled stalled = new Stalled();
            rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                    .connect(ServerFactory.forProtocol(() -> stalled)));
            flood.written.get(1, TimeUnit.MINUTES);

            long[] counts = rt.call(() ->
                    new long[] {flood.upper.bufferedBytes(), ((INioTransport) flood.transport()).bufferedBytes()});
            assertThat(counts[1])
                    .as("ciphertext held by the connection's socket queue")
                    .isPositive();
            assertThat(counts[0])
                    .as("the startTLS transport counts what its connection holds")
                    .isEqualTo(counts[1]);

            rt.execute(() -> ((IPushProducer) stalled.transport()).resumeProducing());
            stalled.lost.get(1, TimeUnit.MINUTES);
            assertThat(rt.call(() -> stalled.received.size())).isEqualTo(TOTAL);
            assertThat(rt.call(() -> flood.upper.bufferedBytes())).isZero();
        }
    }
}
