package dev.weft.cli;

import dev.weft.internet.Addresses;
import dev.weft.protocols.tls.KeyAndChain;
import dev.weft.protocols.tls.TrustRoots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A throwaway key and self-signed certificate for {@code --self-signed}: an ECDSA P-256 key made at
 * start, never written to disk, and an X.509 v3 certificate written with {@link Der} and signed with
 * {@code SHA256withECDSA} (the JDK has no public certificate builder; this keeps the command free of
 * a 8 MB dependency). The certificate names {@code localhost}, {@code 127.0.0.1}, {@code ::1} and
 * the listening interfaces in its subjectAltName, is valid from an hour ago for a year, and carries
 * no key usage, so OpenSSL, Python and the JDK accept it as its own trust root.
 *
 * @param identity the key and the one-certificate chain, for {@code ssl:} endpoints
 * @param names the names and addresses the certificate is valid for
 * @param fingerprint its SHA-256 fingerprint as {@code openssl x509 -noout -fingerprint -sha256}
 *     prints it ({@code AB:CD:...})
 */
record SelfSigned(KeyAndChain identity, List<String> names, String fingerprint) {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

    /** Returns the certificate. */
    X509Certificate certificate() {
        return identity.chain().get(0);
    }

    /**
     * Makes a key and a certificate for localhost, the loopback addresses, and {@code addresses}.
     *
     * @param addresses IP literals to add (wildcards such as {@code 0.0.0.0} are left out)
     */
    static SelfSigned make(List<String> addresses) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String a : addresses) {
            String bare = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
            if (bare.isEmpty() || !isIpLiteral(bare)) {
                continue;
            }
            try {
                bare = Addresses.hostOf(Addresses.parseLiteral(bare)); // as printed everywhere: ::1, not 0:0:...:1
            } catch (IllegalArgumentException e) {
                continue; // not an address: the listen itself refuses it
            }
            if (!bare.equals("0.0.0.0") && !bare.equals("::")) {
                names.add(bare);
            }
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
            byte[] name = Der.sequence(
                    Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String("weft self-signed (localhost)"))));
            byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.TWO)),
                    Der.integer(new BigInteger(127, new SecureRandom()).add(BigInteger.ONE)),
                    algorithm,
                    name,
                    Der.sequence(Der.utcTime(now.minus(Duration.ofHours(1))), Der.utcTime(now.plusDays(365))),
                    name,
                    pair.getPublic().getEncoded(),
                    Der.explicit(3, Der.sequence(subjectAltName(names), basicConstraints())));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            cert.verify(pair.getPublic());
            return new SelfSigned(
                    new KeyAndChain(pair.getPrivate(), List.of(cert)),
                    List.copyOf(names),
                    TrustRoots.sha256Fingerprint(cert));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** subjectAltName: a dNSName [2] for each name, an iPAddress [7] for each address. */
    private static byte[] subjectAltName(Set<String> names) {
        List<byte[]> general = new ArrayList<>();
        for (String n : names) {
            if (isIpLiteral(n)) {
                try {
                    general.add(Der.implicit(7, InetAddress.getByName(n).getAddress()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("not an IP address: " + n, e);
                }
            } else {
                general.add(Der.implicit(2, n.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
        }
        return extension("2.5.29.17", false, Der.sequence(general.toArray(byte[][]::new)));
    }

    /** basicConstraints, critical: not a CA. */
    private static byte[] basicConstraints() {
        return extension("2.5.29.19", true, Der.sequence());
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(Der.oid(oid));
        if (critical) {
            body.writeBytes(Der.bool(true));
        }
        body.writeBytes(Der.octetString(value));
        return Der.tlv(0x30, body.toByteArray());
    }

    /** Tells an IP literal from a host name without a DNS lookup: IPv4 digits and dots, or any colon. */
    static boolean isIpLiteral(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || s.indexOf(':') >= 0;
    }
}
