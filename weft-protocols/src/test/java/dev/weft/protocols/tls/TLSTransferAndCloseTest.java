package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TLSTransferAndCloseTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void oneMebibyteEachWayArrivesByteExactThenBothSeeConnectionDone(String version) {
        byte[] up = random(1 << 20, 1);
        byte[] down = random(1 << 20, 2);
        Peer client = new Peer();
        Peer server = new Peer();
        client.onConnect = c -> c.transport().write(up.clone()); // queued until the handshake
        server.onHandshake = s -> s.transport().write(down.clone());
        var p = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), server);
        assertThat(server.bytes()).isEqualTo(up);
        assertThat(client.bytes()).isEqualTo(down);

        client.transport().loseConnection();
        p.pump().flush();
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(TLSLoss.of(client.reason)).isNull();
    }

    @Test
    void loseConnectionSendsWhatWasQueuedAndDropsLaterWrites() {
        Peer client = new Peer();
        Peer server = new Peer();
        client.onHandshake = c -> {
            c.transport().write("kept".getBytes(US_ASCII));
            c.transport().loseConnection();
            c.transport().write("dropped".getBytes(US_ASCII));
        };
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        p.pump().flush();
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("kept");
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void afterALocalCloseInboundDataIsStillDeliveredUntilThePeersCloseNotify() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        server.transport().write("late".getBytes(US_ASCII)); // in flight when the client closes
        client.transport().loseConnection();
        p.pump().flush();
        assertThat(new String(client.bytes(), US_ASCII)).isEqualTo("late");
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void theWrappedProtocolHearsOfTheEndOnlyAfterTheTransportCloses() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.transport().loseConnection();
        p.pump().pump(); // close_notify reaches the server, which replies and closes its transport
        assertThat(server.isLost()).isFalse();
        p.pump().flush();
        assertThat(server.isLost()).isTrue();
    }

    @Test
    void loseConnectionBeforeTheHandshakeWithNothingQueuedAborts() {
        Peer client = new Peer();
        Peer server = new Peer();
        client.onConnect = c -> c.transport().loseConnection();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        p.pump().flush();
        assertThat(client.reason.value()).isInstanceOf(ConnectionLost.class);
        assertThat(server.reason.value()).isInstanceOf(ConnectionLost.class);
        assertThat(server.handshakes).isZero();
    }

    @Test
    void abortAfterTheHandshakeDropsQueuedDataAndStopsDelivery() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        server.transport().write("never seen".getBytes(US_ASCII));
        client.transport().write("never sent".getBytes(US_ASCII));
        client.transport().abortConnection();
        p.pump().flush();
        assertThat(client.bytes()).isEmpty();
        assertThat(server.bytes()).isEmpty();
        assertThat(client.reason.value()).isInstanceOf(ConnectionAborted.class);
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(TLSLoss.of(server.reason)).as("a reset, not a close").isNull();
    }

    @Test
    void aTransportThatClosesWithoutCloseNotifyIsATruncationAndAConnectionLost() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        p.serverTls().write("partial".getBytes(US_ASCII));
        p.pump().serverIO().loseConnection(); // raw TCP close under TLS
        p.pump().flush();
        assertThat(new String(client.bytes(), US_ASCII)).isEqualTo("partial");
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(client.reason.getErrorMessage()).contains("without a TLS close_notify");
        assertThat(TLSLoss.of(client.reason)).isEqualTo(TLSLoss.CLOSED_WITHOUT_CLOSE_NOTIFY);
    }

    /** The server answered the ClientHello with its first TLS 1.2 flight, then closed: a handshake was under way. */
    @Test
    void aPeerThatClosesDuringTheHandshakeGivesAConnectionLostNamingIt() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client().withProtocols("TLSv1.2"), client, Tls.server(), server, false);
        p.pump().pump(); // the ClientHello reaches the server, whose ServerHello flight waits to be sent
        p.pump().serverIO().loseConnection();
        p.pump().flush();
        assertThat(client.handshakes).isZero();
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(client.reason.getErrorMessage()).contains("during the TLS handshake");
        assertThat(TLSLoss.of(client.reason)).isEqualTo(TLSLoss.CLOSED_DURING_HANDSHAKE);
    }

    @Test
    void tls13HalfCloseLetsTheOtherSideAnswerBeforeClosing() {
        Peer.HalfCloseable client = new Peer.HalfCloseable();
        Peer.HalfCloseable server = new Peer.HalfCloseable();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.transport().write("request".getBytes(US_ASCII));
        ((ISSLTransport) client.transport()).loseWriteConnection();
        client.transport().write("dropped: the write side is closed".getBytes(US_ASCII));
        p.pump().flush();
        assertThat(server.events).containsSubsequence("data", "readConnectionLost");
        assertThat(client.events).contains("writeConnectionLost");
        assertThat(server.isLost()).isFalse();

        server.transport().write(("got " + server.bytes().length).getBytes(US_ASCII));
        server.transport().loseConnection();
        p.pump().flush();
        assertThat(new String(client.bytes(), US_ASCII)).isEqualTo("got 7");
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void onTls12LoseWriteConnectionClosesTheWholeConnection() {
        Peer.HalfCloseable client = new Peer.HalfCloseable();
        Peer.HalfCloseable server = new Peer.HalfCloseable();
        var p = Tls.pair(Tls.client().withProtocols("TLSv1.2"), client, Tls.server(), server);
        ((ISSLTransport) client.transport()).loseWriteConnection();
        p.pump().flush();
        assertThat(server.events).doesNotContain("readConnectionLost").contains("lost ConnectionDone");
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void aNonHalfCloseableProtocolAnswersAPeersCloseNotifyAtOnce() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        p.clientTls().loseWriteConnection();
        p.pump().flush();
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void writesAfterTheConnectionIsLostAreIgnored() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.transport().loseConnection();
        p.pump().flush();
        client.transport().write("late".getBytes(US_ASCII));
        client.transport().loseConnection();
        client.transport().abortConnection();
        assertThat(p.pump().flush()).isFalse();
    }

    @Test
    void dataWrittenInsideDataReceivedIsSentInOrder() {
        Peer client = new Peer();
        Peer server = new Peer();
        server.onData = s -> s.transport().write(s.received.toByteArray());
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.transport().write("echo".getBytes(US_ASCII));
        p.pump().flush();
        assertThat(new String(client.bytes(), US_ASCII)).isEqualTo("echo");
    }
}
