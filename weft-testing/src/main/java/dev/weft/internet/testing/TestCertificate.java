package dev.weft.internet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A private key and the certificate chain (the certificate first, then the issuing CA's) {@link TestCertificates}
 * issued for it, as PEM, a PKCS#12 key store or a fingerprint. Immutable; thread-safe.
 */
public record TestCertificate(PrivateKey key, List<X509Certificate> chain) {
    /** Copies the chain. */
    public TestCertificate {
        chain = List.copyOf(chain);
    }

    /** {@return the certificate itself, the first of the chain} */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** {@return the private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY})} */
    public String keyPem() {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** {@return the certificate alone as PEM} */
    public String certificatePem() {
        return certificatePem(certificate());
    }

    /** {@return the whole chain as PEM, the certificate first} */
    public String chainPem() {
        StringBuilder s = new StringBuilder();
        chain.forEach(c -> s.append(certificatePem(c)));
        return s.toString();
    }

    /**
     * Writes {@code NAME.key.pem} (the key) and {@code NAME.pem} (the chain) into {@code directory}; returns both.
     * @throws UncheckedIOException if writing fails
     */
    public List<Path> writePem(Path directory, String name) {
        try {
            Path keyFile = Files.writeString(directory.resolve(name + ".key.pem"), keyPem(), StandardCharsets.US_ASCII);
            Path certFile = Files.writeString(directory.resolve(name + ".pem"), chainPem(), StandardCharsets.US_ASCII);
            return List.of(keyFile, certFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Returns the key and chain as an in-memory PKCS#12 key store, one entry {@code "key"}, under {@code password}. */
    public KeyStore pkcs12(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS#12 store: " + e.getMessage(), e);
        }
    }

    /** {@return the certificate's SHA-256 fingerprint, e.g. {@code "AB:CD:..."}} */
    public String sha256Fingerprint() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String certificatePem(X509Certificate c) {
        try {
            return pem("CERTIFICATE", c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type.toUpperCase(Locale.ROOT) + "-----\n";
    }
}
