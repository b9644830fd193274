package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.INioTransport;
import dev.weft.internet.nio.ReactorThread;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** startTLS on real loopback TCP through NioReactor: both ends switch after a plaintext exchange. */
class StartTLSReactorTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void bothEndsStartTlsAfterAPlaintextExchangeThenMoveOneMebibyteEachWayAndCloseCleanly() throws Exception {
        byte[] up = random(1 << 20, 5);
        byte[] down = random(1 << 20, 6);
        StartTLS serverTls =
                StartTLS.of(Tls.server()).withClock(rt.reactor()).withTasks(DelegatedTasks.offReactor(rt.reactor()));
        StartTlsPeer server = new StartTlsPeer(serverTls, true);
        StartTlsPeer client = new StartTlsPeer(StartTLS.of(Tls.client()).withClock(rt.reactor()), false);
        CompletableFuture<Long> queuedAtSwitch = new CompletableFuture<>();
        // READY is still in the server's write buffer when TLS starts: it must still leave first, in clear.
        CompletableFuture<String> secondStart = new CompletableFuture<>();
        server.afterStart = s -> {
            queuedAtSwitch.complete(((INioTransport) s.transport()).bufferedBytes());
            try {
                ((ITLSTransport) s.transport()).startTLS(serverTls);
                secondStart.complete("accepted");
            } catch (IllegalStateException e) {
                secondStart.complete(e.getMessage());
            }
        };
        server.onHandshake = s -> s.transport().write(down.clone());
        client.onHandshake = c -> c.transport().write(up.clone());
        client.onSecureData = c -> {
            if (c.secure.size() == down.length) {
                c.transport().loseConnection();
            }
        };

        IListeningPort port =
                rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(() -> server), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> client)));

        Failure clientReason = client.lost.get(1, TimeUnit.MINUTES);
        Failure serverReason = server.lost.get(1, TimeUnit.MINUTES);
        assertThat(queuedAtSwitch.get(1, TimeUnit.MINUTES)).isEqualTo("READY\r\n".length());
        assertThat(secondStart.get(1, TimeUnit.MINUTES)).contains("TLS was already started");
        assertThat(client.clear.toString(US_ASCII)).isEqualTo("READY\r\n");
        assertThat(server.clear.toString(US_ASCII)).isEqualTo("STARTTLS\r\n");
        assertThat(server.secure.toByteArray()).isEqualTo(up);
        assertThat(client.secure.toByteArray()).isEqualTo(down);
        assertThat(clientReason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(serverReason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(client.connects).isEqualTo(1);
        assertThat(server.connects).isEqualTo(1);
        assertThat(rt.call(() -> client.tls().tlsVersion())).isEqualTo("TLSv1.3");
        assertThat(rt.call(() -> client.tls().getPeerCertificate())).isEqualTo(Tls.SERVER.certificate());
        assertThat(rt.call(() -> client.tls().getPeer()))
                .isEqualTo(client.transport().getPeer());
    }

    @Test
    void aProducerPausedByAFullBufferAtTheSwitchIsResumedOnceTheBufferDrains() throws Exception {
        CompletableFuture<String> resumed = new CompletableFuture<>();
        IPushProducer producer = new IPushProducer() {
            private final StringBuilder calls = new StringBuilder();

            @Override
            public void pauseProducing() {
                calls.append("pause ");
            }

            @Override
            public void resumeProducing() {
                calls.append("resume");
                resumed.complete(calls.toString());
            }

            @Override
            public void stopProducing() {
                calls.append("stop ");
            }
        };
        byte[] filler = new byte[INioTransport.HIGH_WATER_MARK * 2];
        java.util.Arrays.fill(filler, (byte) 'x');
        StartTlsPeer server = new StartTlsPeer(StartTLS.of(Tls.server()).withClock(rt.reactor()), true);
        CompletableFuture<Long> queuedAtSwitch = new CompletableFuture<>();
        server.beforeReady = s -> {
            s.transport().registerProducer(producer);
            s.transport().write(filler); // over the high-water mark: the producer is paused, until the drain
            s.transport().write("\r\n".getBytes(US_ASCII));
        };
        server.afterStart = s -> queuedAtSwitch.complete(((INioTransport) s.transport()).bufferedBytes());
        server.onHandshake = s -> s.transport().unregisterProducer();
        StartTlsPeer client = new StartTlsPeer(StartTLS.of(Tls.client()).withClock(rt.reactor()), false);
        client.onHandshake = c -> c.transport().loseConnection();

        IListeningPort port =
                rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(() -> server), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> client)));

        assertThat(queuedAtSwitch.get(1, TimeUnit.MINUTES)).isGreaterThan(INioTransport.HIGH_WATER_MARK);
        assertThat(resumed.get(1, TimeUnit.MINUTES)).startsWith("pause ").endsWith("pause resume");
        assertThat(client.lost.get(1, TimeUnit.MINUTES).value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(client.clear.size()).isEqualTo(filler.length + "\r\nREADY\r\n".length());
    }
}
