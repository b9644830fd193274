package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TLSOptionsTest {
    @TempDir
    Path dir;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    /** The key as OpenSSL's traditional form: PKCS#1 for RSA, SEC 1 for EC. */
    private static String traditionalPem(TestCertificate c) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(c.key().getEncoded());
        if (c.key().getAlgorithm().equals("RSA")) {
            return pem(
                    "RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        }
        // OpenSSL's SEC 1 form names the curve inside the key ([0] parameters).
        ECPrivateKey bare = ECPrivateKey.getInstance(info.parsePrivateKey());
        ECPrivateKey named = new ECPrivateKey(
                256, bare.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        return pem("EC PRIVATE KEY", named.getEncoded());
    }

    private static java.math.BigInteger secret(java.security.PrivateKey k) {
        return k instanceof java.security.interfaces.ECPrivateKey ec
                ? ec.getS()
                : ((java.security.interfaces.RSAPrivateKey) k).getPrivateExponent();
    }

    @Test
    void keysAndChainsLoadFromPemFilesInPkcs8Form() {
        List<Path> files = Tls.SERVER.writePem(dir, "server");
        KeyAndChain k = KeyAndChain.fromPem(files.get(0), files.get(1));
        assertThat(k.chain()).containsExactlyElementsOf(Tls.SERVER.chain());
        assertThat(k.key().getEncoded()).isEqualTo(Tls.SERVER.key().getEncoded());
    }

    @Test
    void keysAndChainsLoadFromPemTextInEitherOrderAndTheTextMustHoldAMatchingPair() {
        KeyAndChain keyFirst = KeyAndChain.fromPemText(Tls.SERVER.keyPem() + Tls.SERVER.certificatePem());
        KeyAndChain certFirst = KeyAndChain.fromPemText(Tls.SERVER.certificatePem() + "\n" + Tls.SERVER.keyPem());
        for (KeyAndChain k : List.of(keyFirst, certFirst)) {
            assertThat(k.key().getEncoded()).isEqualTo(Tls.SERVER.key().getEncoded());
            assertThat(k.chain()).containsExactly(Tls.SERVER.certificate());
        }
        assertThatThrownBy(() -> KeyAndChain.fromPemText(Tls.SERVER.certificatePem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the PEM text holds no private key");
        assertThatThrownBy(() -> KeyAndChain.fromPemText(Tls.SERVER.keyPem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the chain is empty");
        TestCertificate other = TestCertificates.rsa().server("other.test");
        assertThatThrownBy(() -> KeyAndChain.fromPemText(other.keyPem() + Tls.SERVER.certificatePem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void traditionalRsaAndEcKeysLoadAndOneFileMayHoldBoth() throws Exception {
        TestCertificate rsa = TestCertificates.rsa().server("rsa.test");
        for (TestCertificate c : List.of(rsa, Tls.SERVER)) {
            Path both = Files.writeString(dir.resolve("both.pem"), c.certificatePem() + "\n" + traditionalPem(c));
            KeyAndChain k = KeyAndChain.fromPem(both, both); // also proves the key signs for the certificate
            assertThat(secret(k.key())).isEqualTo(secret(c.key()));
            assertThat(k.chain()).containsExactly(c.certificate());
        }
    }

    @Test
    void anExtraChainFileAddsIntermediatesAndMustHoldOne() throws Exception {
        Path key = Files.writeString(dir.resolve("k.pem"), Tls.SERVER.keyPem());
        Path cert = Files.writeString(dir.resolve("c.pem"), Tls.SERVER.certificatePem());
        Path chain = Files.writeString(dir.resolve("chain.pem"), Tls.CA.caPem());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThat(KeyAndChain.fromPem(key, cert, chain).chain()).containsExactlyElementsOf(Tls.SERVER.chain());
        assertThatThrownBy(() -> KeyAndChain.fromPem(key, cert, empty))
                .hasMessageContaining("doesn't contain any valid certificates");
    }

    @Test
    void badFilesAreNamedInTheError() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), Tls.SERVER.certificatePem());
        Path otherKey = Files.writeString(dir.resolve("other.pem"), Tls.CLIENT.keyPem());
        assertThatThrownBy(() -> KeyAndChain.fromPem(dir.resolve("missing.pem"), cert))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> KeyAndChain.fromPem(cert, cert))
                .hasMessageContaining("c.pem holds no PEM private key");
        assertThatThrownBy(() -> KeyAndChain.fromPem(otherKey, cert))
                .hasMessageContaining("does not belong to the certificate");
        Path encrypted = Files.writeString(
                dir.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyAndChain.fromPem(encrypted, cert)).hasMessageContaining("encrypted");
    }

    @Test
    void aPkcs12FileAndAKeyStoreGiveTheSameIdentity() throws Exception {
        char[] password = "secret".toCharArray();
        Path p12 = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            Tls.SERVER.pkcs12(password).store(out, password);
        }
        KeyAndChain k = KeyAndChain.fromPkcs12(p12, password);
        assertThat(k.chain()).containsExactlyElementsOf(Tls.SERVER.chain());
        assertThat(KeyAndChain.fromKeyStore(Tls.SERVER.pkcs12(password), "key", password)
                        .key()
                        .getEncoded())
                .isEqualTo(Tls.SERVER.key().getEncoded());
        assertThatThrownBy(() -> KeyAndChain.fromPkcs12(p12, "wrong".toCharArray()))
                .hasMessageContaining("password is wrong");
    }

    @Test
    void aTrustDirectoryReadsOnlyPemFilesAndSkipsJunk() throws Exception {
        Files.writeString(dir.resolve("ca.PEM"), Tls.CA.caPem());
        Files.writeString(dir.resolve("ca-copy.pem"), Tls.CA.caPem());
        Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        Files.writeString(dir.resolve("other.crt"), Tls.OTHER_CA.caPem());
        TrustRoots roots = TrustRoots.fromPem(dir);
        assertThat(roots.toString()).contains("(1 certificates)");
        Peer client = new Peer();
        Tls.pair(TLSClientOptions.forHost("example.test").withTrustRoots(roots), client, Tls.server(), new Peer());
        assertThat(client.handshakes).isEqualTo(1);
        assertThatThrownBy(() -> TrustRoots.fromPem(dir.resolve("nope"))).hasMessageContaining("nope");
    }

    @Test
    void unknownVersionsAndEmptyAlpnNamesAreRefused() {
        assertThatThrownBy(() -> Tls.server().withProtocols("TLSv1.1")).hasMessageContaining("'TLSv1.1'");
        assertThatThrownBy(() -> Tls.client().withApplicationProtocols("")).hasMessageContaining("ALPN");
        assertThatThrownBy(() -> TLSClientOptions.forHost("")).hasMessageContaining("empty");
    }

    @Test
    void theClientSendsTheIdnaFormOfTheNameAsSniAndNoneForAnIpLiteral() {
        var engine = TLSClientOptions.forHost("bücher.example")
                .createEngine(dev.weft.internet.IPv4Address.tcp("127.0.0.1", 443));
        assertThat(engine.getSSLParameters().getServerNames().toString()).contains("xn--bcher-kva.example");
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm())
                .isEqualTo("HTTPS");
        var ip =
                TLSClientOptions.forHost("127.0.0.1").createEngine(dev.weft.internet.IPv4Address.tcp("127.0.0.1", 443));
        assertThat(ip.getSSLParameters().getServerNames()).isEmpty();
    }
}
