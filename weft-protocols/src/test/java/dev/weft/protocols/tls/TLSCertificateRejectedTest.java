package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server whose certificate the client refuses hears only the JDK's generic alert, whatever the
 * client's reason: it must not blame an untrusted CA when the client refused a name or a pin.
 */
class TLSCertificateRejectedTest {
    private static final String NEUTRAL = "the peer reports that it rejected this end's certificate";

    private static TLSError refusedBy(TLSClientOptions client, TLSServerOptions server, TLSErrorKind clientKind) {
        var p = Tls.pair(client, new Peer(), server, new Peer());
        p.pump().flush();
        TLSError c = (TLSError) p.client().reason.value();
        assertThat(c.kind()).as(c.getMessage()).isEqualTo(clientKind);
        assertThat(c.fromPeer()).isFalse();
        assertThat(p.server().reason).as("the server was told").isNotNull();
        return (TLSError) p.server().reason.value();
    }

    private static void assertNeutral(TLSError s) {
        assertThat(s.kind()).as(s.getMessage()).isEqualTo(TLSErrorKind.CERTIFICATE_REJECTED);
        assertThat(s.fromPeer()).isTrue();
        assertThat(s.getMessage())
                .contains(NEUTRAL)
                .contains("an untrusted CA")
                .contains("an unexpected name")
                .contains("a pin")
                .doesNotContain("(unknown CA)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aHostNameMismatchIsNotBlamedOnTheCa(String version) {
        TLSError s = refusedBy(
                TLSClientOptions.forHost("other.test")
                        .withTrustRoots(TrustRoots.of(Tls.CA.caCertificate()))
                        .withProtocols(version),
                Tls.server(),
                TLSErrorKind.HOSTNAME_MISMATCH);
        assertNeutral(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aPinMismatchIsNotBlamedOnTheCa(String version) {
        TLSError s = refusedBy(
                TLSClientOptions.forHost("example.test")
                        .withTrustRoots(TrustRoots.pinned("AB".repeat(32)))
                        .withoutHostnameVerification()
                        .withProtocols(version),
                Tls.server(),
                TLSErrorKind.PIN_MISMATCH);
        assertNeutral(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void anUntrustedCaIsAmongTheReasonsTheServerIsGiven(String version) {
        TLSError s = refusedBy(
                Tls.client().withProtocols(version),
                TLSServerOptions.of(Tls.identity(Tls.UNTRUSTED)),
                TLSErrorKind.UNTRUSTED_CERTIFICATE);
        assertNeutral(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientWhoseCertificateIsRefusedIsToldNeutrallyToo(String version) {
        var p = Tls.pair(
                Tls.client().withProtocols(version).withClientCertificate(Tls.identity(Tls.CLIENT)),
                new Peer(),
                Tls.server().withClientCertificates(ClientAuth.REQUIRE, TrustRoots.of(Tls.OTHER_CA.caCertificate())),
                new Peer());
        p.pump().flush();
        TLSError s = (TLSError) p.server().reason.value();
        assertThat(s.kind()).as(s.getMessage()).isEqualTo(TLSErrorKind.UNTRUSTED_CERTIFICATE);
        assertThat(s.fromPeer()).isFalse();
        assertNeutral((TLSError) p.client().reason.value());
    }

    /**
     * What OpenSSL's TLS 1.3 client sends when it does not trust the server's CA ({@code openssl s_client
     * -verify_return_error}, see {@link OpensslRejectsWeftTest}): an unencrypted fatal unknown_ca.
     */
    @Test
    void theUnknownCaAlertStillNamesTheCa() {
        Peer server = new Peer();
        StringTransport serverIO = new StringTransport();
        TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);
        StringTransport clientIO = new StringTransport();
        new TLSMemoryBIOProtocol(Tls.client().withProtocols("TLSv1.3"), new Peer()).makeConnection(clientIO);
        serverTls.makeConnection(serverIO);
        serverTls.dataReceived(clientIO.value()); // the server answers with its whole flight

        serverTls.dataReceived(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x30});
        assertThat(serverIO.isDisconnecting()).isTrue();
        serverTls.connectionLost(new Failure(new ConnectionDone()));
        TLSError e = (TLSError) server.reason.value();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(TLSErrorKind.UNTRUSTED_CERTIFICATE);
        assertThat(e.fromPeer()).isTrue();
        assertThat(e.getMessage())
                .contains("(unknown CA)")
                .contains("make the peer trust the CA")
                .contains("unknown_ca");
    }
}
