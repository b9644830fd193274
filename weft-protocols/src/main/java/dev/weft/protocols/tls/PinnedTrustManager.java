package dev.weft.protocols.tls;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one certificate, named by the SHA-256 of its DER encoding (what {@code openssl x509
 * -fingerprint -sha256} prints): the peer's own certificate must be that one and be within its
 * validity dates; no chain or CA is consulted. Immutable; thread-safe.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final byte[] sha256;

    PinnedTrustManager(byte[] sha256) {
        this.sha256 = sha256.clone();
    }

    /** Formats a SHA-256 as OpenSSL does: {@code AB:CD:...}, upper case. */
    static String colons(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** Returns the SHA-256 of a certificate's DER encoding. */
    static byte[] fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer sent no certificate, so it cannot match the pinned one");
        }
        byte[] actual = fingerprint(chain[0]);
        if (!MessageDigest.isEqual(actual, sha256)) {
            throw new CertificateException("the peer's certificate (sha256 Fingerprint=" + colons(actual)
                    + ") does not match the pinned sha256:" + colons(sha256));
        }
        chain[0].checkValidity(); // CertificateExpiredException: reported as an expired certificate
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
