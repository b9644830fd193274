package dev.weft.protocols.tls;

import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The peer sent an unencrypted alert where the engine expected an encrypted record, and the engine
 * failed on it without reading it: an OpenSSL TLS 1.3 client that refuses this server's certificate
 * sends {@code 15 03 03 00 02 02 30} (fatal {@code unknown_ca}), which the JDK reports as a 2-byte
 * record too short for its cipher. An alert record whose body is 2 bytes cannot be encrypted (an AEAD
 * tag alone is 16 bytes), so its level and description are read from the raw bytes and the peer's
 * complaint is named. Raised inside the engine loop; the engine's exception is its cause.
 */
final class PlaintextAlert extends SSLException {
    private static final long serialVersionUID = 1L;

    /** The alert descriptions of RFC 8446 and RFC 5246, by number. */
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "close_notify"),
            Map.entry(10, "unexpected_message"),
            Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"),
            Map.entry(40, "handshake_failure"),
            Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"),
            Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"),
            Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"),
            Map.entry(48, "unknown_ca"),
            Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"),
            Map.entry(51, "decrypt_error"),
            Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"),
            Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"),
            Map.entry(90, "user_canceled"),
            Map.entry(100, "no_renegotiation"),
            Map.entry(109, "missing_extension"),
            Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"),
            Map.entry(113, "bad_certificate_status_response"),
            Map.entry(115, "unknown_psk_identity"),
            Map.entry(116, "certificate_required"),
            Map.entry(120, "no_application_protocol"));

    /** The alert's description, e.g. {@code unknown_ca}, or {@code alert_N} for a number without a name. */
    final String name;

    /**
     * @param levelAndDescription the alert's two bytes, level first
     * @param engineFailure what the engine threw on the record
     */
    PlaintextAlert(int levelAndDescription, SSLException engineFailure) {
        super(describe(levelAndDescription, engineFailure), engineFailure);
        this.name = nameOf(levelAndDescription & 0xff);
    }

    private static String nameOf(int description) {
        return NAMES.getOrDefault(description, "alert_" + description);
    }

    private static String describe(int levelAndDescription, SSLException engineFailure) {
        int level = levelAndDescription >> 8;
        int description = levelAndDescription & 0xff;
        String levelName = level == 2 ? "fatal" : level == 1 ? "warning" : "level " + level;
        return "the peer sent an unencrypted " + levelName + " alert " + nameOf(description) + " (" + description
                + ") where an encrypted record was due; the engine said: " + engineFailure.getMessage();
    }
}
