package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.internet.ClientCreator;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IProtocol;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants 7–9: ClientCreator observed through MemoryReactorClock. */
final class ClientCreatorTest {
    private final MemoryReactorClock reactor = new MemoryReactorClock();
    private final List<String> log = new ArrayList<>();
    private final ClientCreator<ProbeProtocol> creator =
            new ClientCreator<>(reactor, () -> new ProbeProtocol("C", log));

    /** Invariant 7: connectTCP forwards host, port, timeout and bindAddress unchanged. */
    @Test
    void connectTcpForwardsItsArgumentsUnchangedToTheReactor() {
        InetSocketAddress bind = InetSocketAddress.createUnresolved("10.0.0.5", 4321);

        creator.connectTCP("example.com", 6379, 12.5, bind);
        creator.connectTCP("192.0.2.7", 80);

        TcpClientRecord first = reactor.tcpClients().get(0);
        assertThat(first.host()).isEqualTo("example.com");
        assertThat(first.port()).isEqualTo(6379);
        assertThat(first.timeout()).isEqualTo(12.5);
        assertThat(first.bindAddress()).isSameAs(bind);
        TcpClientRecord second = reactor.tcpClients().get(1);
        assertThat(second.timeout()).isEqualTo(30.0);
        assertThat(second.bindAddress()).isNull();
    }

    @Test
    void connectUnixForwardsPathAndTimeout() {
        creator.connectUNIX("/run/db.sock", 4);

        assertThat(reactor.unixClients()).singleElement().satisfies(record -> {
            assertThat(record.path()).isEqualTo("/run/db.sock");
            assertThat(record.timeout()).isEqualTo(4.0);
        });
    }

    /** Invariant 8: the Deferred fires only after advance(0) following buildProtocol, with that instance. */
    @Test
    void deferredFiresWithTheBuiltInstanceOnlyAfterAdvanceZero() {
        Deferred<ProbeProtocol> d = creator.connectTCP("example.com", 80);
        TcpClientRecord attempt = reactor.tcpClients().get(0);
        assertNoResult(d);

        IProtocol built = attempt.factory().buildProtocol(attempt.connector().getDestination());
        assertNoResult(d);
        assertThat(reactor.getDelayedCalls()).hasSize(1);

        reactor.advance(0);
        assertThat(successResultOf(d)).isSameAs(built);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    /** Invariant 9: cancelling disconnects the connector, leaves no delayed call, and fails with CancelledError. */
    @Test
    void cancellingDisconnectsTheConnectorAndLeavesNoDelayedCall() {
        Deferred<ProbeProtocol> d = creator.connectTCP("example.com", 80);
        TcpClientRecord attempt = reactor.tcpClients().get(0);
        attempt.factory().buildProtocol(attempt.connector().getDestination());
        assertThat(reactor.getDelayedCalls()).hasSize(1);

        d.cancel();

        assertThat(attempt.connector().isDisconnected()).isTrue();
        assertThat(reactor.getDelayedCalls()).isEmpty();
        failureResultOf(d, CancelledError.class);
        d.addErrback(f -> null);
    }

    @Test
    void cancellingBeforeAnyOutcomeDisconnectsTheConnector() {
        Deferred<ProbeProtocol> d = creator.connectTCP("example.com", 80);

        d.cancel();

        assertThat(reactor.tcpClients().get(0).connector().isDisconnected()).isTrue();
        failureResultOf(d, CancelledError.class);
        d.addErrback(f -> null);
    }

    @Test
    void refusedConnectionFailsTheDeferredAfterAdvanceZero() {
        Deferred<ProbeProtocol> d = creator.connectTCP("example.com", 80);

        new ConnectionCompleter(reactor).failOnce();
        assertNoResult(d);
        reactor.advance(0);

        failureResultOf(d, ConnectionRefusedError.class);
        d.addErrback(f -> null);
    }

    @Test
    void completedThroughConnectionCompleterTheDeferredFiresDuringTheFlush() {
        List<ProbeProtocol> servers = new ArrayList<>();
        reactor.listenTCP(80, new CountingServerFactory(() -> {
            ProbeProtocol p = new ProbeProtocol("S", log);
            servers.add(p);
            return p;
        }));
        Deferred<ProbeProtocol> d = creator.connectTCP("127.0.0.1", 80);

        IOPump pump = new ConnectionCompleter(reactor).succeedOnce();

        ProbeProtocol client = successResultOf(d);
        assertThat(pump.client()).isSameAs(client);
        client.send("hi");
        pump.flush();
        assertThat(servers.get(0).received()).isEqualTo("hi");
    }
}
