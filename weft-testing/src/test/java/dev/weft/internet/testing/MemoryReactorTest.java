package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.UNIXAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants 29–34: what MemoryReactor records for listen and connect calls, and what it never does. */
final class MemoryReactorTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final CountingServerFactory serverFactory = new CountingServerFactory(Protocol::new);
    private final CountingClientFactory clientFactory = new CountingClientFactory(Protocol::new);

    /** Invariant 29: listenTCP records (port, factory, backlog, iface) and reports 0.0.0.0:port. */
    @Test
    void listenTcpRecordsTheCallAndReturnsAPortOnAllIpv4Interfaces() {
        IListeningPort port = reactor.listenTCP(1234, serverFactory, 7, "");

        assertThat(reactor.tcpServers()).containsExactly(new TcpServerRecord(1234, serverFactory, 7, ""));
        assertThat(port.getHost()).isEqualTo(IPv4Address.tcp("0.0.0.0", 1234));
        reactor.listenTCP(80, serverFactory);
        assertThat(reactor.tcpServers().get(1)).isEqualTo(new TcpServerRecord(80, serverFactory, 50, ""));
    }

    /** Invariant 29: an IPv6 interface is reported as IPv6Address(TCP, iface, port). */
    @Test
    void listenTcpOnAnIpv6InterfaceReportsThatInterface() {
        assertThat(reactor.listenTCP(1234, serverFactory, 50, "::1").getHost()).isEqualTo(IPv6Address.tcp("::1", 1234));
        assertThat(reactor.listenTCP(1, serverFactory, 50, "fe80::1%eth0").getHost())
                .isEqualTo(IPv6Address.tcp("fe80::1%eth0", 1));
        assertThat(reactor.listenTCP(2, serverFactory, 50, "::ffff:1.2.3.4").getHost())
                .isEqualTo(IPv6Address.tcp("::ffff:1.2.3.4", 2));
    }

    /** Invariant 29 pins Twisted's quirk: an IPv4 interface is not reflected in getHost. */
    @Test
    void listenTcpIgnoresAnIpv4Interface() {
        assertThat(reactor.listenTCP(1234, serverFactory, 50, "127.0.0.1").getHost())
                .isEqualTo(IPv4Address.tcp("0.0.0.0", 1234));
        assertThat(reactor.tcpServers().get(0).iface()).isEqualTo("127.0.0.1");
    }

    /** Invariant 30: listenTCP and connectTCP never call doStart; stopListening changes nothing. */
    @Test
    void listenAndConnectNeverStartTheFactoryAndStopListeningChangesNothing() {
        IListeningPort port = reactor.listenTCP(1234, serverFactory);
        reactor.connectTCP("example.com", 1234, clientFactory);

        assertThat(serverFactory.numPorts()).isZero();
        assertThat(clientFactory.numPorts()).isZero();
        assertThat(serverFactory.starts).isZero();
        assertThat(clientFactory.starts).isZero();

        assertThat(successResultOf(port.stopListening())).isNull();
        port.startListening();
        assertThat(serverFactory.stops).isZero();
        assertThat(serverFactory.numPorts()).isZero();
        assertThat(reactor.tcpServers()).hasSize(1);
        assertThat(port.getHost()).isEqualTo(IPv4Address.tcp("0.0.0.0", 1234));
    }

    /**
     * Invariant 31: connectTCP records (host, port, factory, timeout, bindAddress), calls
     * startedConnecting with the connector before returning it, and appends it to connectors.
     */
    @Test
    void connectTcpRecordsTheCallAndHandsStartedConnectingTheConnectorItReturns() {
        InetSocketAddress bind = InetSocketAddress.createUnresolved("10.1.1.1", 0);
        List<Integer> recordedWhenStarted = new ArrayList<>();
        CountingClientFactory factory = new CountingClientFactory(Protocol::new) {
            @Override
            public void startedConnecting(IConnector connector) {
                super.startedConnecting(connector);
                recordedWhenStarted.add(reactor.tcpClients().size());
            }
        };

        IConnector connector = reactor.connectTCP("example.com", 6379, factory, 5.5, bind);

        assertThat(reactor.tcpClients())
                .containsExactly(
                        new TcpClientRecord("example.com", 6379, factory, 5.5, bind, (FakeConnector) connector));
        assertThat(factory.startedConnectors).containsExactly(connector);
        assertThat(recordedWhenStarted).containsExactly(1);
        assertThat(reactor.connectors()).containsExactly((FakeConnector) connector);
        assertThat(factory.events).containsExactly("startedConnecting");
    }

    @Test
    void connectTcpWithoutOptionsRecordsTwistedsDefaults() {
        reactor.connectTCP("h", 1, clientFactory);

        TcpClientRecord record = reactor.tcpClients().get(0);
        assertThat(record.timeout()).isEqualTo(30.0);
        assertThat(record.bindAddress()).isNull();
    }

    /** Invariant 32: getDestination is IPv4Address(TCP, host, port), or IPv6Address for an IPv6 literal. */
    @Test
    void connectorDestinationIsTheAddressConnectedTo() {
        assertThat(reactor.connectTCP("192.0.2.1", 80, clientFactory).getDestination())
                .isEqualTo(IPv4Address.tcp("192.0.2.1", 80));
        assertThat(reactor.connectTCP("example.com", 443, clientFactory).getDestination())
                .isEqualTo(IPv4Address.tcp("example.com", 443));
        assertThat(reactor.connectTCP("2001:db8::1", 8080, clientFactory).getDestination())
                .isEqualTo(IPv6Address.tcp("2001:db8::1", 8080));
        assertThat(reactor.connectTCP("cafe:babe", 1, clientFactory).getDestination())
                .as("not a valid IPv6 literal")
                .isEqualTo(IPv4Address.tcp("cafe:babe", 1));
    }

    /** Invariant 33: stopConnecting and disconnect only set flags; connect is a no-op. */
    @Test
    void fakeConnectorOnlyRecordsStopAndDisconnect() {
        FakeConnector connector = (FakeConnector) reactor.connectTCP("h", 1, clientFactory);
        assertThat(connector.isStoppedConnecting()).isFalse();
        assertThat(connector.isDisconnected()).isFalse();

        connector.stopConnecting();
        connector.stopConnecting();
        assertThat(connector.isStoppedConnecting()).isTrue();
        assertThat(connector.isDisconnected()).isFalse();

        connector.disconnect();
        connector.connect();
        assertThat(connector.isDisconnected()).isTrue();
        assertThat(clientFactory.events).containsExactly("startedConnecting");
        assertThat(reactor.tcpClients()).hasSize(1);
        assertThat(reactor.connectors()).containsExactly(connector);
    }

    /** Invariant 34: the reactor never builds protocols; the recorded attempts stay as they are. */
    @Test
    void memoryReactorNeverBuildsProtocols() {
        reactor.listenTCP(1234, serverFactory);
        reactor.connectTCP("127.0.0.1", 1234, clientFactory);
        reactor.listenUNIX("/tmp/s", serverFactory);
        reactor.connectUNIX("/tmp/s", clientFactory);
        reactor.run();

        assertThat(serverFactory.builtFor).isEmpty();
        assertThat(clientFactory.builtFor).isEmpty();
        assertThat(reactor.tcpClients()).hasSize(1);
        assertThat(reactor.unixClients()).hasSize(1);
        assertThat(reactor.connectors()).hasSize(2);
    }

    @Test
    void unixListenAndConnectAreRecordedWithUnixAddresses() {
        IListeningPort port = reactor.listenUNIX("/run/app.sock", serverFactory, 9);
        IConnector connector = reactor.connectUNIX("/run/app.sock", clientFactory, 3);

        assertThat(reactor.unixServers()).containsExactly(new UnixServerRecord("/run/app.sock", serverFactory, 9));
        assertThat(port.getHost()).isEqualTo(new UNIXAddress("/run/app.sock"));
        assertThat(reactor.unixClients())
                .containsExactly(new UnixClientRecord("/run/app.sock", clientFactory, 3, (FakeConnector) connector));
        assertThat(connector.getDestination()).isEqualTo(new UNIXAddress("/run/app.sock"));
        assertThat(clientFactory.startedConnectors).containsExactly(connector);
        assertThat(reactor.connectors()).containsExactly((FakeConnector) connector);
        assertThat(serverFactory.numPorts()).isZero();
        assertThat(reactor.connectUNIX("/x", clientFactory)).isNotNull();
        assertThat(reactor.unixClients().get(1).timeout()).isEqualTo(30.0);
        reactor.listenUNIX("/y", serverFactory);
        assertThat(reactor.unixServers().get(1).backlog()).isEqualTo(50);
    }

    @Test
    void listenTcpRejectsAnOutOfRangePort() {
        assertThatThrownBy(() -> reactor.listenTCP(70000, serverFactory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThat(reactor.tcpServers()).isEmpty();
    }
}
