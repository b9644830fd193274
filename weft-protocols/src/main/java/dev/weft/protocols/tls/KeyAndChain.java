package dev.weft.protocols.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A private key and its certificate chain, the identity a TLS end presents: Twisted's {@code
 * PrivateCertificate} plus {@code extraCertChain}. Immutable; thread-safe.
 *
 * @param key the private key
 * @param chain the certificate for {@code key} first, then the intermediates, in order
 */
public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
    /**
     * Checks and copies the parts.
     *
     * @throws IllegalArgumentException if the chain is empty or does not start with {@code key}'s certificate
     */
    public KeyAndChain {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one certificate: the chain is empty");
        }
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException("the private key (" + key.getAlgorithm()
                    + ") does not belong to the certificate " + chain.get(0).getSubjectX500Principal()
                    + ": give the key that was used to request it");
        }
    }

    /**
     * Reads a key and a chain from PEM files, Twisted's {@code ssl:} format.
     *
     * @param keyFile the private key (PKCS#8, PKCS#1 RSA or SEC 1 EC, not encrypted)
     * @param certFile the key's certificate first, then any chain (may be {@code keyFile})
     * @param extraChainFile intermediate certificates, or null
     * @return the key and chain
     * @throws UncheckedIOException if a file cannot be read (the message names it)
     * @throws IllegalArgumentException if a file holds no key or no certificate, or they do not match
     */
    public static KeyAndChain fromPem(Path keyFile, Path certFile, @Nullable Path extraChainFile) {
        PrivateKey key = Pem.privateKey(read(keyFile), keyFile.toString());
        if (key == null) {
            throw new IllegalArgumentException(keyFile
                    + " holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
        }
        List<X509Certificate> chain = new ArrayList<>(Pem.certificates(read(certFile), certFile.toString()));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certFile + " holds no PEM certificate (BEGIN CERTIFICATE)");
        }
        if (extraChainFile != null) {
            List<X509Certificate> extra = Pem.certificates(read(extraChainFile), extraChainFile.toString());
            if (extra.isEmpty()) {
                throw new IllegalArgumentException("Specified chain file '" + extraChainFile
                        + "' doesn't contain any valid certificates in PEM format.");
            }
            chain.addAll(extra);
        }
        return new KeyAndChain(key, chain);
    }

    /** {@return the key and chain read from PEM files; {@code certFile} may be {@code keyFile}} */
    public static KeyAndChain fromPem(Path keyFile, Path certFile) {
        return fromPem(keyFile, certFile, null);
    }

    /**
     * Reads a key and a chain from PEM text (in any order).
     *
     * @param pem the text
     * @return the key and chain
     * @throws IllegalArgumentException if the text holds no key or no certificate
     */
    public static KeyAndChain fromPemText(String pem) {
        PrivateKey key = Pem.privateKey(pem, "PEM text");
        if (key == null) {
            throw new IllegalArgumentException("the PEM text holds no private key");
        }
        return new KeyAndChain(key, Pem.certificates(pem, "PEM text"));
    }

    /**
     * Takes a key entry from a loaded {@code KeyStore}.
     *
     * @param store the loaded key store
     * @param alias the entry, or null for the only key entry
     * @param password the entry's password
     * @return the key and chain
     * @throws IllegalArgumentException if the entry does not exist or is not a key
     */
    public static KeyAndChain fromKeyStore(KeyStore store, @Nullable String alias, char[] password) {
        try {
            String name = alias;
            if (name == null) {
                List<String> keys = new ArrayList<>();
                for (String a : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(a)) {
                        keys.add(a);
                    }
                }
                if (keys.size() != 1) {
                    throw new IllegalArgumentException(
                            "the key store holds " + keys.size() + " key entries " + keys + ": name the alias to use");
                }
                name = keys.get(0);
            }
            Key key = store.getKey(name, password);
            if (!(key instanceof PrivateKey pk)) {
                throw new IllegalArgumentException("the key store has no private key under alias '" + name + "'");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(name)) {
                chain.add((X509Certificate) c);
            }
            return new KeyAndChain(pk, chain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key store entry: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the only key entry of a PKCS#12 file.
     *
     * @param file the {@code .p12}/{@code .pfx} file
     * @param password the file's (and the entry's) password
     * @return the key and chain
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not PKCS#12, the password is wrong, or not one key
     */
    public static KeyAndChain fromPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return fromKeyStore(store, null, password);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + " is not a PKCS#12 file or the password is wrong: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@return a new in-memory PKCS#12 key store with this identity under {@code "key"}} */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory PKCS#12 store: " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return true; // an unusual key type: the handshake will tell
        }
        try {
            byte[] probe = "weft key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
