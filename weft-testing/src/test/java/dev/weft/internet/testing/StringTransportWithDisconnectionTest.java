package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPv4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StringTransportWithDisconnectionTest {
    /** Records every connectionLost and the transport's flags at that moment. */
    private static class Recording extends AccumulatingProtocol {
        final List<Failure> reasons = new ArrayList<>();
        final List<String> flagsSeen = new ArrayList<>();

        @Override
        public void connectionLost(Failure reason) {
            StringTransport t = (StringTransport) transport();
            reasons.add(reason);
            flagsSeen.add("connected=" + t.isConnected() + " disconnecting=" + t.isDisconnecting() + " disconnected="
                    + t.isDisconnected());
            super.connectionLost(reason);
        }
    }

    /** Invariant 21: loseConnection synchronously delivers exactly one connectionLost(ConnectionDone("Bye.")). */
    @Test
    void loseConnectionDeliversOneConnectionDoneSynchronouslyAndClearsConnected() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        Recording p = t.connect(new Recording());

        t.loseConnection();

        assertThat(p.reasons).hasSize(1);
        Failure reason = p.reasons.get(0);
        assertThat(reason.check(ConnectionDone.class)).isEqualTo(ConnectionDone.class);
        assertThat(reason.getErrorMessage()).isEqualTo("Connection was closed cleanly: Bye.");
        assertThat(t.isConnected()).isFalse();
        assertThat(p.isClosed()).isTrue();
    }

    /** Weft's choice (Twisted #8161 not copied): disconnecting is already set when connectionLost runs. */
    @Test
    void loseConnectionSetsDisconnectingBeforeConnectionLostUnlikeTwisted() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        Recording p = t.connect(new Recording());

        t.loseConnection();

        assertThat(p.flagsSeen).containsExactly("connected=false disconnecting=true disconnected=false");
        assertThat(t.isDisconnecting()).isTrue();
    }

    /** Invariant 22: a second loseConnection or abortConnection never calls connectionLost again. */
    @Test
    void secondLoseOrAbortNeverCallsConnectionLostAgain() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        Recording p = t.connect(new Recording());

        t.loseConnection();
        t.loseConnection();
        t.abortConnection();

        assertThat(p.reasons).hasSize(1);
        assertThat(p.reasons.get(0).value()).isInstanceOf(ConnectionDone.class);
        assertThat(t.isDisconnected()).isTrue();
    }

    /**
     * Invariant 22, weft's choice (Twisted #8161 not copied): abortConnection delivers
     * ConnectionAborted, not ConnectionDone, and sets both disconnected and disconnecting.
     */
    @Test
    void abortConnectionDeliversConnectionAbortedAndSetsDisconnectedAndDisconnecting() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        Recording p = t.connect(new Recording());

        t.abortConnection();
        t.abortConnection();
        t.loseConnection();

        assertThat(p.reasons).hasSize(1);
        Failure reason = p.reasons.get(0);
        assertThat(reason.check(ConnectionDone.class)).isNull();
        assertThat(reason.check(ConnectionAborted.class)).isEqualTo(ConnectionAborted.class);
        assertThat(reason.check(ConnectionLost.class)).isEqualTo(ConnectionLost.class);
        assertThat(p.flagsSeen).containsExactly("connected=false disconnecting=true disconnected=true");
    }

    @Test
    void reEnteringLoseConnectionFromConnectionLostDeliversNothingMore() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        Recording p = t.connect(new Recording() {
            @Override
            public void connectionLost(Failure reason) {
                super.connectionLost(reason);
                transport().loseConnection();
            }
        });

        t.loseConnection();

        assertThat(p.reasons).hasSize(1);
    }

    @Test
    void writesAfterTheDisconnectAreStillRecordedAsInTwisted() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        t.connect(new AccumulatingProtocol());

        t.write("before ".getBytes(US_ASCII));
        t.loseConnection();
        t.write("after".getBytes(US_ASCII));

        assertThat(t.value()).isEqualTo("before after".getBytes(US_ASCII));
    }

    @Test
    void connectSetsTheProtocolAndMakesTheConnection() {
        IPv4Address host = IPv4Address.tcp("127.0.0.1", 1);
        StringTransportWithDisconnection t = new StringTransportWithDisconnection(host, null, false);
        AccumulatingProtocol p = new AccumulatingProtocol();

        assertThat(t.connect(p)).isSameAs(p);

        assertThat(t.protocol()).isSameAs(p);
        assertThat(p.isMade()).isTrue();
        assertThat(p.transport()).isSameAs(t);
        assertThat(t.getHost()).isSameAs(host);
        assertThat(t.getPeer()).isEqualTo(StringTransport.DEFAULT_PEER);
    }

    @Test
    void setProtocolAloneDeliversConnectionLostToThatProtocol() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(t);
        t.setProtocol(p);

        t.loseConnection();

        assertThat(p.isClosed()).isTrue();
    }

    @Test
    void closingWithoutAProtocolThrowsAndChangesNothing() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();

        assertThatThrownBy(t::loseConnection)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connect(protocol)");
        assertThatThrownBy(t::abortConnection)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("abortConnection");
        assertThat(t.isConnected()).isTrue();
        assertThat(t.isDisconnecting()).isFalse();
        assertThat(t.isDisconnected()).isFalse();
    }

    @Test
    void pauseAfterLoseConnectionThrowsAsOnStringTransport() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        t.connect(new AccumulatingProtocol());

        t.loseConnection();

        assertThatThrownBy(t::pauseProducing).isInstanceOf(IllegalStateException.class);
    }
}
