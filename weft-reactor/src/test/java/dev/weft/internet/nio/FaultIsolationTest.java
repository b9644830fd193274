package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.DeferredList;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IConnector;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults are values: one connection's failure never disturbs the loop or the other connections. */
final class FaultIsolationTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    @Test
    void aProtocolThatThrowsClosesOnlyItsOwnConnection() {
        List<TcpPair> healthy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            healthy.add(TcpPair.open(rt));
        }
        AccumulatingServerFactory throwing = new AccumulatingServerFactory(() -> {
            Recorder r = new Recorder();
            r.throwIn = "dataReceived";
            return r;
        });
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair faulty = TcpPair.open(rt, throwing, new AccumulatingClientFactory(Recorder::new), null);
            rt.execute(() -> faulty.clientTransport().write(new byte[] {1}));
            faulty.awaitBothClosed(rt);
            rt.await(() -> {
                List<Deferred<Void>> all = new ArrayList<>();
                for (TcpPair pair : healthy) {
                    pair.clientTransport().write(new byte[1000]);
                    pair.serverTransport().write(new byte[2000]);
                    all.add(pair.serverSink().received(1000));
                    all.add(pair.clientSink().received(2000));
                }
                return DeferredList.gatherResults(all);
            });
            rt.execute(() -> {
                assertThat(reactor.isRunning()).isTrue();
                for (TcpPair pair : healthy) {
                    assertThat(pair.clientTransport().isConnected()).isTrue();
                }
            });
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    @Test
    void aResetByThePeerIsAConnectionLost() throws IOException {
        AccumulatingServerFactory factory = new AccumulatingServerFactory();
        int port = rt.call(() ->
                ((IPv4Address) reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost()).port());
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        Deferred<Void> lost = new Deferred<>();
        rt.execute(() -> {
            factory.setProtocolConnectionMade(made);
            factory.setProtocolConnectionLost(lost);
        });
        try (SocketChannel raw = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            rt.await(() -> made);
            raw.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        rt.await(() -> lost);
        rt.execute(() -> {
            Failure reason = factory.lastProtocol().closedReason();
            assertThat(reason.value()).isInstanceOf(ConnectionLost.class);
            assertThat(reason.value().getCause()).isInstanceOf(IOException.class);
            // Where it failed is the read's trace; the reactor's own frames would say nothing more.
            assertThat(reason.value().getStackTrace()).isEmpty();
            assertThat(reason.value().getCause().getStackTrace()).isNotEmpty();
        });
    }

    @Test
    void aProducerThatThrowsClosesItsConnectionWithTheException() {
        TcpPair pair = TcpPair.open(rt);
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            rt.execute(() -> pair.clientTransport()
                    .registerProducer(
                            new IPullProducer() {
                                int calls;

                                @Override
                                public void resumeProducing() {
                                    if (++calls == 2) {
                                        throw new IllegalStateException("producer broke");
                                    }
                                    pair.clientTransport().write(new byte[10]);
                                }

                                @Override
                                public void stopProducing() {}
                            },
                            false));
            pair.awaitBothClosed(rt);
            rt.execute(() -> assertThat(pair.client.closedReason().value()).hasMessage("producer broke"));
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    @Test
    void exceptionsFromClientFactoryHooksAreLoggedAndTheLifecycleGoesOn() throws IOException {
        OrderFactory factory = new OrderFactory() {
            @Override
            public void startedConnecting(IConnector connector) {
                super.startedConnecting(connector);
                throw new IllegalStateException("startedConnecting broke");
            }

            @Override
            public void clientConnectionFailed(IConnector connector, Failure reason) {
                super.clientConnectionFailed(connector, reason);
                throw new IllegalStateException("clientConnectionFailed broke");
            }
        };
        try (HeldPort nobody = HeldPort.refusing("127.0.0.1");
                LogCapture log = new LogCapture(LOGGER_NAME)) {
            rt.execute(() -> reactor.connectTCP("127.0.0.1", nobody.port(), factory));
            rt.await(() -> factory.stopped);
            rt.execute(() -> assertThat(factory.events)
                    .containsExactly(
                            "startFactory",
                            "startedConnecting",
                            "clientConnectionFailed ConnectionRefusedError",
                            "stopFactory"));
            assertThat(log.thrown(IllegalStateException.class)).hasSize(2);
        }
    }
}
