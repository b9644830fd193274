package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.IOPump;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TLSFailureTest {
    private static TLSError tlsError(Peer p) {
        assertThat(p.reason).as("connectionLost was called").isNotNull();
        assertThat(p.reason.value()).isInstanceOf(TLSError.class);
        return (TLSError) p.reason.value();
    }

    private static TLSError assertKind(Peer p, TLSErrorKind kind) {
        TLSError e = tlsError(p);
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        return e;
    }

    private static Tls.Pair<Peer, Peer> run(TLSClientOptions client, TLSServerOptions server) {
        var p = Tls.pair(client, new Peer(), server, new Peer());
        p.pump().flush();
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void anUntrustedServerIsRefusedAndBothSidesAreTold(String version) {
        var p = run(Tls.client().withProtocols(version), TLSServerOptions.of(Tls.identity(Tls.UNTRUSTED)));
        TLSError c = tlsError(p.client());
        assertThat(c.kind()).isEqualTo(TLSErrorKind.UNTRUSTED_CERTIFICATE);
        assertThat(c.fromPeer()).isFalse();
        assertThat(c.getMessage())
                .startsWith("TLS failed: the peer's certificate is not signed by a trusted")
                .contains("trustRoots=");
        TLSError s = tlsError(p.server());
        // The JDK client's alert does not say which check failed: the server is told neutrally.
        assertThat(s.kind()).isEqualTo(TLSErrorKind.CERTIFICATE_REJECTED);
        assertThat(s.fromPeer()).isTrue();
        assertThat(p.client().handshakes).isZero();
        assertThat(p.server().handshakes).isZero();
    }

    @Test
    void aWrongHostNameIsRefusedInsideTheHandshake() {
        var p = run(
                TLSClientOptions.forHost("other.test").withTrustRoots(TrustRoots.of(Tls.CA.caCertificate())),
                Tls.server());
        TLSError c = tlsError(p.client());
        assertThat(c.kind()).isEqualTo(TLSErrorKind.HOSTNAME_MISMATCH);
        assertThat(c.getMessage()).contains("does not match the host name").contains("other.test");
        assertThat(tlsError(p.server()).fromPeer()).isTrue();
        assertThat(p.client().handshakes)
                .as("refused inside the handshake: never completed")
                .isZero();
    }

    @Test
    void withoutHostnameVerificationAWrongNameIsAccepted() {
        var p = run(
                TLSClientOptions.forHost("other.test")
                        .withTrustRoots(TrustRoots.of(Tls.CA.caCertificate()))
                        .withoutHostnameVerification(),
                Tls.server());
        assertThat(p.client().handshakes).isEqualTo(1);
        assertThat(p.client().reason).isNull();
    }

    @Test
    void anExpiredServerCertificateIsRefused() {
        var p = run(Tls.client(), TLSServerOptions.of(Tls.identity(Tls.EXPIRED)));
        assertKind(p.client(), TLSErrorKind.EXPIRED_CERTIFICATE);
        TLSError s = tlsError(p.server());
        assertThat(s.fromPeer()).isTrue();
        // The JDK client sends certificate_unknown for an expired chain: the server can only say "rejected".
        assertThat(s.kind()).isIn(TLSErrorKind.EXPIRED_CERTIFICATE, TLSErrorKind.CERTIFICATE_REJECTED);
        assertThat(tlsError(p.client()).getMessage()).contains("expired on");
    }

    @Test
    void noCommonVersionIsNamed() {
        var p = run(Tls.client().withProtocols("TLSv1.3"), Tls.server().withProtocols("TLSv1.2"));
        assertKind(p.server(), TLSErrorKind.PROTOCOL_VERSION);
        assertKind(p.client(), TLSErrorKind.PROTOCOL_VERSION);
    }

    @Test
    void noCommonCipherSuiteIsNamed() {
        var p = run(
                Tls.client().withProtocols("TLSv1.2").withCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                Tls.server().withProtocols("TLSv1.2").withCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
        assertKind(p.server(), TLSErrorKind.NO_SHARED_CIPHER);
        assertKind(p.client(), TLSErrorKind.NO_SHARED_CIPHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aMissingRequiredClientCertificateIsNamed(String version) {
        var p = run(
                Tls.client().withProtocols(version),
                Tls.server().withClientCertificates(ClientAuth.REQUIRE, TrustRoots.of(Tls.CA.caCertificate())));
        assertKind(p.server(), TLSErrorKind.CERTIFICATE_REQUIRED);
        assertKind(p.client(), TLSErrorKind.CERTIFICATE_REQUIRED);
    }

    @Test
    void disjointAlpnListsAreRefused() {
        var p = run(
                Tls.client().withApplicationProtocols("spdy/1"), Tls.server().withApplicationProtocols("h2"));
        assertKind(p.server(), TLSErrorKind.NO_APPLICATION_PROTOCOL);
        assertKind(p.client(), TLSErrorKind.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void aWriteToAFailedConnectionIsDroppedAndHandshakeWaitersFail() {
        Peer client = new Peer();
        List<Failure> failures = new ArrayList<>();
        client.onConnect = c -> c.tls().whenHandshakeDone().addErrback(f -> failures.add(f));
        var p = Tls.pair(client(), client, TLSServerOptions.of(Tls.identity(Tls.UNTRUSTED)), new Peer());
        p.pump().flush();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).value()).isSameAs(client.reason.value());
        p.clientTls().whenHandshakeDone().addErrback(f -> failures.add(f));
        assertThat(failures).hasSize(2);
    }

    private static TLSClientOptions client() {
        return Tls.client();
    }

    /** A plain protocol that sends fixed bytes to a TLS server and records what it hears. */
    static class Raw extends Protocol {
        final byte[] send;
        final List<String> events = new ArrayList<>();
        int received;

        Raw(byte[] send) {
            this.send = send;
        }

        @Override
        public void connectionMade() {
            transport().write(send);
        }

        @Override
        public void dataReceived(byte[] data) {
            received += data.length;
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("lost " + reason.type().getSimpleName());
        }
    }

    private static Peer serverFacing(byte[] input) {
        Peer server = new Peer();
        Raw raw = new Raw(input);
        IOPump.connectedServerAndClient(() -> new TLSMemoryBIOProtocol(Tls.server(), server), () -> raw)
                .pump()
                .flush();
        assertThat(raw.events).hasSize(1); // the raw peer's connection ends too
        return server;
    }

    @Test
    void plaintextHttpSentToATlsServerIsNamed() {
        Peer server = serverFacing("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        TLSError e = tlsError(server);
        assertThat(e.kind()).isEqualTo(TLSErrorKind.NOT_TLS);
        assertThat(e.getMessage()).contains("did not send TLS");
    }

    @Test
    void garbageInsteadOfAClientHelloIsNamed() {
        byte[] garbage = new byte[300];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = 0x55; // not a TLS content type
        assertThat(tlsError(serverFacing(garbage)).kind()).isEqualTo(TLSErrorKind.NOT_TLS);
    }

    @Test
    void plaintextTooShortForTheEngineThenACloseIsNamedAsNotTlsToo() {
        for (String plaintext : new String[] {"G", "GET", "GET "}) {
            Peer server = new Peer();
            Raw raw = new Raw(plaintext.getBytes(US_ASCII)) {
                @Override
                public void connectionMade() {
                    transport().write(send);
                    transport().loseConnection();
                }
            };
            IOPump.connectedServerAndClient(() -> new TLSMemoryBIOProtocol(Tls.server(), server), () -> raw)
                    .pump()
                    .flush();
            TLSError e = tlsError(server);
            assertThat(e.kind()).as(plaintext).isEqualTo(TLSErrorKind.NOT_TLS);
            assertThat(e.getMessage())
                    .as(plaintext)
                    .contains("did not send TLS")
                    .contains("[the peer sent " + plaintext.length() + (plaintext.length() == 1 ? " byte" : " bytes")
                            + " that cannot begin a TLS record, then closed the connection]");
        }
    }

    /** Nothing was reset and no handshake began: the client left (a port probe, say) without a byte. */
    @Test
    void aClientThatClosesWithoutSendingAnythingIsNotTlsAndSaysSo() {
        Peer server = new Peer();
        Raw probe = new Raw(new byte[0]) {
            @Override
            public void connectionMade() {
                transport().loseConnection();
            }
        };
        IOPump.connectedServerAndClient(() -> new TLSMemoryBIOProtocol(Tls.server(), server), () -> probe)
                .pump()
                .flush();
        TLSError e = assertKind(server, TLSErrorKind.NOT_TLS);
        assertThat(e.fromPeer()).isFalse();
        assertThat(e.getMessage())
                .isEqualTo("TLS failed: the peer did not send TLS (plaintext, garbage or nothing where a TLS record"
                        + " was expected); speak TLS to a TLS port: [the client closed the connection before starting"
                        + " a TLS handshake: it sent nothing].");
        assertThat(probe.events).containsExactly("lost ConnectionDone");
    }

    /** The mirror case: a server that accepts and closes sends no TLS, so the client says so, not "reset". */
    @Test
    void aServerThatClosesWithoutAnsweringTheClientHelloIsNotTlsAndSaysSo() {
        Peer client = new Peer();
        Raw closing = new Raw(new byte[0]) {
            @Override
            public void connectionMade() {
                transport().loseConnection();
            }
        };
        IOPump.connectedServerAndClient(() -> closing, () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump()
                .flush();
        TLSError e = assertKind(client, TLSErrorKind.NOT_TLS);
        assertThat(e.getMessage())
                .endsWith("[the server closed the connection without answering the TLS ClientHello: it sent"
                        + " nothing].");
        assertThat(closing.received).as("the ClientHello reached it").isPositive();
    }

    @Test
    void aTruncatedClientHelloThenACloseIsAConnectionLost() {
        byte[] partialHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        Peer server = new Peer();
        Raw raw = new Raw(partialHello) {
            @Override
            public void connectionMade() {
                transport().write(send);
                transport().loseConnection();
            }
        };
        IOPump.connectedServerAndClient(() -> new TLSMemoryBIOProtocol(Tls.server(), server), () -> raw)
                .pump()
                .flush();
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(server.reason.getErrorMessage()).contains("during the TLS handshake");
    }

    @Test
    void aTlsClientFacingAPlaintextServerIsToldItIsNotTls() {
        Peer client = new Peer();
        Raw plain = new Raw("220 smtp.example ESMTP ready\r\n".getBytes(US_ASCII));
        IOPump.connectedServerAndClient(() -> plain, () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump()
                .flush();
        assertKind(client, TLSErrorKind.NOT_TLS);
    }

    @Test
    void aCorruptRecordAfterTheHandshakeIsABadRecord() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.transport().write("some application data".getBytes(US_ASCII));
        byte[] record = p.pump().clientIO().pendingBytes(); // a copy of the queued record
        record[record.length - 3] ^= 0x01;
        // Deliver the changed copy straight to the server's TLS layer; the intact one is never pumped.
        p.serverTls().dataReceived(record);
        p.pump().flush();
        assertKind(server, TLSErrorKind.BAD_RECORD);
    }

    @Test
    void aTls12RenegotiationIsRefused() throws Exception {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client().withProtocols("TLSv1.2"), client, Tls.server(), server);
        p.clientTls().getHandle().beginHandshake(); // what a peer that renegotiates does
        client.transport().write("x".getBytes(US_ASCII));
        p.pump().flush();
        assertKind(server, TLSErrorKind.RENEGOTIATION_REFUSED);
        assertThat(server.handshakes).isEqualTo(1);
    }

    /** Twisted's client (OpenSSL) goes through a renegotiation the server starts; weft's refuses it (DEVIATIONS.md). */
    @Test
    void aTls12RenegotiationTheServerStartsIsRefusedByTheClient() throws Exception {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client().withProtocols("TLSv1.2"), client, Tls.server(), server);
        p.serverTls().getHandle().beginHandshake(); // a HelloRequest, as openssl s_server's "r"
        server.transport().write("x".getBytes(US_ASCII));
        p.pump().flush();
        assertKind(client, TLSErrorKind.RENEGOTIATION_REFUSED);
        assertThat(client.handshakes).isEqualTo(1);
    }

    @Test
    void aPeerThatStopsMidHandshakeIsClosedByTheTimeoutOnlyIfOneIsSet() {
        dev.weft.internet.task.Clock clock = new dev.weft.internet.task.Clock();
        Peer server = new Peer();
        Raw silent = new Raw(new byte[] {0x16, 0x03, 0x01}); // three bytes of a record header, then nothing
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server)
                                .withHandshakeTimeout(clock, java.time.Duration.ofSeconds(10)),
                        () -> silent)
                .pump();
        clock.advance(9);
        pump.flush();
        assertThat(server.isLost()).isFalse();
        clock.advance(1);
        pump.flush();
        TLSError e = assertKind(server, TLSErrorKind.HANDSHAKE_TIMEOUT);
        assertThat(e.getMessage()).contains("10000 ms");
        assertThat(silent.events).containsExactly("lost ConnectionLost");
    }

    @Test
    void theHandshakeTimerIsCancelledOnceTheHandshakeCompletes() {
        dev.weft.internet.task.Clock clock = new dev.weft.internet.task.Clock();
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server)
                                .withHandshakeTimeout(clock, java.time.Duration.ofSeconds(10)),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump()
                .flush();
        assertThat(server.handshakes).isEqualTo(1);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }
}
