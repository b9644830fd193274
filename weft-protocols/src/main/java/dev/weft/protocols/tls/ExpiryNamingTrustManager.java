package dev.weft.protocols.tls;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Passes every check to the JDK's trust manager, and when it refuses a chain that holds an expired
 * (or not yet valid) certificate, says so: the JDK's path builder reports an expired certificate as
 * "unable to find valid certification path", which would read as an unknown CA.
 */
final class ExpiryNamingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    ExpiryNamingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private static CertificateException named(X509Certificate[] chain, CertificateException original) {
        for (X509Certificate c : chain) {
            try {
                c.checkValidity();
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                String what = e instanceof CertificateExpiredException
                        ? "expired on " + c.getNotAfter().toInstant()
                        : "is not valid before " + c.getNotBefore().toInstant();
                String message = "the certificate " + c.getSubjectX500Principal() + " " + what;
                CertPathValidatorException reason = new CertPathValidatorException(
                        message,
                        e,
                        null,
                        -1,
                        e instanceof CertificateExpiredException
                                ? CertPathValidatorException.BasicReason.EXPIRED
                                : CertPathValidatorException.BasicReason.NOT_YET_VALID);
                CertificateException named = new CertificateException(message, reason);
                named.addSuppressed(original);
                return named;
            }
        }
        return original;
    }
}
