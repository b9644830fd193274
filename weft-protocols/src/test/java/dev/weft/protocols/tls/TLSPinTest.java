package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TrustRoots#pinned}: trusts the one certificate with that SHA-256, whatever its CA and names. */
class TLSPinTest {
    /** The fingerprint computed here, independently of {@link TrustRoots#sha256Fingerprint}. */
    private static String sha256Colons(java.security.cert.X509Certificate c) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    }

    private static Tls.Pair<Peer, Peer> run(TLSClientOptions client, TLSServerOptions server) {
        var p = Tls.pair(client, new Peer(), server, new Peer());
        p.pump().flush();
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void thePinnedCertificateIsTrustedThoughItsCaIsNotAndItsNameDiffers(String version) throws Exception {
        String pin = sha256Colons(Tls.UNTRUSTED.chain().get(0));
        assertThat(TrustRoots.sha256Fingerprint(Tls.UNTRUSTED.chain().get(0))).isEqualTo(pin);
        var p = run(
                TLSClientOptions.forHost("not-the-name.test")
                        .withTrustRoots(TrustRoots.pinned("sha256:" + pin.toLowerCase(java.util.Locale.ROOT)))
                        .withoutHostnameVerification()
                        .withProtocols(version),
                TLSServerOptions.of(Tls.identity(Tls.UNTRUSTED)));
        assertThat(p.client().reason).isNull();
        assertThat(p.client().handshakes).isEqualTo(1);
        assertThat(p.clientTls().tlsVersion()).isEqualTo(version);
    }

    @Test
    void anotherCertificateIsRefusedNamingBothFingerprints() throws Exception {
        String served = TrustRoots.sha256Fingerprint(Tls.SERVER.chain().get(0));
        String pin = "AB".repeat(32);
        var p = run(
                TLSClientOptions.forHost("example.test")
                        .withTrustRoots(TrustRoots.pinned(pin))
                        .withoutHostnameVerification(),
                Tls.server());
        assertThat(p.client().reason).isNotNull();
        TLSError e = (TLSError) p.client().reason.value();
        assertThat(e.kind()).isEqualTo(TLSErrorKind.PIN_MISMATCH);
        assertThat(e.fromPeer()).isFalse();
        assertThat(e.getMessage())
                .contains("sha256 Fingerprint=" + served)
                .contains("does not match the pinned sha256:AB:AB:");
        assertThat(((TLSError) p.server().reason.value()).fromPeer()).isTrue();
    }

    @Test
    void anExpiredPinnedCertificateIsRefusedAsExpired() {
        String pin = TrustRoots.sha256Fingerprint(Tls.EXPIRED.chain().get(0));
        var p = run(
                TLSClientOptions.forHost("example.test")
                        .withTrustRoots(TrustRoots.pinned(pin))
                        .withoutHostnameVerification(),
                TLSServerOptions.of(Tls.identity(Tls.EXPIRED)));
        assertThat(((TLSError) p.client().reason.value()).kind()).isEqualTo(TLSErrorKind.EXPIRED_CERTIFICATE);
    }

    @Test
    void pinsAreWrittenAsOpensslPrintsThemOrAsBareHex() {
        String colons = "0F:" + "A1:".repeat(30) + "FF";
        assertThat(TrustRoots.pinned("sha256:" + colons).toString()).contains("sha256:" + colons);
        assertThat(TrustRoots.pinned(colons.replace(":", "").toLowerCase(java.util.Locale.ROOT))
                        .toString())
                .contains("sha256:" + colons);
        assertThatThrownBy(() -> TrustRoots.pinned("sha256:AB:CD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl x509 -noout -fingerprint -sha256");
        assertThatThrownBy(() -> TrustRoots.pinned("sha1:" + "AB".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
