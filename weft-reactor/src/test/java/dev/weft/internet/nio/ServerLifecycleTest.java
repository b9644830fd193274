package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.defer.Deferred;
import dev.weft.defer.DeferredList;
import dev.weft.internet.CannotListenError;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import dev.weft.internet.testing.DeferredAssertions;
import dev.weft.internet.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server side: listening ports and their factories (invariants 74-76, #2, #3, #5, #19). */
final class ServerLifecycleTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    private static int portOf(IListeningPort port) {
        return ((IPv4Address) port.getHost()).port();
    }

    /** Connects a client to {@code port} and waits until both sides are made. */
    private AccumulatingProtocol[] connectBoth(AccumulatingServerFactory serverFactory, int port) {
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();
        List<AccumulatingProtocol> both = rt.await(() -> {
            Deferred<AccumulatingProtocol> s = new Deferred<>();
            Deferred<AccumulatingProtocol> c = new Deferred<>();
            serverFactory.setProtocolConnectionMade(s);
            clientFactory.setProtocolConnectionMade(c);
            reactor.connectTCP("127.0.0.1", port, clientFactory);
            return DeferredList.gatherResults(List.of(s, c));
        });
        return both.toArray(new AccumulatingProtocol[0]);
    }

    /** A server factory that counts startFactory and stopFactory calls, and can throw from stopFactory. */
    static class CountingFactory extends AccumulatingServerFactory {
        int started;
        int stopped;
        boolean throwOnStop;

        @Override
        protected void startFactory() {
            started++;
        }

        @Override
        protected void stopFactory() {
            stopped++;
            if (throwOnStop) {
                throwOnStop = false;
                throw new IllegalStateException("stopFactory failed");
            }
        }
    }

    @Test
    void portsSharingAFactoryStartItOnceAndStopItAfterTheLastStopListening() {
        CountingFactory factory = new CountingFactory();
        rt.await(() -> {
            IListeningPort a = reactor.listenTCP(0, factory, 50, "127.0.0.1");
            assertThat(factory.started).isEqualTo(1);
            IListeningPort b = reactor.listenTCP(0, factory, 50, "127.0.0.1");
            assertThat(factory.started).isEqualTo(1);
            assertThat(factory.numPorts()).isEqualTo(2);
            assertThat(portOf(a)).isNotZero().isNotEqualTo(portOf(b));
            return a.stopListening().addCallbackDeferring(ignored -> {
                assertThat(factory.stopped).isZero();
                return b.stopListening();
            });
        });
        rt.execute(() -> {
            assertThat(factory.stopped).isEqualTo(1);
            assertThat(factory.numPorts()).isZero();
        });
    }

    @Test
    void listeningOnAPortInUseThrowsCannotListenErrorAtOnceNamingTheAddress() {
        CountingFactory factory = new CountingFactory();
        rt.execute(() -> {
            IListeningPort first = reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1");
            int port = portOf(first);
            assertThatThrownBy(() -> reactor.listenTCP(port, factory, 50, "127.0.0.1"))
                    .isInstanceOf(CannotListenError.class)
                    .hasMessageContaining("Couldn't listen on 127.0.0.1:" + port)
                    .hasMessageContaining("in use")
                    .satisfies(e -> assertThat(((CannotListenError) e).port()).isEqualTo(port));
            assertThat(factory.started).isZero();
        });
    }

    @Test
    void aFailingStopFactoryFailsStopListeningAndThePortCanBeRestarted() {
        CountingFactory factory = new CountingFactory();
        IListeningPort port = rt.call(() -> reactor.listenTCP(0, factory, 50, "127.0.0.1"));
        Deferred<Void> stopped = rt.call(() -> {
            factory.throwOnStop = true;
            return port.stopListening();
        });
        rt.await(() -> {
            Deferred<Void> settled = new Deferred<>();
            stopped.addBoth(r -> {
                settled.callback(null);
                return r;
            });
            return settled;
        });
        rt.execute(() -> {
            assertThat(DeferredAssertions.failureResultOf(stopped, IllegalStateException.class)
                            .getErrorMessage())
                    .isEqualTo("stopFactory failed");
            port.startListening();
            assertThat(factory.started).isEqualTo(2);
        });
        AccumulatingProtocol[] both = connectBoth(factory, portOf(port));
        assertThat(both[0].isMade()).isTrue();
        assertThat(both[1].isMade()).isTrue();
    }

    @Test
    void aPortCanListenAgainAfterStopListening() {
        AccumulatingServerFactory factory = new AccumulatingServerFactory();
        IListeningPort port = rt.call(() -> reactor.listenTCP(0, factory, 50, "127.0.0.1"));
        connectBoth(factory, portOf(port));
        rt.await(port::stopListening);
        rt.execute(() -> {
            assertThat(port.stopListening().isCalled()).isTrue();
            port.startListening();
            assertThatThrownBy(port::startListening)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already listening");
        });
        AccumulatingProtocol[] both = connectBoth(factory, portOf(port));
        assertThat(both[0].isMade() && both[1].isMade()).isTrue();
    }

    @Test
    void theAddressCanBeBoundAgainAsSoonAsStopListeningFires() {
        IListeningPort port = rt.call(() -> reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1"));
        int number = portOf(port);
        IListeningPort again = rt.await(() -> port.stopListening()
                .addCallback(ignored -> reactor.listenTCP(number, new AccumulatingServerFactory(), 50, "127.0.0.1")));
        assertThat(portOf(again)).isEqualTo(number);
    }

    @Test
    void stopListeningWhileStoppingReturnsTheSameDeferred() {
        rt.execute(() -> {
            IListeningPort port = reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1");
            Deferred<Void> first = port.stopListening();
            assertThat(port.stopListening()).isSameAs(first);
        });
    }

    @Test
    void connectionsAcceptedBeforeStopListeningGoOn() {
        AccumulatingServerFactory factory = new AccumulatingServerFactory(Sink::new);
        IListeningPort port = rt.call(() -> reactor.listenTCP(0, factory, 50, "127.0.0.1"));
        AccumulatingProtocol[] both = connectBoth(factory, portOf(port));
        rt.await(port::stopListening);
        rt.await(() -> {
            both[1].transport().write(new byte[] {7});
            return ((Sink) both[0]).received(1);
        });
    }

    @Test
    void aServerFactoryReturningNullClosesTheSocketAndTheClientSeesMadeThenConnectionDone() {
        ServerFactory refusing = new ServerFactory() {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                return null;
            }
        };
        int port = rt.call(() -> portOf(reactor.listenTCP(0, refusing, 50, "127.0.0.1")));
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();
        rt.await(() -> {
            reactor.connectTCP("127.0.0.1", port, clientFactory);
            return clientFactory.deferred();
        });
        rt.execute(() -> {
            assertThat(clientFactory.lastProtocol().isMade()).isTrue();
            assertThat(clientFactory.lostReason().value()).isExactlyInstanceOf(ConnectionDone.class);
        });
    }

    @Test
    void aServerFactoryThatThrowsIsLoggedAndTheConnectionClosed() {
        ServerFactory throwing = new ServerFactory() {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                throw new IllegalStateException("no protocol today");
            }
        };
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            int port = rt.call(() -> portOf(reactor.listenTCP(0, throwing, 50, "127.0.0.1")));
            AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();
            rt.await(() -> {
                reactor.connectTCP("127.0.0.1", port, clientFactory);
                return clientFactory.deferred();
            });
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    @Test
    void aServerProtocolMayStopItsPortAndCloseInConnectionMade() {
        IListeningPort[] port = new IListeningPort[1];
        AccumulatingServerFactory factory = new AccumulatingServerFactory(() -> new AccumulatingProtocol() {
            @Override
            public void connectionMade() {
                super.connectionMade();
                port[0].stopListening();
                transport().loseConnection();
            }
        });
        rt.execute(() -> port[0] = reactor.listenTCP(0, factory, 50, "127.0.0.1"));
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();
        rt.await(() -> {
            reactor.connectTCP("127.0.0.1", portOf(port[0]), clientFactory);
            return clientFactory.deferred();
        });
        rt.execute(() -> {
            assertThat(clientFactory.lastProtocol().isMade()).isTrue();
            assertThat(clientFactory.lostReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(((dev.weft.internet.nio.internal.ListeningPort) port[0]).isListening())
                    .isFalse();
        });
    }

    @Test
    void listeningOnAllInterfacesReportsTheWildcardAddress() {
        rt.execute(() -> {
            IListeningPort port = reactor.listenTCP(0, new AccumulatingServerFactory());
            assertThat(((IPv4Address) port.getHost()).host()).isEqualTo("0.0.0.0");
            assertThat(portOf(port)).isPositive();
        });
    }

    @Test
    void anIPv6PortReportsIPv6AddressesInShortForm() throws Exception {
        assumeTrue(ipv6LoopbackWorks(), "this machine has no IPv6 loopback");
        AccumulatingServerFactory factory = new AccumulatingServerFactory();
        IListeningPort port = rt.call(() -> reactor.listenTCP(0, factory, 50, "::1"));
        IPv6Address host = (IPv6Address) port.getHost();
        assertThat(host.host()).isEqualTo("::1");
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();
        AccumulatingProtocol client = rt.await(() -> {
            Deferred<AccumulatingProtocol> made = new Deferred<>();
            clientFactory.setProtocolConnectionMade(made);
            reactor.connectTCP("::1", host.port(), clientFactory);
            return made;
        });
        rt.execute(() -> {
            assertThat(client.transport().getPeer()).isEqualTo(host);
            assertThat(clientFactory.peerAddresses()).containsExactly(host);
            assertThat(factory.peerAddresses())
                    .containsExactly(client.transport().getHost());
        });
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void badArgumentsAreRejectedAtOnce() {
        rt.execute(() -> {
            List<Runnable> calls = new ArrayList<>();
            AccumulatingServerFactory f = new AccumulatingServerFactory();
            assertThatThrownBy(() -> reactor.listenTCP(-1, f, 50, ""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> reactor.listenTCP(0, f, 0, ""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("backlog");
            assertThatThrownBy(() -> reactor.listenTCP(0, f, 50, "not an address!"))
                    .isInstanceOf(CannotListenError.class);
            assertThat(f.numPorts()).isZero();
            assertThat(calls).isEmpty();
        });
    }
}
