package dev.weft.protocols.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The certificate authorities a TLS end trusts: Twisted's {@code platformTrust()}, {@code
 * trustRootFromCertificates} and the {@code trustRoots=} directory. Immutable; thread-safe.
 */
public final class TrustRoots {
    private static final System.Logger LOG = System.getLogger(TrustRoots.class.getName());
    private static final TrustRoots PLATFORM = new TrustRoots(null, "the platform's trust store");

    private final @Nullable KeyStore store;
    private final String description;
    private final byte @Nullable [] pin;

    private TrustRoots(@Nullable KeyStore store, String description) {
        this(store, description, null);
    }

    private TrustRoots(@Nullable KeyStore store, String description, byte @Nullable [] pin) {
        this.store = store;
        this.description = description;
        this.pin = pin;
    }

    /** {@return what the JDK trusts (its {@code cacerts}, or {@code javax.net.ssl.trustStore})} */
    public static TrustRoots platform() {
        return PLATFORM;
    }

    /**
     * Trusts exactly one certificate, by its SHA-256 fingerprint (as {@code openssl x509
     * -fingerprint -sha256} prints it), within its dates; no CA is consulted. Pair it with {@link
     * TLSClientOptions#withoutHostnameVerification()}.
     *
     * @param fingerprint {@code sha256:AB:CD:...}, {@code AB:CD:...} or 64 hex digits, any case
     * @return the trust roots
     * @throws IllegalArgumentException if {@code fingerprint} is not 32 bytes of hex
     */
    public static TrustRoots pinned(String fingerprint) {
        String hex = fingerprint.strip();
        if (hex.regionMatches(true, 0, "sha256:", 0, 7)) {
            hex = hex.substring(7);
        }
        hex = hex.replace(":", "");
        if (!hex.matches("[0-9A-Fa-f]{64}")) {
            throw new IllegalArgumentException("a pin is a SHA-256 fingerprint: sha256: and 32 hex bytes (with or"
                    + " without colons) as openssl x509 -noout -fingerprint -sha256 prints it, not '"
                    + fingerprint + "'");
        }
        byte[] digest = java.util.HexFormat.of().parseHex(hex);
        return new TrustRoots(null, "the certificate pinned as sha256:" + PinnedTrustManager.colons(digest), digest);
    }

    /**
     * Returns a certificate's SHA-256 fingerprint as OpenSSL prints it ({@code AB:CD:...}).
     *
     * @param certificate the certificate
     * @return 32 upper-case hex bytes separated by colons
     * @throws IllegalArgumentException if the certificate cannot be encoded
     */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            return PinnedTrustManager.colons(PinnedTrustManager.fingerprint(certificate));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    /** {@return roots that trust exactly the given CA (or self-signed) certificates} */
    public static TrustRoots of(Collection<X509Certificate> certificates) {
        return new TrustRoots(storeOf(certificates), certificates.size() + " given certificate(s)");
    }

    /** {@return roots that trust exactly the given CA (or self-signed) certificates} */
    public static TrustRoots of(X509Certificate... certificates) {
        return of(List.of(certificates));
    }

    /**
     * Trusts the certificates in a PEM file, or in every {@code *.pem} file of a directory (Twisted's
     * {@code trustRoots=}); a {@code .pem} file without a certificate is skipped with a warning.
     *
     * @param fileOrDirectory the PEM file or the directory
     * @return the trust roots
     * @throws UncheckedIOException if the path does not exist or cannot be read
     * @throws IllegalArgumentException if a single file holds no certificate
     */
    public static TrustRoots fromPem(Path fileOrDirectory) {
        if (!Files.exists(fileOrDirectory)) {
            throw new UncheckedIOException(
                    "trust roots: no such file or directory: " + fileOrDirectory,
                    new java.nio.file.NoSuchFileException(fileOrDirectory.toString()));
        }
        if (!Files.isDirectory(fileOrDirectory)) {
            List<X509Certificate> certs =
                    Pem.certificates(KeyAndChain.read(fileOrDirectory), fileOrDirectory.toString());
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(
                        "trust roots: " + fileOrDirectory + " holds no PEM certificate (BEGIN CERTIFICATE)");
            }
            return new TrustRoots(storeOf(certs), fileOrDirectory.toString());
        }
        Map<String, X509Certificate> unique = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(fileOrDirectory)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pem") || Files.isDirectory(f)) {
                    continue;
                }
                try {
                    List<X509Certificate> certs = Pem.certificates(KeyAndChain.read(f), f.toString());
                    if (certs.isEmpty()) {
                        LOG.log(Level.WARNING, "trust roots: skipping " + f + ": it holds no PEM certificate");
                    }
                    for (X509Certificate c : certs) {
                        unique.putIfAbsent(java.util.HexFormat.of().formatHex(c.getSignature()), c);
                    }
                } catch (UncheckedIOException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "trust roots: skipping " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("trust roots: cannot list " + fileOrDirectory + ": " + e.getMessage(), e);
        }
        return new TrustRoots(storeOf(unique.values()), fileOrDirectory + " (" + unique.size() + " certificates)");
    }

    /** {@return roots that trust the certificate entries of a loaded key store} */
    public static TrustRoots fromKeyStore(KeyStore store) {
        return new TrustRoots(Objects.requireNonNull(store, "store"), "a key store");
    }

    TrustManager[] trustManagers() {
        byte[] p = pin;
        if (p != null) {
            return new TrustManager[] {new PinnedTrustManager(p)};
        }
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            TrustManager[] managers = f.getTrustManagers();
            for (int i = 0; i < managers.length; i++) {
                if (managers[i] instanceof X509ExtendedTrustManager x) {
                    managers[i] = new ExpiryNamingTrustManager(x);
                }
            }
            return managers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot build a trust manager from " + description + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore storeOf(Collection<X509Certificate> certificates) {
        try {
            KeyStore s = KeyStore.getInstance("PKCS12");
            s.load(null, null);
            int i = 0;
            for (X509Certificate c : new ArrayList<>(certificates)) {
                s.setCertificateEntry("ca-" + i++, Objects.requireNonNull(c, "certificate"));
            }
            return s;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory trust store: " + e.getMessage(), e);
        }
    }

    /** {@return where the roots come from, e.g. {@code TrustRoots[/etc/ca (3 certificates)]}} */
    @Override
    public String toString() {
        return "TrustRoots[" + description + "]";
    }
}
