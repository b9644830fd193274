package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SelfSigned} and its {@link Der} writer: a certificate the JDK parses, verifies and describes as written. */
class SelfSignedTest {
    @Test
    void addressesAreNamedInTheirShortFormOnce() {
        SelfSigned s = SelfSigned.make(List.of("[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:0", "fe80:0:0:0:0:0:0:0001"));

        assertThat(s.names()).containsExactly("localhost", "127.0.0.1", "::1", "fe80::1");
    }

    @Test
    void theCertificateNamesLoopbackAndTheListenInterfaceAndIsSignedByItsKey() throws Exception {
        SelfSigned s = SelfSigned.make(List.of("10.1.2.3", "0.0.0.0", "[fe80::1]", ""));
        X509Certificate c = s.certificate();
        c.verify(c.getPublicKey());
        c.checkValidity(new Date());
        assertThat(c.getVersion()).isEqualTo(3);
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
        assertThat(c.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(c.getCriticalExtensionOIDs()).containsExactly("2.5.29.19");
        List<Object> names = new ArrayList<>();
        c.getSubjectAlternativeNames().forEach(n -> names.add(n.get(0) + "=" + n.get(1)));
        assertThat(names)
                .containsExactly(
                        "2=localhost", "7=127.0.0.1", "7=0:0:0:0:0:0:0:1", "7=10.1.2.3", "7=fe80:0:0:0:0:0:0:1");
        assertThat(s.names()).containsExactly("localhost", "127.0.0.1", "::1", "10.1.2.3", "fe80::1");
        assertThat(c.getSerialNumber()).isPositive();
        assertThat(s.identity().key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void theFingerprintIsTheSha256OfTheDerEncodingAsOpensslPrintsIt() throws Exception {
        SelfSigned s = SelfSigned.make(List.of());
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(s.certificate().getEncoded());
        assertThat(s.fingerprint())
                .isEqualTo(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        assertThat(s.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(SelfSigned.make(List.of()).fingerprint())
                .as("a new key each time")
                .isNotEqualTo(s.fingerprint());
    }

    @Test
    void derLengthsAndValuesFollowX690() {
        assertThat(Der.tlv(0x04, new byte[5])).startsWith(0x04, 5);
        assertThat(Der.tlv(0x04, new byte[127])).startsWith(0x04, 127);
        assertThat(Der.tlv(0x04, new byte[128])).startsWith(0x04, 0x81, 0x80);
        assertThat(Der.tlv(0x04, new byte[300]))
                .startsWith(0x04, 0x82, 0x01, 0x2C)
                .hasSize(304);
        assertThat(Der.tlv(0x04, new byte[70_000])).startsWith(0x04, 0x83, 0x01, 0x11, 0x70);
        assertThat(Der.oid("1.2.840.10045.4.3.2"))
                .containsExactly(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02);
        assertThat(Der.integer(BigInteger.valueOf(128))).containsExactly(0x02, 0x02, 0x00, 0x80);
        assertThat(Der.bool(true)).containsExactly(0x01, 0x01, 0xFF);
        assertThat(Der.bitString(new byte[] {7})).containsExactly(0x03, 0x02, 0x00, 0x07);
    }
}
