package dev.weft.protocols.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.net.ssl.SSLException;

/**
 * Turns the JDK's TLS exceptions into a {@link TLSError} of the right {@link TLSErrorKind}. The JDK
 * reports causes through exception types (certificate path, expiry) and message texts; a peer's
 * complaint arrives as "Received fatal alert: NAME". The JDK sends the generic {@code
 * certificate_unknown} whatever made it refuse a certificate (CA, name, pin, expiry), so that alert
 * gets the neutral {@link TLSErrorKind#CERTIFICATE_REJECTED}; OpenSSL's {@code unknown_ca} names the CA.
 * {@code decrypt_error}, and this end's own failure to verify a handshake signature or Finished, is
 * {@link TLSErrorKind#BAD_SIGNATURE}.
 */
final class TLSErrors {
    private static final String ALERT = "Received fatal alert: ";

    private static final Map<String, TLSErrorKind> ALERTS = Map.ofEntries(
            Map.entry("unknown_ca", TLSErrorKind.UNTRUSTED_CERTIFICATE),
            Map.entry("certificate_unknown", TLSErrorKind.CERTIFICATE_REJECTED),
            Map.entry("certificate_expired", TLSErrorKind.EXPIRED_CERTIFICATE),
            Map.entry("bad_certificate", TLSErrorKind.CERTIFICATE_REQUIRED),
            Map.entry("unsupported_certificate", TLSErrorKind.CERTIFICATE_REJECTED),
            Map.entry("certificate_revoked", TLSErrorKind.CERTIFICATE_REJECTED),
            Map.entry("certificate_required", TLSErrorKind.CERTIFICATE_REQUIRED),
            Map.entry("protocol_version", TLSErrorKind.PROTOCOL_VERSION),
            Map.entry("handshake_failure", TLSErrorKind.NO_SHARED_CIPHER),
            Map.entry("insufficient_security", TLSErrorKind.NO_SHARED_CIPHER),
            Map.entry("no_application_protocol", TLSErrorKind.NO_APPLICATION_PROTOCOL),
            Map.entry("bad_record_mac", TLSErrorKind.BAD_RECORD),
            Map.entry("record_overflow", TLSErrorKind.BAD_RECORD),
            Map.entry("decode_error", TLSErrorKind.BAD_RECORD),
            Map.entry("decrypt_error", TLSErrorKind.BAD_SIGNATURE),
            Map.entry("unexpected_message", TLSErrorKind.NOT_TLS),
            Map.entry("no_renegotiation", TLSErrorKind.RENEGOTIATION_REFUSED));

    private TLSErrors() {}

    static TLSError classify(SSLException ex, boolean client) {
        String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
        if (ex instanceof PlaintextAlert p) {
            return new TLSError(alertKind(p.name, client), true, message, ex);
        }
        if (message.startsWith(ALERT)) {
            return new TLSError(alertKind(message.substring(ALERT.length()).trim(), client), true, message, ex);
        }
        return new TLSError(localKind(ex), false, message, ex);
    }

    /** {@return whether {@code ex} is the engine's report of an alert it read from the peer} */
    static boolean isAlert(SSLException ex) {
        return ex.getMessage() != null && ex.getMessage().startsWith(ALERT);
    }

    /** {@return the kind of the alert the peer sent, named as the JDK names it (e.g. {@code unknown_ca})} */
    private static TLSErrorKind alertKind(String alert, boolean client) {
        if (alert.equals("bad_certificate") && !client) {
            // A client refusing the server's certificate (a JDK one on TLS 1.2); which check failed, it does not say.
            return TLSErrorKind.CERTIFICATE_REJECTED;
        }
        return ALERTS.getOrDefault(alert, TLSErrorKind.OTHER);
    }

    private static TLSErrorKind localKind(SSLException ex) {
        if (ex instanceof RenegotiationRefused) {
            return TLSErrorKind.RENEGOTIATION_REFUSED;
        }
        boolean path = false;
        StringBuilder text = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return TLSErrorKind.EXPIRED_CERTIFICATE;
            }
            if (t instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                            || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return TLSErrorKind.EXPIRED_CERTIFICATE;
            }
            if (t instanceof AEADBadTagException || t instanceof BadPaddingException) {
                return TLSErrorKind.BAD_RECORD;
            }
            path |= t instanceof CertPathBuilderException || t instanceof CertPathValidatorException;
            if (t.getMessage() != null) {
                text.append(t.getMessage().toLowerCase(Locale.ROOT)).append('\n');
            }
        }
        String m = text.toString();
        if (m.contains("invalid certificateverify")
                || (m.contains("serverkeyexchange signature") && m.contains("invalid"))
                || m.contains("finished message cannot be verified")
                || m.contains("psk binder")) {
            return TLSErrorKind.BAD_SIGNATURE; // what the JDK sends decrypt_error for (TLS 1.2: handshake_failure)
        }
        if (m.contains("no subject alternative") || m.contains("no name matching")) {
            return TLSErrorKind.HOSTNAME_MISMATCH;
        }
        if (m.contains("match the pinned")) {
            return TLSErrorKind.PIN_MISMATCH; // PinnedTrustManager's words: the pin, not a CA, decides
        }
        if (path || m.contains("unable to find valid certification path")) {
            return TLSErrorKind.UNTRUSTED_CERTIFICATE;
        }
        if (m.contains("no appropriate protocol")
                || m.contains("not enabled or supported")
                || m.contains("are not accepted by")
                || m.contains("not accepted by client preferences")
                || m.contains("unsupported protocol version")) {
            return TLSErrorKind.PROTOCOL_VERSION;
        }
        if (m.contains("no cipher suites in common") || m.contains("no negotiable cipher suite")) {
            return TLSErrorKind.NO_SHARED_CIPHER;
        }
        if (m.contains("empty client certificate chain") || m.contains("empty server certificate chain")) {
            return TLSErrorKind.CERTIFICATE_REQUIRED;
        }
        if (m.contains("application layer protocol") || m.contains("application protocol")) {
            return TLSErrorKind.NO_APPLICATION_PROTOCOL;
        }
        if (m.contains("unsupported or unrecognized ssl message")
                || m.contains("plaintext connection")
                || m.contains("unknown record type")) {
            return TLSErrorKind.NOT_TLS;
        }
        if (m.contains("tag mismatch")
                || m.contains("bad record mac")
                || m.contains("record overflow")
                || m.contains("record too big")
                || m.contains("insufficient buffer remaining")) {
            return TLSErrorKind.BAD_RECORD;
        }
        return TLSErrorKind.OTHER;
    }
}
