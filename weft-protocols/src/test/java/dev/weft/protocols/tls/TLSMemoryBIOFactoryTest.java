package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IConnectionMadeListener;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.FakeTransport;
import dev.weft.internet.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TLSMemoryBIOFactory} connects as Twisted's does: it is a {@link ClientFactory} that passes
 * each hook on to the wrapped client factory with the same connector, on a real reactor.
 */
class TLSMemoryBIOFactoryTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** A client factory that records its hooks, and the connector each got, on the reactor thread. */
    static final class Recording extends ClientFactory {
        final List<String> events = new ArrayList<>();
        final List<IConnector> connectors = new ArrayList<>();
        final CompletableFuture<Failure> failed = new CompletableFuture<>();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        Recording(Protocol protocol) {
            super(() -> protocol);
            setNoisy(false);
        }

        @Override
        protected void startFactory() {
            events.add("startFactory");
        }

        @Override
        protected void stopFactory() {
            events.add("stopFactory");
        }

        @Override
        public void startedConnecting(IConnector connector) {
            events.add("startedConnecting");
            connectors.add(connector);
        }

        @Override
        public void clientConnectionFailed(IConnector connector, Failure reason) {
            events.add("clientConnectionFailed");
            connectors.add(connector);
            failed.complete(reason);
        }

        @Override
        public void clientConnectionLost(IConnector connector, Failure reason) {
            events.add("clientConnectionLost");
            connectors.add(connector);
            lost.complete(reason);
        }
    }

    private TLSMemoryBIOFactory tls(TLSConnectionCreator options, ServerFactory wrapped) {
        return new TLSMemoryBIOFactory(options, wrapped, DelegatedTasks.offReactor(reactor)).withClock(reactor);
    }

    private TLSMemoryBIOFactory tls(TLSConnectionCreator options, ClientFactory wrapped) {
        return new TLSMemoryBIOFactory(options, wrapped, DelegatedTasks.offReactor(reactor)).withClock(reactor);
    }

    @Test
    void aFailedConnectReachesTheWrappedFactoryWithTheSameConnector() throws Exception {
        Recording wrapped = new Recording(new Protocol());
        IConnector connector;
        Failure reason;
        try (HeldPort nobody = HeldPort.refusing("127.0.0.1")) {
            connector =
                    rt.call(() -> reactor.connectTCP("127.0.0.1", nobody.port(), tls(Tls.client(), wrapped), 30, null));
            reason = wrapped.failed.get(1, TimeUnit.MINUTES);
        }
        assertThat(reason.value()).isInstanceOf(ConnectionRefusedError.class);
        rt.call(() -> {
            assertThat(wrapped.events)
                    .containsExactly("startFactory", "startedConnecting", "clientConnectionFailed", "stopFactory");
            assertThat(wrapped.connectors).containsOnly(connector).hasSize(2);
            assertThat(wrapped.numPorts()).isZero();
            return null;
        });
    }

    @Test
    void aLostConnectionReachesTheWrappedFactoryAfterTlsCarriedItsBytes() throws Exception {
        CompletableFuture<String> heard = new CompletableFuture<>();
        Protocol serverSide = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                heard.complete(new String(data, US_ASCII));
                transport().loseConnection();
            }
        };
        IListeningPort port = rt.call(() ->
                reactor.listenTCP(0, tls(Tls.server(), ServerFactory.forProtocol(() -> serverSide)), 50, "127.0.0.1"));
        int p = ((IPv4Address) port.getHost()).port();

        CompletableFuture<Failure> clientLost = new CompletableFuture<>();
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write("over TLS".getBytes(US_ASCII));
            }

            @Override
            public void connectionLost(Failure reason) {
                clientLost.complete(reason);
            }
        };
        Recording wrapped = new Recording(client);
        IConnector connector = rt.call(() -> reactor.connectTCP("127.0.0.1", p, tls(Tls.client(), wrapped), 30, null));

        assertThat(heard.get(1, TimeUnit.MINUTES)).isEqualTo("over TLS");
        Failure reason = wrapped.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.check(ConnectionDone.class)).as(reason.toString()).isNotNull();
        assertThat(reason).as("the wrapped protocol's own reason").isSameAs(clientLost.getNow(null));
        rt.call(() -> {
            assertThat(wrapped.events)
                    .containsExactly("startFactory", "startedConnecting", "clientConnectionLost", "stopFactory");
            assertThat(wrapped.connectors).containsOnly(connector).hasSize(2);
            assertThat(client.transport()).isInstanceOf(ISSLTransport.class);
            return null;
        });
        rt.await(port::stopListening);
    }

    /** A client factory that hears of its protocol's {@code connectionMade}, as an endpoint's does. */
    static final class Listening extends ClientFactory implements IConnectionMadeListener {
        final List<String> events;
        final CompletableFuture<IProtocol> made = new CompletableFuture<>();

        Listening(Protocol protocol, List<String> events) {
            super(() -> protocol);
            this.events = events;
            setNoisy(false);
        }

        @Override
        public void connectionMade(IProtocol protocol) {
            boolean handshakeDone = ((ISSLTransport) ((Protocol) protocol).transport()).isHandshakeDone();
            events.add("listener told" + (handshakeDone ? " after the handshake" : ""));
            made.complete(protocol);
        }
    }

    @Test
    void aWrappedConnectionMadeListenerIsToldWithItsOwnProtocolOnceItsConnectionMadeReturned() throws Exception {
        IListeningPort port = rt.call(() ->
                reactor.listenTCP(0, tls(Tls.server(), ServerFactory.forProtocol(Protocol::new)), 50, "127.0.0.1"));
        List<String> events = new ArrayList<>();
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                events.add("connectionMade");
            }
        };
        Listening wrapped = new Listening(client, events);
        rt.call(() ->
                reactor.connectTCP("127.0.0.1", ((IPv4Address) port.getHost()).port(), tls(Tls.client(), wrapped)));

        assertThat(wrapped.made.get(1, TimeUnit.MINUTES)).isSameAs(client);
        rt.call(() -> {
            assertThat(events).containsExactly("connectionMade", "listener told");
            client.transport().loseConnection();
            return null;
        });
        rt.await(port::stopListening);
    }

    @Test
    void aFactoryThatIsNotAClientFactoryConnectsWithoutTheHooks() throws Exception {
        List<String> events = new ArrayList<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        ServerFactory plain = new ServerFactory(Protocol::new) {
            @Override
            protected void startFactory() {
                events.add("startFactory");
            }

            @Override
            protected void stopFactory() {
                events.add("stopFactory");
                stopped.complete(null);
            }
        };
        plain.setNoisy(false);
        try (HeldPort nobody = HeldPort.refusing("127.0.0.1")) {
            rt.call(() -> reactor.connectTCP("127.0.0.1", nobody.port(), tls(Tls.client(), plain), 30, null));
            stopped.get(1, TimeUnit.MINUTES);
        }
        assertThat(rt.call(() -> List.copyOf(events))).containsExactly("startFactory", "stopFactory");
    }

    @Test
    void itsOwnProtocolSupplierCannotBeSet() {
        TLSMemoryBIOFactory f = new TLSMemoryBIOFactory(Tls.client(), new ClientFactory(Protocol::new));
        assertThatThrownBy(() -> f.setProtocol(Protocol::new))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("wrappedFactory()");
    }

    private static List<String> warnings(LogCapture log) {
        SimpleFormatter text = new SimpleFormatter();
        return log.records().stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map((LogRecord r) -> text.formatMessage(r))
                .toList();
    }

    /** Builds a protocol with {@code f} and connects it over a memory transport whose clock is {@code clock}. */
    private static void connectOver(TLSMemoryBIOFactory f, @Nullable IReactorTime clock) {
        IProtocol p = Objects.requireNonNull(f.buildProtocol(FakeTransport.DEFAULT_CLIENT_ADDRESS));
        FakeTransport t = new FakeTransport(p, true);
        t.setReactor(clock);
        p.makeConnection(t);
    }

    @Test
    void aConnectionOverATransportWithoutAClockWarnsOnceThatTheCloseNotifyWaitIsUnbounded() {
        try (LogCapture log = new LogCapture(TLSMemoryBIOFactory.class.getName())) {
            TLSMemoryBIOFactory f = new TLSMemoryBIOFactory(Tls.server(), new ServerFactory(Protocol::new));
            f.doStart();
            assertThat(warnings(log))
                    .as("started: its connections may take their transports' clocks")
                    .isEmpty();
            connectOver(f, null);
            connectOver(f, null);
            assertThat(warnings(log))
                    .singleElement()
                    .asString()
                    .contains("has no clock", "transport gives none", "30 s wait for the peer's close_notify")
                    .contains("withClock(clock)");
        }
    }

    @Test
    void aConnectionWithAClockGivenOrFromItsTransportOrWithoutACloseNotifyBoundDoesNotWarn() {
        try (LogCapture log = new LogCapture(TLSMemoryBIOFactory.class.getName())) {
            TLSMemoryBIOFactory bare = new TLSMemoryBIOFactory(Tls.server(), new ServerFactory(Protocol::new));
            bare.doStart();
            connectOver(bare, new Clock());
            connectOver(
                    new TLSMemoryBIOFactory(Tls.server(), new ServerFactory(Protocol::new)).withClock(new Clock()),
                    null);
            connectOver(
                    new TLSMemoryBIOFactory(Tls.server().withoutCloseNotifyTimeout(), new ServerFactory(Protocol::new)),
                    null);
            connectOver(
                    new TLSMemoryBIOFactory(Tls.server(), new ServerFactory(Protocol::new))
                            .withHandshakeTimeout(new Clock(), Duration.ofSeconds(5)),
                    null);
            assertThat(warnings(log)).isEmpty();
        }
    }

    @Test
    void anUnenforcedWaitNamesItsLength() {
        try (LogCapture log = new LogCapture(TLSMemoryBIOFactory.class.getName())) {
            connectOver(
                    new TLSMemoryBIOFactory(
                            Tls.server().withCloseNotifyTimeout(Duration.ofMillis(1500)),
                            new ServerFactory(Protocol::new)),
                    null);
            assertThat(warnings(log)).singleElement().asString().contains("1500 ms wait");
        }
    }
}
