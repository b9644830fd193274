package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reply written in {@code dataReceived} is encrypted and sent before the next record is unwrapped, so
 * it is not lost when the peer's {@code close_notify} arrives in the same read as the request (as in
 * Twisted, whose {@code write} encrypts and flushes at once).
 */
class TLSReplyBeforeCloseNotifyTest {
    private static final String REQUEST = "ECHO hello";
    private static final String REPLY = "echo:" + REQUEST;

    /** A client that sends its request and closes in the same turn; a server that echoes each read. */
    private static Peer[] echoPair(boolean requestAtHandshake) {
        Peer client = new Peer();
        Peer server = new Peer();
        if (requestAtHandshake) {
            client.onHandshake = c -> {
                c.transport().write(REQUEST.getBytes(US_ASCII));
                c.transport().loseConnection();
            };
        }
        server.onData = s -> {
            byte[] all = s.bytes();
            s.received.reset();
            s.transport().write(("echo:" + new String(all, US_ASCII)).getBytes(US_ASCII));
        };
        return new Peer[] {client, server};
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theEchoOfARequestThatCameWithTheClosesCloseNotifyReachesTheClient(String version) {
        Peer[] peers = echoPair(true);
        var p = Tls.pair(Tls.client().withProtocols(version), peers[0], Tls.server(), peers[1]);
        p.pump().flush();
        assertThat(new String(peers[0].bytes(), US_ASCII)).isEqualTo(REPLY);
        assertThat(peers[0].reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(peers[1].reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    /**
     * The client's last flight (the request's record and its close_notify) reaches the server whole, cut at
     * every offset and one byte at a time: each time the server's answer holds the echo, then its close_notify.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theEchoIsSentWhateverTheSplitOfTheRequestAndTheCloseNotify(String version) {
        int length = new Hand(version).lastFlight().length;
        List<Split> splits = new ArrayList<>(List.of(Split.whole(), Split.oneByteAtATime()));
        for (int at = 1; at < length; at++) {
            splits.add(Split.at(at));
        }
        for (Split split : splits) {
            Hand h = new Hand(version);
            byte[] flight = h.lastFlight();
            split.deliver(flight, h.serverTls);
            assertThat(h.serverIO.isDisconnecting())
                    .as(split + ": the server answered the close_notify")
                    .isTrue();
            h.clientTls.dataReceived(h.take(h.serverIO));
            assertThat(new String(h.peers[0].bytes(), US_ASCII))
                    .as(split.toString())
                    .isEqualTo(REPLY);
            assertThat(h.clientIO.isDisconnecting())
                    .as(split + ": the client had the server's close_notify after the echo")
                    .isTrue();
        }
    }

    /** Two TLS ends over string transports, the handshake pumped by hand, as Twisted's tests do. */
    private static final class Hand {
        final Peer[] peers = echoPair(true);
        final StringTransport clientIO = new StringTransport();
        final StringTransport serverIO = new StringTransport();
        final TLSMemoryBIOProtocol clientTls;
        final TLSMemoryBIOProtocol serverTls;

        Hand(String version) {
            clientTls = new TLSMemoryBIOProtocol(Tls.client().withProtocols(version), peers[0]);
            serverTls = new TLSMemoryBIOProtocol(Tls.server(), peers[1]);
            serverTls.makeConnection(serverIO);
            clientTls.makeConnection(clientIO);
        }

        /** Pumps the handshake to its end; returns what the client sends for its request and close. */
        byte[] lastFlight() {
            for (int i = 0; i < 10; i++) {
                byte[] toServer = take(clientIO);
                byte[] toClient = take(serverIO);
                if (toServer.length == 0 && toClient.length == 0) {
                    break;
                }
                serverTls.dataReceived(toServer);
                clientTls.dataReceived(toClient);
            }
            assertThat(peers[0].handshakes).isOne();
            assertThat(peers[1].handshakes).isOne();
            peers[0].transport().write(REQUEST.getBytes(US_ASCII));
            peers[0].transport().loseConnection();
            return take(clientIO);
        }

        byte[] take(StringTransport t) {
            byte[] b = t.value();
            t.clear();
            return b;
        }
    }
}
