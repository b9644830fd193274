package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ClientCreator against a hand-written recording reactor ({@link FakeConnectingReactor}); the same
 * invariants 7-9 over weft-testing's MemoryReactorClock belong in that module.
 */
final class ClientCreatorTest {
    private final FakeConnectingReactor reactor = new FakeConnectingReactor();
    private final List<Protocol> built = new ArrayList<>();
    private final ClientCreator<Protocol> creator = new ClientCreator<>(reactor, () -> {
        Protocol p = new Protocol();
        built.add(p);
        return p;
    });

    /** Records the outcome of a Deferred. */
    private static final class Outcome<T> {
        final List<Object> results = new ArrayList<>();

        Outcome(Deferred<T> d) {
            d.addCallbacks(
                    value -> {
                        results.add(value);
                        return null;
                    },
                    failure -> {
                        results.add(failure);
                        return null;
                    });
        }
    }

    /** Invariant 7. */
    @Test
    void connectTCPForwardsHostPortTimeoutAndBindAddressUnchanged() {
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);

        creator.connectTCP("example.com", 1234, 7.5, bind);

        assertThat(reactor.tcpClients).hasSize(1);
        FakeConnectingReactor.TcpClient client = reactor.tcpClients.get(0);
        assertThat(client.host()).isEqualTo("example.com");
        assertThat(client.port()).isEqualTo(1234);
        assertThat(client.timeout()).isEqualTo(7.5);
        assertThat(client.bindAddress()).isSameAs(bind);
    }

    @Test
    void connectTCPDefaultsToThirtySecondsAndNoBindAddress() {
        creator.connectTCP("127.0.0.1", 80);

        assertThat(reactor.tcpClients.get(0).timeout()).isEqualTo(30.0);
        assertThat(reactor.tcpClients.get(0).bindAddress()).isNull();
    }

    @Test
    void connectUNIXForwardsThePathAndTimeout() {
        creator.connectUNIX("/tmp/weft.sock", 3);
        creator.connectUNIX("/tmp/other.sock");

        assertThat(reactor.unixClients)
                .extracting(FakeConnectingReactor.UnixClient::path)
                .containsExactly("/tmp/weft.sock", "/tmp/other.sock");
        assertThat(reactor.unixClients)
                .extracting(FakeConnectingReactor.UnixClient::timeout)
                .containsExactly(3.0, 30.0);
    }

    @Test
    void theProtocolIsBuiltBeforeConnectingOncePerConnection() {
        List<Integer> clientsWhenBuilt = new ArrayList<>();
        ClientCreator<Protocol> watching = new ClientCreator<>(reactor, () -> {
            clientsWhenBuilt.add(reactor.tcpClients.size());
            return new Protocol();
        });

        watching.connectTCP("127.0.0.1", 80);
        watching.connectTCP("127.0.0.1", 81);

        assertThat(clientsWhenBuilt).containsExactly(0, 1);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    /** Invariant 8. */
    @Test
    void theDeferredFiresOnlyAfterTheClockRunsAndWithTheBuiltInstance() {
        Outcome<Protocol> outcome = new Outcome<>(creator.connectTCP("127.0.0.1", 80));
        ClientFactory factory = reactor.tcpClients.get(0).factory();

        IProtocol p = factory.buildProtocol(IPv4Address.tcp("127.0.0.1", 80));

        assertThat(p).isSameAs(built.get(0));
        assertThat(outcome.results).isEmpty();
        assertThat(reactor.getDelayedCalls()).hasSize(1);
        reactor.clock.advance(0);
        assertThat(outcome.results).containsExactly(p);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void theBuiltProtocolGetsNoFactoryAsInTwisted() {
        creator.connectTCP("127.0.0.1", 80);

        reactor.tcpClients.get(0).factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 80));

        assertThat(built.get(0).factory()).isNull();
    }

    @Test
    void aFailedConnectionFailsTheDeferredAfterTheClockRuns() {
        Outcome<Protocol> outcome = new Outcome<>(creator.connectTCP("127.0.0.1", 80));
        FakeConnectingReactor.TcpClient client = reactor.tcpClients.get(0);
        ConnectionRefusedError refused = new ConnectionRefusedError();

        client.factory().clientConnectionFailed(client.connector(), new Failure(refused));

        assertThat(outcome.results).isEmpty();
        reactor.clock.advance(0);
        assertThat(outcome.results).hasSize(1);
        assertThat(((Failure) outcome.results.get(0)).value()).isSameAs(refused);
    }

    /** Invariant 9. */
    @Test
    void cancellingAfterBuildProtocolDisconnectsCancelsTheCallAndFailsWithCancelledError() {
        Deferred<Protocol> d = creator.connectTCP("127.0.0.1", 80);
        Outcome<Protocol> outcome = new Outcome<>(d);
        FakeConnectingReactor.TcpClient client = reactor.tcpClients.get(0);
        client.factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 80));
        assertThat(reactor.getDelayedCalls()).hasSize(1);

        d.cancel();

        assertThat(client.connector().events).containsExactly("disconnect");
        assertThat(reactor.getDelayedCalls()).isEmpty();
        assertThat(outcome.results).hasSize(1);
        assertThat(((Failure) outcome.results.get(0)).check(CancelledError.class))
                .isEqualTo(CancelledError.class);
    }

    @Test
    void cancellingWhileConnectingDisconnectsTheConnector() {
        Deferred<Protocol> d = creator.connectTCP("127.0.0.1", 80);
        Outcome<Protocol> outcome = new Outcome<>(d);

        d.cancel();

        assertThat(reactor.tcpClients.get(0).connector().events).containsExactly("disconnect");
        assertThat(((Failure) outcome.results.get(0)).check(CancelledError.class))
                .isNotNull();
    }

    @Test
    void cancellingAfterTheDeferredFiredChangesNothing() {
        Deferred<Protocol> d = creator.connectTCP("127.0.0.1", 80);
        Outcome<Protocol> outcome = new Outcome<>(d);
        FakeConnectingReactor.TcpClient client = reactor.tcpClients.get(0);
        client.factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 80));
        reactor.clock.advance(0);

        d.cancel();

        assertThat(client.connector().events).isEmpty();
        assertThat(outcome.results).containsExactly(built.get(0));
    }

    @Test
    void aSecondOutcomeForTheSameConnectionIsRefused() {
        creator.connectTCP("127.0.0.1", 80);
        ClientFactory factory = reactor.tcpClients.get(0).factory();
        factory.buildProtocol(IPv4Address.tcp("127.0.0.1", 80));

        assertThatThrownBy(() -> factory.buildProtocol(IPv4Address.tcp("127.0.0.1", 80)))
                .isInstanceOf(IllegalStateException.class);
    }
}
