package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.TCPTimedOutError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariant 38: ConnectionCompleter completes or fails the attempts a MemoryReactor recorded. */
final class ConnectionCompleterTest {
    private final List<String> log = new ArrayList<>();
    private final MemoryReactor reactor = new MemoryReactor();
    private final ConnectionCompleter completer = new ConnectionCompleter(reactor);
    private final List<ProbeProtocol> servers = new ArrayList<>();
    private final List<ProbeProtocol> clients = new ArrayList<>();
    private final CountingServerFactory serverFactory = new CountingServerFactory(() -> {
        ProbeProtocol p = new ProbeProtocol("S", log);
        p.onMade = self -> self.send("greeting");
        servers.add(p);
        return p;
    });
    private final CountingClientFactory clientFactory = new CountingClientFactory(() -> {
        ProbeProtocol p = new ProbeProtocol("C", log);
        clients.add(p);
        return p;
    });

    /**
     * Invariant 38: succeedOnce pairs a client with the server on the same port, removes that client
     * from tcpClients and connectors, and returns a flushed pump.
     */
    @Test
    void succeedOncePairsTheFirstMatchingClientWithItsServerAndReturnsAFlushedPump() {
        reactor.listenTCP(9090, new CountingServerFactory(() -> new ProbeProtocol("other", log)));
        reactor.listenTCP(8080, serverFactory);
        IConnector unmatched = reactor.connectTCP("127.0.0.1", 1234, clientFactory);
        IConnector matched = reactor.connectTCP("127.0.0.1", 8080, clientFactory);

        IOPump pump = completer.succeedOnce();

        assertThat(pump).isNotNull();
        assertThat(pump.server()).isSameAs(servers.get(0));
        assertThat(pump.client()).isSameAs(clients.get(0));
        assertThat(log).containsExactly("S:made", "C:made", "C:data:greeting");
        assertThat(pump.flush()).as("already flushed").isFalse();
        assertThat(reactor.tcpClients()).extracting(TcpClientRecord::connector).containsExactly((FakeConnector)
                unmatched);
        assertThat(reactor.connectors()).containsExactly((FakeConnector) unmatched);
        assertThat(reactor.connectors()).doesNotContain((FakeConnector) matched);
        assertThat(reactor.tcpServers()).hasSize(2);
    }

    @Test
    void succeedOnceBuildsTheClientFirstWithConsistentAddresses() {
        reactor.listenTCP(8080, serverFactory);
        reactor.connectTCP("example.com", 8080, clientFactory);
        reactor.connectTCP("example.com", 8080, clientFactory);

        IOPump first = completer.succeedOnce();
        IOPump second = completer.succeedOnce();

        IAddress serverAddress = IPv4Address.tcp("example.com", 8080);
        assertThat(clientFactory.builtFor).containsExactly(serverAddress, serverAddress);
        assertThat(serverFactory.builtFor)
                .containsExactly(IPv4Address.tcp("127.0.0.1", 49152), IPv4Address.tcp("127.0.0.1", 49153));
        assertThat(first.clientIO().getPeer()).isEqualTo(serverAddress);
        assertThat(first.serverIO().getHost()).isEqualTo(serverAddress);
        assertThat(first.clientIO().getHost()).isEqualTo(first.serverIO().getPeer());
        assertThat(second.serverIO().getPeer()).isEqualTo(IPv4Address.tcp("127.0.0.1", 49153));
        assertThat(clientFactory.events)
                .containsExactly("startedConnecting", "startedConnecting", "buildProtocol", "buildProtocol");
        assertThat(serverFactory.numPorts()).isZero();
        assertThat(clientFactory.numPorts()).isZero();
    }

    @Test
    void anIpv6DestinationGetsAnIpv6ClientAddress() {
        reactor.listenTCP(8080, serverFactory, 50, "::");
        reactor.connectTCP("::1", 8080, clientFactory);

        IOPump pump = completer.succeedOnce();

        assertThat(pump.clientIO().getPeer()).isEqualTo(IPv6Address.tcp("::1", 8080));
        assertThat(pump.clientIO().getHost()).isEqualTo(IPv6Address.tcp("::1", 49152));
    }

    @Test
    void succeedOnceReturnsNullAndChangesNothingWhenNoClientMatches() {
        reactor.listenTCP(8080, serverFactory);
        reactor.connectTCP("127.0.0.1", 8081, clientFactory);

        assertThat(completer.succeedOnce()).isNull();
        assertThat(reactor.tcpClients()).hasSize(1);
        assertThat(reactor.connectors()).hasSize(1);
        assertThat(clientFactory.builtFor).isEmpty();
        assertThat(new ConnectionCompleter(new MemoryReactor()).succeedOnce()).isNull();
    }

    /** Invariant 38: failOnce calls clientConnectionFailed with ConnectionRefusedError. */
    @Test
    void failOnceFailsTheOldestAttemptWithConnectionRefused() {
        IConnector first = reactor.connectTCP("127.0.0.1", 1, clientFactory);
        IConnector second = reactor.connectTCP("127.0.0.1", 2, clientFactory);

        completer.failOnce();

        assertThat(clientFactory.failure).isNotNull();
        assertThat(clientFactory.failure.value()).isExactlyInstanceOf(ConnectionRefusedError.class);
        assertThat(clientFactory.events).endsWith("clientConnectionFailed");
        assertThat(reactor.tcpClients()).extracting(TcpClientRecord::connector).containsExactly((FakeConnector) second);
        assertThat(reactor.connectors()).containsExactly((FakeConnector) second);
        assertThat(clientFactory.builtFor).isEmpty();
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void failOnceUsesTheReasonItIsGiven() {
        reactor.connectTCP("127.0.0.1", 1, clientFactory);
        Failure timeout = new Failure(new TCPTimedOutError());

        completer.failOnce(timeout);

        assertThat(clientFactory.failure).isSameAs(timeout);
    }

    @Test
    void failOnceWithNothingRecordedThrows() {
        assertThatThrownBy(completer::failOnce)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no connectTCP call");
    }

    @Test
    void serverFactoryRefusingTheConnectionClosesItForTheClient() {
        reactor.listenTCP(8080, new CountingServerFactory(() -> null));
        reactor.connectTCP("127.0.0.1", 8080, clientFactory);

        IOPump pump = completer.succeedOnce();

        assertThat(log).containsExactly("C:made", "C:lost:ConnectionDone");
        assertThat(pump.serverIO().isDisconnected()).isTrue();
    }

    @Test
    void clientFactoryRefusingTheConnectionClosesItForTheServer() {
        reactor.listenTCP(8080, serverFactory);
        reactor.connectTCP("127.0.0.1", 8080, new CountingClientFactory(() -> (IProtocol) null));

        completer.succeedOnce();

        assertThat(log).containsExactly("S:made", "S:lost:ConnectionDone");
    }

    @Test
    void pumpOfAMemoryReactorClockRunsTheReactorsDueCalls() {
        MemoryReactorClock timed = new MemoryReactorClock();
        timed.listenTCP(8080, serverFactory);
        timed.connectTCP("127.0.0.1", 8080, clientFactory);

        IOPump pump = new ConnectionCompleter(timed).succeedOnce();
        timed.callLater(0, () -> log.add("due now"));
        pump.pump();

        assertThat(pump.clock()).isSameAs(timed.clock());
        assertThat(log).endsWith("due now");
    }
}
