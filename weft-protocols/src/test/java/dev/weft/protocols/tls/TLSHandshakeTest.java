package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionDone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TLSHandshakeTest {
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void bothSidesCompleteTheHandshakeOnceAndSeeTheNegotiatedSession(String version) {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), server);

        assertThat(client.handshakes).isEqualTo(1);
        assertThat(server.handshakes).isEqualTo(1);
        assertThat(client.versionAtHandshake).isEqualTo(version);
        assertThat(server.versionAtHandshake).isEqualTo(version);
        assertThat(client.peerCertAtHandshake).isEqualTo(Tls.SERVER.certificate());
        assertThat(server.peerCertAtHandshake).isNull(); // no client certificate asked for
        assertThat(client.tls().getPeerCertificates()).containsExactlyElementsOf(Tls.SERVER.chain());
        assertThat(client.tls().cipherSuite())
                .isEqualTo(server.tls().cipherSuite())
                .isNotBlank();
        assertThat(p.clientTls().isHandshakeDone()).isTrue();
        assertThat(client.events).containsExactly("made handshakeDone=false", "handshake");
    }

    @Test
    void connectionMadeRunsBeforeAnyTlsByteAndSessionFactsAreEmptyUntilTheHandshake() {
        Peer client = new Peer();
        List<Object> seen = new ArrayList<>();
        client.onConnect = c -> {
            seen.add(c.tls().tlsVersion());
            seen.add(c.tls().getPeerCertificates());
            seen.add(c.tls().negotiatedProtocol());
        };
        var p = Tls.pair(Tls.client(), client, Tls.server(), new Peer(), false);
        assertThat(client.events).containsExactly("made handshakeDone=false");
        assertThat(seen).containsExactly(null, List.of(), null);
        assertThat(p.pump().clientIO().pendingBytes()).isNotEmpty(); // the ClientHello waits for a pump
    }

    @Test
    void writesMadeBeforeTheHandshakeArriveAfterItInOrder() {
        Peer client = new Peer();
        client.onConnect = c -> {
            c.transport().write("one ".getBytes(US_ASCII));
            c.transport().writeSequence(List.of("two ".getBytes(US_ASCII), "three".getBytes(US_ASCII)));
        };
        Peer server = new Peer();
        Tls.pair(Tls.client(), client, Tls.server(), server);
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("one two three");
        assertThat(server.events).containsExactly("made handshakeDone=false", "handshake", "data");
    }

    @Test
    void whenHandshakeDoneFiresWithTheTransportAndAtOnceAfterwards() {
        Peer client = new Peer();
        List<Object> fired = new ArrayList<>();
        client.onConnect = c -> c.tls().whenHandshakeDone().addCallback(t -> fired.add(t.tlsVersion()));
        var p = Tls.pair(Tls.client(), client, Tls.server(), new Peer());
        assertThat(fired).containsExactly("TLSv1.3");
        p.clientTls().whenHandshakeDone().addCallback(t -> fired.add(t));
        assertThat(fired).containsExactly("TLSv1.3", p.clientTls());
    }

    @Test
    void alpnPicksTheServersPreferenceAndIsVisibleInsideHandshakeCompleted() {
        Peer client = new Peer();
        Peer server = new Peer();
        Tls.pair(
                Tls.client().withApplicationProtocols("http/1.1", "h2"),
                client,
                Tls.server().withApplicationProtocols("h2", "http/1.1"),
                server);
        assertThat(client.alpnAtHandshake).isEqualTo("h2");
        assertThat(server.alpnAtHandshake).isEqualTo("h2");
    }

    @Test
    void withoutAlpnTheNegotiatedProtocolIsNull() {
        Peer client = new Peer();
        Tls.pair(Tls.client().withApplicationProtocols("h2"), client, Tls.server(), new Peer());
        assertThat(client.handshakes).isEqualTo(1);
        assertThat(client.alpnAtHandshake).isNull();
    }

    /** As in Twisted: a server's ALPN list does not refuse a client that offers none. */
    @Test
    void aServerOfferingAlpnAcceptsAClientThatOffersNone() {
        Peer client = new Peer();
        Peer server = new Peer();
        Tls.pair(Tls.client(), client, Tls.server().withApplicationProtocols("h2"), server);
        assertThat(server.handshakes).isEqualTo(1);
        assertThat(client.handshakes).isEqualTo(1);
        assertThat(server.alpnAtHandshake).isNull();
        assertThat(client.alpnAtHandshake).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aRequiredClientCertificateIsCheckedAndVisibleToTheServer(String version) {
        Peer client = new Peer();
        Peer server = new Peer();
        Tls.pair(
                Tls.client().withProtocols(version).withClientCertificate(Tls.identity(Tls.CLIENT)),
                client,
                Tls.server().withClientCertificates(ClientAuth.REQUIRE, TrustRoots.of(Tls.CA.caCertificate())),
                server);
        assertThat(server.handshakes).isEqualTo(1);
        assertThat(server.tls().getPeerCertificate()).isEqualTo(Tls.CLIENT.certificate());
    }

    @Test
    void anIpLiteralHostIsVerifiedAgainstIpSubjectAlternativeNames() {
        Peer client = new Peer();
        Tls.pair(
                TLSClientOptions.forHost("10.0.0.1").withTrustRoots(TrustRoots.of(Tls.CA.caCertificate())),
                client,
                Tls.server(),
                new Peer());
        assertThat(client.handshakes).isEqualTo(1);
    }

    @Test
    void aCleanCloseAfterTheHandshakeGivesConnectionDoneOnBothSides() {
        Peer client = new Peer();
        Peer server = new Peer();
        client.onHandshake = c -> c.transport().loseConnection();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        p.pump().flush();
        assertThat(client.reason.check(ConnectionDone.class)).isNotNull();
        assertThat(server.reason.check(ConnectionDone.class)).isNotNull();
    }
}
