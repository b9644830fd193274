package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectBindError;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.NotConnectingError;
import dev.weft.internet.ReconnectingClientFactory;
import dev.weft.internet.UnknownHostError;
import dev.weft.internet.UserError;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client side's lifecycle over real connectors: invariants 71-73, #18, #19 and the connect errors. */
final class ClientLifecycleTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    private int listen(AccumulatingServerFactory factory) {
        return rt.call(() ->
                ((IPv4Address) reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost()).port());
    }

    @Test
    void callbacksComeInTwistedsOrderWithTheSameConnectorThroughout() {
        int port = listen(new AccumulatingServerFactory());
        OrderFactory factory = new OrderFactory();
        IConnector connector = rt.call(() -> {
            IConnector c = factory.connectTCP(reactor, "127.0.0.1", port, 30);
            assertThat(factory.events).containsExactly("startFactory", "startedConnecting inside connect");
            return c;
        });
        rt.await(() -> factory.made);
        rt.execute(() -> connector.disconnect());
        rt.await(() -> factory.stopped);
        rt.execute(() -> {
            assertThat(factory.events)
                    .containsExactly(
                            "startFactory",
                            "startedConnecting inside connect",
                            "buildProtocol " + IPv4Address.tcp("127.0.0.1", port),
                            "connectionMade",
                            "connectionLost ConnectionDone",
                            "clientConnectionLost ConnectionDone",
                            "stopFactory");
            assertThat(factory.connectors).containsOnly(connector);
        });
    }

    @Test
    void theProtocolsClosedDeferredFiresBeforeClientConnectionLost() {
        int port = listen(new AccumulatingServerFactory());
        List<String> order = new ArrayList<>();
        AccumulatingClientFactory factory = new AccumulatingClientFactory() {
            @Override
            public void clientConnectionLost(IConnector connector, Failure reason) {
                order.add("CCL");
                super.clientConnectionLost(connector, reason);
            }
        };
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        AccumulatingProtocol client = rt.await(() -> {
            factory.setProtocolConnectionMade(made);
            reactor.connectTCP("127.0.0.1", port, factory);
            return made;
        });
        rt.await(() -> {
            Deferred<Void> closed = new Deferred<>();
            client.setClosedDeferred(closed);
            closed.addCallback(ignored -> order.add("CL"));
            client.transport().loseConnection();
            return factory.deferred();
        });
        assertThat(rt.call(() -> order)).containsExactly("CL", "CCL");
    }

    @Test
    void aRefusedConnectionFailsWithConnectionRefusedErrorThenStopsTheFactory() throws IOException {
        OrderFactory factory = new OrderFactory();
        try (HeldPort nobody = HeldPort.refusing("127.0.0.1")) {
            rt.execute(() -> factory.connectTCP(reactor, "127.0.0.1", nobody.port(), 30));
            rt.await(() -> factory.stopped);
        }
        rt.execute(() -> {
            assertThat(factory.events)
                    .containsExactly(
                            "startFactory",
                            "startedConnecting inside connect",
                            "clientConnectionFailed ConnectionRefusedError",
                            "stopFactory");
            assertThat(factory.failReason.value().getCause()).isInstanceOf(ConnectException.class);
            assertThat(factory.failReason.getErrorMessage()).startsWith("Connection was refused by other side");
        });
    }

    @Test
    void stopConnectingInsideStartedConnectingFailsWithUserError() {
        OrderFactory factory = new OrderFactory() {
            @Override
            public void startedConnecting(IConnector connector) {
                super.startedConnecting(connector);
                connector.stopConnecting();
            }
        };
        rt.execute(() -> factory.connectTCP(reactor, "127.0.0.1", 9, 30));
        rt.await(() -> factory.stopped);
        rt.execute(() -> {
            assertThat(factory.events)
                    .containsExactly(
                            "startFactory",
                            "startedConnecting inside connect",
                            "clientConnectionFailed UserError",
                            "stopFactory");
            assertThat(factory.failReason.value()).isExactlyInstanceOf(UserError.class);
        });
    }

    @Test
    void stopConnectingWhenNotConnectingThrowsNotConnectingError() {
        int port = listen(new AccumulatingServerFactory());
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        IConnector connector = rt.call(() -> {
            factory.setProtocolConnectionMade(made);
            return reactor.connectTCP("127.0.0.1", port, factory);
        });
        rt.await(() -> made);
        rt.execute(() -> {
            assertThatThrownBy(connector::stopConnecting).isInstanceOf(NotConnectingError.class);
            assertThatThrownBy(connector::connect)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connected");
            connector.disconnect();
        });
        rt.await(factory::deferred);
        rt.execute(() -> {
            assertThat(factory.lostReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThatThrownBy(connector::stopConnecting).isInstanceOf(NotConnectingError.class);
        });
    }

    @Test
    void disconnectWhileConnectingStopsTheAttempt() {
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> {
            IConnector c = factory.connectTCP(reactor, "127.0.0.1", 9, 30);
            assertThatThrownBy(c::connect).hasMessageContaining("connecting");
            c.disconnect();
        });
        rt.await(() -> factory.stopped);
        rt.execute(() -> assertThat(factory.failReason.value()).isInstanceOf(UserError.class));
    }

    @Test
    void aConnectThatDoesNotCompleteInTimeFailsWithConnectTimeoutError() throws IOException {
        // A listener that never accepts, with its backlog filled: further SYNs are dropped and connect hangs.
        try (ServerSocketChannel full = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            InetSocketAddress address = (InetSocketAddress) full.getLocalAddress();
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel s = SocketChannel.open();
                    fillers.add(s);
                    s.configureBlocking(false);
                    s.connect(address);
                }
                OrderFactory factory = new OrderFactory();
                rt.execute(() -> factory.connectTCP(reactor, "127.0.0.1", address.getPort(), 0.2));
                rt.await(() -> factory.stopped);
                rt.execute(() -> {
                    assertThat(factory.events).contains("clientConnectionFailed ConnectTimeoutError");
                    assertThat(factory.failReason.value())
                            .isInstanceOf(UserError.class)
                            .hasMessageContaining("timeout");
                });
            } finally {
                for (SocketChannel s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anUnknownHostFailsWithUnknownHostError() {
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> factory.connectTCP(reactor, "no-such-host.invalid", 80, 30));
        rt.await(() -> factory.stopped);
        rt.execute(() -> {
            assertThat(factory.failReason.value())
                    .isInstanceOf(UnknownHostError.class)
                    .hasMessageContaining("no-such-host.invalid");
            assertThat(factory.events)
                    .containsExactly(
                            "startFactory",
                            "startedConnecting inside connect",
                            "clientConnectionFailed UnknownHostError",
                            "stopFactory");
        });
    }

    @Test
    void aHostNameIsResolvedOffTheReactorThread() {
        int port = listen(new AccumulatingServerFactory());
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        AccumulatingProtocol client = rt.await(() -> {
            factory.setProtocolConnectionMade(made);
            reactor.connectTCP("localhost", port, factory);
            return made;
        });
        rt.execute(() -> {
            assertThat(client.isMade()).isTrue();
            client.transport().loseConnection();
        });
        rt.await(factory::deferred);
    }

    @Test
    void bindingToAnAddressInUseFailsWithConnectBindError() throws IOException {
        int port = listen(new AccumulatingServerFactory());
        try (ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            OrderFactory factory = new OrderFactory();
            rt.execute(() -> reactor.connectTCP("127.0.0.1", port, factory, 30, busy));
            rt.await(() -> factory.stopped);
            rt.execute(() -> assertThat(factory.failReason.value()).isInstanceOf(ConnectBindError.class));
        }
    }

    @Test
    void aClientFactoryReturningNullFailsTheAttemptAndTheServerSeesTheClose() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory();
        int port = listen(serverFactory);
        Deferred<Void> serverLost = new Deferred<>();
        rt.execute(() -> serverFactory.setProtocolConnectionLost(serverLost));
        OrderFactory factory = new OrderFactory() {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                events.add("buildProtocol");
                return null;
            }
        };
        rt.execute(() -> factory.connectTCP(reactor, "127.0.0.1", port, 30));
        rt.await(() -> factory.stopped);
        rt.await(() -> serverLost);
        rt.execute(() -> {
            assertThat(factory.events).containsSubsequence("buildProtocol", "clientConnectionFailed ConnectError");
            assertThat(factory.failReason.getErrorMessage()).contains("returned null");
            assertThat(serverFactory.lastProtocol().closedReason().value()).isInstanceOf(ConnectionDone.class);
        });
    }

    @Test
    void connectFromClientConnectionLostReconnectsAndARefusedRetryFailsCleanly() throws IOException {
        // Held, so that once the listener stops nobody else is given the port and the retry is refused.
        try (HeldPort held = HeldPort.toListenOn("127.0.0.1")) {
            reconnectThenRetryRefusedOn(held.port());
        }
    }

    private void reconnectThenRetryRefusedOn(int portNumber) {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory();
        IListeningPort port = rt.call(() -> reactor.listenTCP(portNumber, serverFactory, 50, "127.0.0.1"));
        Deferred<Void> failed = new Deferred<>();
        List<AccumulatingProtocol> built = new ArrayList<>();
        AccumulatingClientFactory factory = new AccumulatingClientFactory() {
            @Override
            public AccumulatingProtocol buildProtocol(IAddress addr) {
                AccumulatingProtocol p = super.buildProtocol(addr);
                built.add(p);
                return p;
            }

            @Override
            public void clientConnectionLost(IConnector connector, Failure reason) {
                super.clientConnectionLost(connector, reason);
                connector.connect();
            }

            @Override
            public void clientConnectionFailed(IConnector connector, Failure reason) {
                super.clientConnectionFailed(connector, reason);
                failed.callback(null);
            }
        };
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        rt.await(() -> {
            factory.setProtocolConnectionMade(made);
            reactor.connectTCP("127.0.0.1", portNumber, factory);
            return made;
        });
        // Close the port, then drop the connection: the reconnect from clientConnectionLost is refused.
        rt.await(port::stopListening);
        rt.execute(() -> built.get(0).transport().loseConnection());
        rt.await(() -> failed);
        rt.execute(() -> {
            AccumulatingProtocol last = built.get(built.size() - 1);
            assertThat(last.isMade()).isTrue();
            assertThat(last.isClosed()).isTrue();
            assertThat(factory.reason().check(ConnectionRefusedError.class)).isNotNull();
            assertThat(factory.isStopped()).isTrue();
        });
    }

    @Test
    void aReconnectingClientFactoryReconnectsOverRealConnectors() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory() {
            @Override
            public AccumulatingProtocol buildProtocol(IAddress addr) {
                AccumulatingProtocol p = super.buildProtocol(addr);
                reactor.callLater(0, () -> p.transport().loseConnection());
                return p;
            }
        };
        int port = listen(serverFactory);
        Deferred<Integer> thirdConnection = new Deferred<>();
        int[] made = {0};
        ReconnectingClientFactory factory =
                new ReconnectingClientFactory(reactor, () -> new dev.weft.internet.Protocol() {
                    @Override
                    public void connectionMade() {
                        made[0]++;
                        if (made[0] == 3) {
                            thirdConnection.callback(made[0]);
                        }
                    }
                });
        factory.setJitter(0);
        factory.setInitialDelay(0.001);
        factory.setFactor(1.0);
        factory.setNoisy(false);
        assertThat(rt.await(() -> {
                    reactor.connectTCP("127.0.0.1", port, factory);
                    return thirdConnection;
                }))
                .isEqualTo(3);
        rt.execute(factory::stopTrying);
    }

    @Test
    void getDestinationNamesTheHostAsGiven() {
        rt.execute(() -> {
            IConnector v4 = reactor.connectTCP("127.0.0.1", 9, new AccumulatingClientFactory());
            IConnector v6 = reactor.connectTCP("::1", 9, new AccumulatingClientFactory());
            IConnector named = reactor.connectTCP("localhost", 9, new AccumulatingClientFactory());
            assertThat(v4.getDestination()).isEqualTo(IPv4Address.tcp("127.0.0.1", 9));
            assertThat(v6.getDestination()).isEqualTo(IPv6Address.tcp("::1", 9));
            assertThat(named.getDestination()).isEqualTo(IPv4Address.tcp("localhost", 9));
            v4.stopConnecting();
            v6.stopConnecting();
            named.stopConnecting();
        });
    }

    @Test
    void badArgumentsAreRejectedAtOnce() {
        rt.execute(() -> {
            AccumulatingClientFactory f = new AccumulatingClientFactory();
            assertThatThrownBy(() -> reactor.connectTCP("127.0.0.1", 0, f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("port");
            assertThatThrownBy(() -> reactor.connectTCP("127.0.0.1", 80, f, 0, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout");
            assertThatThrownBy(() -> reactor.connectTCP("", 80, f)).isInstanceOf(IllegalArgumentException.class);
            assertThat(f.numPorts()).isZero();
        });
    }

    @Test
    void aConnectErrorNamesItsCause() {
        ConnectError error = new ConnectionRefusedError(new ConnectException("Connection refused"), null);
        assertThat(error).hasMessage("Connection was refused by other side: Connection refused.");
    }
}
