package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internal.json.JsonObject;
import dev.weft.internet.ITransport;
import dev.weft.protocols.tls.ISSLTransport;
import dev.weft.protocols.tls.TLSError;
import dev.weft.protocols.tls.TrustRoots;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * What a report says about one connection's TLS: the version and cipher once the handshake is done,
 * or the {@link TLSError} kind that ended it. Taken from the transport when the connection is lost
 * (on the reactor thread), then immutable.
 *
 * @param version e.g. {@code TLSv1.3}, or null if the handshake did not complete
 * @param cipher e.g. {@code TLS_AES_256_GCM_SHA384}, or null if the handshake did not complete
 * @param errorKind the {@link dev.weft.protocols.tls.TLSErrorKind} name that ended the connection, or null
 * @param handshakeDone whether the handshake had completed at both ends: not when the peer refused this end's
 *     certificate with an alert after this end had finished its part (TLS 1.3 lets a client finish first)
 * @param peerFingerprint the SHA-256 fingerprint of the peer's certificate ({@code AB:CD:...}), or null
 */
record TlsReport(
        @Nullable String version,
        @Nullable String cipher,
        @Nullable String errorKind,
        boolean handshakeDone,
        @Nullable String peerFingerprint) {

    /** Describes the TLS of {@code transport} as its connection ended with {@code reason}; null for plain TCP. */
    static @Nullable TlsReport of(ITransport transport, @Nullable Failure reason) {
        if (!(transport instanceof ISSLTransport tls)) {
            return null;
        }
        TLSError error =
                reason == null ? null : reason.check(TLSError.class) == null ? null : (TLSError) reason.value();
        X509Certificate peer = tls.getPeerCertificate();
        return new TlsReport(
                tls.tlsVersion(),
                tls.cipherSuite(),
                error == null ? null : error.kind().name(),
                tls.isHandshakeDone() && !refusesOurCertificate(error),
                peer == null ? null : TrustRoots.sha256Fingerprint(peer));
    }

    /**
     * Tells whether {@code error} is the peer's alert that it does not accept this end's certificate: the peer's
     * part of the handshake failing, which in TLS 1.3 can come after this end has finished its own part.
     */
    private static boolean refusesOurCertificate(@Nullable TLSError error) {
        return error != null
                && error.fromPeer()
                && switch (error.kind()) {
                    case CERTIFICATE_REQUIRED,
                            CERTIFICATE_REJECTED,
                            UNTRUSTED_CERTIFICATE,
                            PIN_MISMATCH,
                            BAD_SIGNATURE,
                            HOSTNAME_MISMATCH,
                            EXPIRED_CERTIFICATE -> true;
                    default -> false;
                };
    }

    /**
     * Says why TLS ended the connection, in one line naming the error kind, or null if TLS did not:
     * {@code TLS handshake failed (NOT_TLS): TLS failed: the peer did not send TLS ...}.
     */
    static @Nullable String failure(@Nullable Failure reason, boolean handshakeDone) {
        if (reason == null || reason.check(TLSError.class) == null) {
            return null;
        }
        TLSError error = (TLSError) reason.value();
        return (handshakeDone && !refusesOurCertificate(error) ? "TLS error (" : "TLS handshake failed (")
                + error.kind().name() + "): " + Problems.oneLine(reason.getErrorMessage());
    }

    /** Returns {@code TLSv1.3 TLS_AES_256_GCM_SHA384}, or {@code TLS handshake not completed}. */
    String words() {
        return handshakeDone ? version + " " + cipher : "TLS handshake not completed";
    }

    /**
     * Adds {@code tls_version} and {@code tls_cipher} (null unless the handshake completed at both ends) and {@code
     * tls_error}.
     */
    void addTo(JsonObject json, String prefix) {
        String v = version;
        String c = cipher;
        if (handshakeDone && v != null && c != null) {
            json.put(prefix + "tls_version", v).put(prefix + "tls_cipher", c);
        } else {
            json.putNull(prefix + "tls_version").putNull(prefix + "tls_cipher");
        }
        if (errorKind != null) {
            json.put(prefix + "tls_error", errorKind);
        }
    }
}
