package dev.weft.protocols.tls;

/**
 * Names what went wrong in a TLS connection, so that a program can react to a {@link TLSError}
 * without reading its message. Each kind carries the sentence weft puts in the message and a hint
 * at what to do.
 *
 * <p>Immutable; thread-safe.
 */
public enum TLSErrorKind {
    /** The peer's certificate chain does not lead to a trusted root (OpenSSL's "unknown ca"). */
    UNTRUSTED_CERTIFICATE(
            "the peer's certificate is not signed by a trusted certificate authority (unknown CA)",
            "add the CA that issued it to the trust roots (trustRoots=)"),
    /** The peer's certificate does not name the host that was asked for. */
    HOSTNAME_MISMATCH(
            "the peer's certificate does not match the host name",
            "connect with the name the certificate was issued for, or issue one with that name"),
    /** A certificate in the peer's chain has expired or is not yet valid. */
    EXPIRED_CERTIFICATE(
            "the peer's certificate has expired or is not yet valid", "renew the certificate or check the clock"),
    /** Both ends enable no TLS version in common. */
    PROTOCOL_VERSION(
            "the two ends have no TLS version in common", "enable a common version (TLS 1.2 or 1.3) on both ends"),
    /** Both ends enable no cipher suite in common. */
    NO_SHARED_CIPHER(
            "the two ends have no cipher suite in common",
            "enable a common cipher suite, or use a key type the peer supports"),
    /** The server requires a client certificate, and none (or an unusable one) was sent. */
    CERTIFICATE_REQUIRED(
            "the server requires a client certificate that was not sent or not accepted",
            "configure the client with a certificate and key (certificate=, privateKey=)"),
    /** The peer offered ALPN protocols and none is acceptable. */
    NO_APPLICATION_PROTOCOL(
            "the two ends offer no application protocol (ALPN) in common", "offer a common ALPN protocol"),
    /** The peer does not speak TLS: plaintext, garbage, or a TLS client facing a plaintext server. */
    NOT_TLS(
            "the peer did not send TLS (plaintext or garbage where a TLS record was expected)",
            "speak TLS to a TLS port"),
    /** A record failed its integrity check or was malformed after the handshake. */
    BAD_RECORD("a TLS record was corrupt or malformed", "check for something altering the bytes in transit"),
    /** The peer tried to renegotiate a TLS 1.2 session, which weft refuses. */
    RENEGOTIATION_REFUSED("the peer tried to renegotiate the TLS session, which is refused", "do not renegotiate"),
    /** The handshake did not finish within the configured time. */
    HANDSHAKE_TIMEOUT("the TLS handshake did not finish in time", "check that the peer speaks TLS on this port"),
    /** Anything else the TLS engine reported. */
    OTHER("the TLS engine reported an error", "see the detail");

    private final String description;
    private final String hint;

    TLSErrorKind(String description, String hint) {
        this.description = description;
        this.hint = hint;
    }

    /**
     * Returns what went wrong, as a phrase.
     *
     * @return e.g. "the two ends have no TLS version in common"
     */
    public String description() {
        return description;
    }

    /**
     * Returns what to do about it, as a phrase.
     *
     * @return e.g. "enable a common version (TLS 1.2 or 1.3) on both ends"
     */
    public String hint() {
        return hint;
    }
}
