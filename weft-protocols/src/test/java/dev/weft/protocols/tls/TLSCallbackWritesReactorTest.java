package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes made inside a callback on loopback TCP: a reply written in {@code dataReceived} reaches the peer
 * although its {@code close_notify} came in the same read as the request, and a producer started in
 * {@code dataReceived} is paused by the socket's full buffer instead of writing everything at once.
 */
class TLSCallbackWritesReactorTest {
    private static final long TOTAL = 32L << 20;
    private static final int CHUNK = 64 << 10;
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** A Peer that reports its loss. */
    static class Ending extends Peer {
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void connectionLost(Failure r) {
            super.connectionLost(r);
            lost.complete(r);
        }
    }

    private void connect(Supplier<IProtocol> server, IProtocol client) throws Exception {
        IListeningPort port =
                rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(server), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> client)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theEchoOfARequestSentWithTheClosesCloseNotifyReachesTheClient(String version) throws Exception {
        Ending client = new Ending();
        Ending server = new Ending();
        client.onHandshake = c -> {
            c.transport().write("ECHO hello".getBytes(US_ASCII)); // its close_notify follows at once
            c.transport().loseConnection();
        };
        server.onData = s -> {
            byte[] got = s.bytes();
            s.received.reset();
            s.transport().write(("echo:" + new String(got, US_ASCII)).getBytes(US_ASCII));
        };
        connect(
                () -> new TLSMemoryBIOProtocol(Tls.server(), server),
                new TLSMemoryBIOProtocol(Tls.client().withProtocols(version), client));

        assertThat(client.lost.get(1, TimeUnit.MINUTES).value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(server.lost.get(1, TimeUnit.MINUTES).value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(rt.call(() -> new String(client.bytes(), US_ASCII))).isEqualTo("echo:ECHO hello");
    }

    @Test
    void aProducerStartedInDataReceivedIsPausedBeforeItHasWrittenEverything() throws Exception {
        CompletableFuture<Long> firstPause = new CompletableFuture<>();
        Ending server = new Ending();
        long[] sent = {0};
        boolean[] paused = {false};
        IPushProducer producer = new IPushProducer() {
            void run() {
                while (!paused[0] && sent[0] < TOTAL) {
                    server.transport().write(new byte[CHUNK]);
                    sent[0] += CHUNK;
                }
                if (sent[0] == TOTAL) {
                    firstPause.complete(sent[0]); // never paused: all of it went at once
                    server.transport().unregisterProducer();
                    server.transport().loseConnection();
                }
            }

            @Override
            public void pauseProducing() {
                paused[0] = true;
                if (sent[0] > 0) {
                    firstPause.complete(sent[0]); // a pause at its registration, before any write, says nothing
                }
            }

            @Override
            public void resumeProducing() {
                paused[0] = false;
                run();
            }

            @Override
            public void stopProducing() {
                paused[0] = true;
            }
        };
        server.onData = s -> {
            if (s.received.size() > 0 && sent[0] == 0) {
                s.transport().registerProducer(producer);
                producer.resumeProducing();
            }
        };
        Ending client = new Ending();
        long[] received = {0};
        client.onConnect = c -> c.tls().pauseProducing(); // reads nothing once its handshake is done
        client.onHandshake = c -> c.transport().write("GO".getBytes(US_ASCII));
        client.onData = c -> {
            received[0] += c.received.size();
            c.received.reset();
        };
        connect(() -> new TLSMemoryBIOProtocol(Tls.server(), server), new TLSMemoryBIOProtocol(Tls.client(), client));

        long before = firstPause.get(1, TimeUnit.MINUTES);
        assertThat(before)
                .as("written before the first pause (%d MiB in all)", TOTAL >> 20)
                .isLessThanOrEqualTo(1L << 20); // the reactor's mark is 64 KiB
        rt.execute(() -> client.tls().resumeProducing());
        assertThat(client.lost.get(1, TimeUnit.MINUTES).value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(rt.call(() -> received[0])).isEqualTo(TOTAL);
    }
}
