package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.Factory;
import dev.weft.internet.IPv4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AccumulatingProtocolTest {
    private static final IPv4Address ADDR = IPv4Address.tcp("127.0.0.1", 1);

    /** A factory offering the protocolConnectionMade hook, as Twisted's test factories do. */
    private static final class NotifyingFactory extends Factory implements ConnectionMadeNotifier {
        Deferred<AccumulatingProtocol> made;

        NotifyingFactory() {
            super(AccumulatingProtocol::new);
        }

        @Override
        public Deferred<AccumulatingProtocol> protocolConnectionMade() {
            return made;
        }

        @Override
        public void setProtocolConnectionMade(Deferred<AccumulatingProtocol> deferred) {
            made = deferred;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    @Test
    void newProtocolIsNeitherMadeNorClosedAndHoldsNothing() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        assertThat(p.isMade()).isFalse();
        assertThat(p.isClosed()).isFalse();
        assertThat(p.isConnected()).isFalse();
        assertThat(p.closedReason()).isNull();
        assertThat(p.closedDeferred()).isNull();
        assertThat(p.factory()).isNull();
        assertThat(p.data()).isEmpty();
        assertThat(p.dataSize()).isZero();
        assertThat(p.logPrefix()).isEqualTo("AccumulatingProtocol");
    }

    /** Invariant 23: made is set and a pending protocolConnectionMade fires with the protocol, the field already cleared. */
    @Test
    void makeConnectionSetsMadeAndFiresTheFactorysConnectionMadeDeferredAfterClearingIt() {
        NotifyingFactory factory = new NotifyingFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        factory.setProtocolConnectionMade(made);
        List<Object> seenInCallback = new ArrayList<>();
        made.addCallback(p -> {
            seenInCallback.add(p.isMade());
            seenInCallback.add(String.valueOf(factory.protocolConnectionMade()));
            return p;
        });
        AccumulatingProtocol p = (AccumulatingProtocol) factory.buildProtocol(ADDR);
        StringTransport transport = new StringTransport();

        p.makeConnection(transport);

        assertThat(p.isMade()).isTrue();
        assertThat(p.isConnected()).isTrue();
        assertThat(p.transport()).isSameAs(transport);
        assertThat(p.factory()).isSameAs(factory);
        assertThat(successResultOf(made)).isSameAs(p);
        assertThat(seenInCallback).containsExactly(true, "null");
        assertThat(factory.protocolConnectionMade()).isNull();
    }

    /** Invariant 24: the consumed Deferred does not fire again for the next protocol. */
    @Test
    void secondProtocolFromTheSameFactoryDoesNotFireTheConsumedDeferred() {
        NotifyingFactory factory = new NotifyingFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        factory.setProtocolConnectionMade(made);
        AccumulatingProtocol first = (AccumulatingProtocol) factory.buildProtocol(ADDR);
        AccumulatingProtocol second = (AccumulatingProtocol) factory.buildProtocol(ADDR);

        first.makeConnection(new StringTransport());
        second.makeConnection(new StringTransport());

        assertThat(successResultOf(made)).isSameAs(first);
        assertThat(second.isMade()).isTrue();
        assertThat(factory.protocolConnectionMade()).isNull();
    }

    @Test
    void connectionMadeCallbackMayInstallAFreshDeferredForTheNextConnection() {
        NotifyingFactory factory = new NotifyingFactory();
        Deferred<AccumulatingProtocol> first = new Deferred<>();
        Deferred<AccumulatingProtocol> next = new Deferred<>();
        factory.setProtocolConnectionMade(first);
        first.addCallback(p -> {
            factory.setProtocolConnectionMade(next);
            return p;
        });
        AccumulatingProtocol a = (AccumulatingProtocol) factory.buildProtocol(ADDR);
        AccumulatingProtocol b = (AccumulatingProtocol) factory.buildProtocol(ADDR);

        a.makeConnection(new StringTransport());
        assertNoResult(next);
        b.makeConnection(new StringTransport());

        assertThat(successResultOf(first)).isSameAs(a);
        assertThat(successResultOf(next)).isSameAs(b);
    }

    /**
     * Invariant 25, weft's choice: a factory without the hook is not notified (Twisted raises
     * AttributeError from connectionMade; weft does not copy that).
     */
    @Test
    void factoryWithoutTheNotifierInterfaceIsNotNotifiedAndNothingThrows() {
        Factory plain = Factory.forProtocol(AccumulatingProtocol::new);
        AccumulatingProtocol p = (AccumulatingProtocol) plain.buildProtocol(ADDR);

        p.makeConnection(new StringTransport());

        assertThat(p.isMade()).isTrue();
        assertThat(p.factory()).isSameAs(plain);
    }

    /** Invariant 25: with no factory at all nothing is fired. */
    @Test
    void protocolWithoutFactoryConnectsQuietly() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        p.makeConnection(new StringTransport());

        assertThat(p.isMade()).isTrue();
    }

    /** Invariant 26: data is the concatenation of every dataReceived chunk. */
    @Test
    void dataIsTheConcatenationOfAllReceivedChunks() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());

        p.dataReceived(ascii("foo"));
        p.dataReceived(ascii(""));
        p.dataReceived(ascii("bar"));
        p.dataReceived(ascii("!"));

        assertThat(p.data()).isEqualTo(ascii("foobar!"));
        assertThat(p.dataSize()).isEqualTo(7);
    }

    /** Invariant 27: closed and closedReason are set, closedDeferred fires with null and is already cleared. */
    @Test
    void connectionLostSetsClosedAndReasonThenFiresClosedDeferredWithNullAfterClearingIt() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        Deferred<Void> closed = new Deferred<>();
        p.setClosedDeferred(closed);
        List<Object> seenInCallback = new ArrayList<>();
        closed.addCallback(ignored -> {
            seenInCallback.add(p.isClosed());
            seenInCallback.add(p.closedReason() != null);
            seenInCallback.add(String.valueOf(p.closedDeferred()));
            return ignored;
        });
        Failure reason = new Failure(new ConnectionDone());

        p.connectionLost(reason);

        assertThat(p.isClosed()).isTrue();
        assertThat(p.closedReason()).isSameAs(reason);
        assertThat(p.closedDeferred()).isNull();
        assertThat(closed.isCalled()).isTrue();
        assertThat(successResultOf(closed)).isNull();
        assertThat(seenInCallback).containsExactly(true, true, "null");
    }

    /** Invariant 28: a second connectionLost overwrites closedReason and fires nothing. */
    @Test
    void secondConnectionLostOverwritesTheReasonAndFiresNothing() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        Deferred<Void> closed = new Deferred<>();
        int[] fired = {0};
        closed.addCallback(ignored -> fired[0]++);
        p.setClosedDeferred(closed);
        Failure second = new Failure(new ConnectionLost());

        p.connectionLost(new Failure(new ConnectionDone()));
        p.connectionLost(second);

        assertThat(p.closedReason()).isSameAs(second);
        assertThat(fired[0]).isEqualTo(1);
    }

    @Test
    void secondConnectionLostFiresANewlyInstalledClosedDeferred() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.connectionLost(new Failure(new ConnectionDone()));
        Deferred<Void> again = new Deferred<>();
        p.setClosedDeferred(again);

        p.connectionLost(new Failure(new ConnectionLost()));

        assertThat(again.isCalled()).isTrue();
    }

    /** Section 4, scenario 20: a body receiver on StringTransport; closedReason traps the given exception. */
    @Test
    void bodyReceiverAccumulatesFooBarAndClosedReasonTrapsTheGivenException() {
        final class ResponseDone extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        Deferred<Void> closed = new Deferred<>();
        p.setClosedDeferred(closed);
        List<Class<?>> trapped = new ArrayList<>();
        closed.addCallback(ignored -> {
            trapped.add(p.closedReason().trap(ResponseDone.class));
            return ignored;
        });

        p.dataReceived(ascii("foo"));
        p.dataReceived(ascii("bar"));
        p.connectionLost(new Failure(new ResponseDone()));

        assertThat(p.data()).isEqualTo(ascii("foobar"));
        assertThat(trapped).containsExactly(ResponseDone.class);
        assertThat(successResultOf(closed)).isNull();
    }

    @Test
    void toStringShowsStateAndSize() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        assertThat(p).hasToString("AccumulatingProtocol[not made, 0 bytes, open]");

        p.makeConnection(new StringTransport());
        p.dataReceived(ascii("abc"));
        p.connectionLost(new Failure(new ConnectionDone()));

        assertThat(p).hasToString("AccumulatingProtocol[made, 3 bytes, closed: ConnectionDone]");
    }
}
