package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ReconnectingClientFactory;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twisted's idiom on the real reactor: a {@link ReconnectingClientFactory} subclass that sets only its protocol
 * reconnects after the server goes away and comes back on the same port; and a client endpoint's Deferred fires once
 * the protocol's {@code connectionMade} has run.
 */
final class ReconnectWithoutAClockTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /** A server whose first connection stops its port and closes; counts its connections. */
    private static final class Server extends ServerFactory {
        final boolean goAway;
        int connections;
        IListeningPort port;

        Server(boolean goAway) {
            this.goAway = goAway;
        }

        @Override
        public Protocol buildProtocol(dev.weft.internet.IAddress addr) {
            connections++;
            return new Protocol() {
                @Override
                public void connectionMade() {
                    if (goAway) {
                        port.stopListening();
                        transport().loseConnection();
                    }
                }
            };
        }
    }

    @Test
    void aSubclassThatOnlySetsItsProtocolReconnectsWhenTheServerComesBackOnTheSamePort() throws IOException {
        // Held, so that while neither server listens nobody else is given the port and the attempt is refused.
        try (HeldPort held = HeldPort.toListenOn("127.0.0.1")) {
            reconnectsWhenTheServerComesBackOn(held.port());
        }
    }

    private void reconnectsWhenTheServerComesBackOn(int port) {
        Server first = new Server(true);
        Server second = new Server(false);
        rt.call(() -> first.port = reactor.listenTCP(port, first, 50, "127.0.0.1"));
        Deferred<Integer> reconnected = new Deferred<>();
        List<String> events = new ArrayList<>();
        final class F extends ReconnectingClientFactory {
            F() {
                setProtocol(() -> new Protocol() {
                    @Override
                    public void connectionMade() {
                        events.add("connected");
                        if (second.connections == 1) {
                            reconnected.callback(second.connections);
                        }
                    }
                });
                setInitialDelay(0.01);
                setFactor(1);
                setJitter(0);
                setNoisy(false);
            }

            @Override
            public void clientConnectionFailed(IConnector connector, Failure reason) {
                events.add("failed");
                super.clientConnectionFailed(connector, reason);
                if (second.port == null) {
                    second.port = reactor.listenTCP(port, second, 50, "127.0.0.1");
                }
            }
        }
        F factory = new F();

        assertThat(rt.await(PATIENCE, () -> {
                    reactor.connectTCP("127.0.0.1", port, factory);
                    return reconnected;
                }))
                .isEqualTo(1);

        rt.execute(factory::stopTrying);
        assertThat(factory.clock()).isNull();
        assertThat(events).startsWith("connected", "failed").endsWith("connected");
        assertThat(first.connections).isEqualTo(1);
    }

    @Test
    void anEndpointsDeferredFiresAfterConnectionMadeWithTheTransportConnected() {
        int port = rt.call(() -> ((IPv4Address)
                        reactor.listenTCP(0, ServerFactory.forProtocol(Protocol::new), 50, "127.0.0.1")
                                .getHost())
                .port());
        List<String> events = new ArrayList<>();
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                events.add("connectionMade");
            }
        };

        String seen = rt.await(
                PATIENCE,
                () -> Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port)
                        .connectProtocol(client)
                        .addCallback(p -> {
                            events.add("fired");
                            return p.isConnected() + " " + (p.transport() != null);
                        }));

        assertThat(seen).isEqualTo("true true");
        assertThat(events).containsExactly("connectionMade", "fired");
        rt.execute(() -> client.transport().loseConnection());
    }
}
