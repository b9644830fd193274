package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import org.junit.jupiter.api.Test;

final class AccumulatingFactoriesTest {
    private static final IPv4Address PEER = IPv4Address.tcp("127.0.0.1", 40000);
    private static final IPv4Address OTHER = IPv4Address.tcp("127.0.0.1", 40001);

    /** A connector that is never used; the client factory's hooks only record it. */
    private static final IConnector CONNECTOR = new IConnector() {
        @Override
        public void stopConnecting() {}

        @Override
        public void disconnect() {}

        @Override
        public void connect() {}

        @Override
        public IAddress getDestination() {
            return PEER;
        }
    };

    private static final class Subclass extends AccumulatingProtocol {}

    @Test
    void serverFactoryRecordsEachBuildAndHandsTheConnectionDeferredsToTheNextProtocolOnly() {
        AccumulatingServerFactory factory = new AccumulatingServerFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        Deferred<Void> lost = new Deferred<>();
        factory.setProtocolConnectionMade(made);
        factory.setProtocolConnectionLost(lost);

        AccumulatingProtocol first = factory.buildProtocol(PEER);
        AccumulatingProtocol second = factory.buildProtocol(OTHER);

        assertThat(factory.called()).isEqualTo(2);
        assertThat(factory.peerAddresses()).containsExactly(PEER, OTHER);
        assertThat(factory.lastProtocol()).isSameAs(second);
        assertThat(first.factory()).isSameAs(factory);
        assertThat(first.closedDeferred()).isSameAs(lost);
        assertThat(second.closedDeferred()).isNull();
        assertThat(factory.protocolConnectionLost()).isNull();
        assertNoResult(made);

        first.makeConnection(new StringTransport());
        second.makeConnection(new StringTransport());
        first.connectionLost(new Failure(new ConnectionDone()));

        assertThat(successResultOf(made)).isSameAs(first);
        assertThat(factory.protocolConnectionMade()).isNull();
        assertThat(successResultOf(lost)).isNull();
    }

    @Test
    void factoriesBuildWhatTheirSupplierMakes() {
        AccumulatingServerFactory server = new AccumulatingServerFactory(Subclass::new);
        AccumulatingClientFactory client = new AccumulatingClientFactory(Subclass::new);

        assertThat(server.buildProtocol(PEER)).isInstanceOf(Subclass.class);
        assertThat(client.buildProtocol(PEER)).isInstanceOf(Subclass.class);
    }

    @Test
    void aSupplierOfSomethingElseIsReportedClearly() {
        AccumulatingServerFactory factory = new AccumulatingServerFactory();
        factory.setProtocol(Protocol::new);

        assertThatThrownBy(() -> factory.buildProtocol(PEER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an AccumulatingProtocol");
    }

    @Test
    void clientFactoryRecordsAFailedAttemptAndFiresFailDeferredOnce() {
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        Failure refused = new Failure(new ConnectionRefusedError());
        Failure again = new Failure(new ConnectionRefusedError());

        factory.clientConnectionFailed(CONNECTOR, refused);
        factory.clientConnectionFailed(CONNECTOR, again);

        assertThat(factory.isFailed()).isTrue();
        assertThat(factory.reason()).isSameAs(again);
        assertThat(successResultOf(factory.failDeferred())).isNull();
        assertNoResult(factory.deferred());
    }

    @Test
    void clientFactoryRecordsTheLostConnectionAndFiresDeferredOnce() {
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        Failure done = new Failure(new ConnectionDone());

        assertThat(factory.lostReason()).isNull();
        factory.clientConnectionLost(CONNECTOR, done);
        factory.clientConnectionLost(CONNECTOR, done);

        assertThat(factory.lostReason()).isSameAs(done);
        assertThat(successResultOf(factory.deferred())).isNull();
        assertThat(factory.isFailed()).isFalse();
    }

    @Test
    void clientFactoryIsStoppedWhenItsLastUserStops() {
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        factory.setNoisy(false);
        factory.doStart();
        assertThat(factory.isStopped()).isFalse();

        factory.doStop();

        assertThat(factory.isStopped()).isTrue();
    }

    @Test
    void clientFactoryHandsOutTheConnectionDeferredsLikeTheServerFactory() {
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        Deferred<Void> lost = new Deferred<>();
        factory.setProtocolConnectionMade(made);
        factory.setProtocolConnectionLost(lost);

        AccumulatingProtocol p = factory.buildProtocol(PEER);
        p.makeConnection(new StringTransport());

        assertThat(successResultOf(made)).isSameAs(p);
        assertThat(p.closedDeferred()).isSameAs(lost);
        assertThat(factory.protocolConnectionLost()).isNull();
        assertThat(factory.lastProtocol()).isSameAs(p);
        assertThat(factory.called()).isEqualTo(1);
        assertThat(factory.peerAddresses()).containsExactly(PEER);
    }
}
