package dev.weft.internet.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Makes throwaway certificates for TLS tests: a certificate authority and the server, client and expired certificates
 * it signs, each with a fresh ECDSA P-256 key (or RSA-2048 with {@link #rsa()}). Names are DNS names or IP literals
 * (into IP subject alternative names); the first is also the common name. Certificates are valid now for two days.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.create();
 * TestCertificate server = ca.server("localhost", "127.0.0.1");
 * }</pre>
 *
 * <p>Needs the optional {@code org.bouncycastle:bcpkix-jdk18on} on the test class path. Thread-safe.
 */
public final class TestCertificates {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);

    private final boolean rsa;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final X500Name caName;

    private TestCertificates(boolean rsa, String caName) {
        this.rsa = rsa;
        this.caKeys = newKeyPair(rsa);
        this.caName = new X500Name("CN=" + caName);
        this.caCertificate = issue(
                this.caName,
                caKeys.getPublic(),
                this.caName,
                caKeys.getPrivate(),
                true,
                List.of(),
                null,
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(2)));
    }

    /** {@return a new certificate authority with an ECDSA P-256 key, named "weft test CA"} */
    public static TestCertificates create() {
        return new TestCertificates(false, "weft test CA");
    }

    /** {@return a new certificate authority whose certificates use RSA-2048 keys} */
    public static TestCertificates rsa() {
        return new TestCertificates(true, "weft test RSA CA");
    }

    /** Creates a self-signed server certificate (its own CA) for {@code names}. */
    public static TestCertificate selfSigned(String... names) {
        KeyPair keys = newKeyPair(false);
        X500Name subject = new X500Name("CN=" + names[0]);
        X509Certificate c = issue(
                subject,
                keys.getPublic(),
                subject,
                keys.getPrivate(),
                false,
                List.of(names),
                KeyPurposeId.id_kp_serverAuth,
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(2)));
        return new TestCertificate(keys.getPrivate(), List.of(c));
    }

    /** {@return the authority's own certificate: what a peer must trust} */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** {@return the authority's certificate as PEM, for a {@code trustRoots=} file} */
    public String caPem() {
        return TestCertificate.certificatePem(caCertificate);
    }

    /** Issues a server certificate for {@code names}, whose chain ends with the CA. */
    public TestCertificate server(String... names) {
        return leaf(
                names,
                KeyPurposeId.id_kp_serverAuth,
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(2)));
    }

    /** Issues a client certificate valid now for two days. */
    public TestCertificate client(String name) {
        return leaf(
                new String[] {name},
                KeyPurposeId.id_kp_clientAuth,
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(2)));
    }

    /** Issues a server certificate for {@code names} that expired yesterday. */
    public TestCertificate expiredServer(String... names) {
        return leaf(
                names,
                KeyPurposeId.id_kp_serverAuth,
                Instant.now().minus(Duration.ofDays(3)),
                Instant.now().minus(Duration.ofDays(1)));
    }

    private TestCertificate leaf(String[] names, KeyPurposeId purpose, Instant from, Instant to) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        KeyPair keys = newKeyPair(rsa);
        X509Certificate c = issue(
                new X500Name("CN=" + names[0]),
                keys.getPublic(),
                caName,
                caKeys.getPrivate(),
                false,
                List.of(names),
                purpose,
                from,
                to);
        return new TestCertificate(keys.getPrivate(), List.of(c, caCertificate));
    }

    private static X509Certificate issue(
            X500Name subject,
            PublicKey publicKey,
            X500Name issuer,
            PrivateKey issuerKey,
            boolean ca,
            List<String> names,
            @Nullable KeyPurposeId purpose,
            Instant from,
            Instant to) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from),
                    Date.from(to),
                    subject,
                    publicKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(Objects.requireNonNull(purpose, "a leaf certificate's purpose")));
                List<GeneralName> alt = new ArrayList<>();
                for (String n : names) {
                    boolean ip = IPV4.matcher(n).matches() || n.indexOf(':') >= 0;
                    alt.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
                }
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(new GeneralName[0])));
            }
            String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException(
                    "cannot issue a test certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair(boolean rsa) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
            if (rsa) {
                g.initialize(2048, new SecureRandom());
            } else {
                g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a key pair: " + e.getMessage(), e);
        }
    }
}
