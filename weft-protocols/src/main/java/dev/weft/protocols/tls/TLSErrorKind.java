package dev.weft.protocols.tls;

/**
 * Names what went wrong in a TLS connection, so a program can react to a {@link TLSError} without
 * reading its message; each kind carries the message's sentence and a hint. Immutable; thread-safe.
 */
public enum TLSErrorKind {
    /** The peer's certificate chain does not lead to a trusted root (OpenSSL's "unknown ca"). */
    UNTRUSTED_CERTIFICATE(
            "the peer's certificate is not signed by a trusted certificate authority (unknown CA)",
            "add the CA that issued it to the trust roots (trustRoots=)",
            "it does not trust this end's certificate (unknown CA)",
            "make the peer trust the CA that issued this end's certificate"),
    /**
     * The peer refused this end's certificate without saying why: the JDK's {@code certificate_unknown}
     * alert (and a TLS 1.2 client's {@code bad_certificate}), which a JDK client sends for an untrusted
     * CA, a host name it did not expect, a pin that does not match or an expired certificate alike.
     * The peer's own error names the reason. Only ever reported by the peer.
     */
    CERTIFICATE_REJECTED(
            "the peer's certificate was rejected",
            "see the detail",
            "it rejected this end's certificate: an untrusted CA, an unexpected name, a pin that does not match"
                    + " or an expired certificate (its own error says which)",
            "check that the peer trusts the CA that issued this end's certificate, that the certificate carries"
                    + " the name the peer expects and is the one it pinned, and that it has not expired"),
    /**
     * The peer's certificate is not the one pinned ({@link TrustRoots#pinned}): another fingerprint,
     * or no certificate. The message names both fingerprints.
     */
    PIN_MISMATCH(
            "the peer's certificate is not the pinned one",
            "check that the right peer answers, and if its certificate was replaced and you trust the new one, pin"
                    + " that one",
            "it does not accept this end's certificate (not the one it pinned)",
            "give the peer the certificate it pinned, or have it pin this one"),
    /**
     * A signature or check value in the handshake did not verify: TLS's {@code decrypt_error} alert (51),
     * sent by the peer or found by this end. Almost always a private key that does not belong to the
     * certificate it is used with (the CertificateVerify or, in TLS 1.2, the ServerKeyExchange is signed
     * with the wrong key), or a certificate signed by another CA than the trusted one of the same name;
     * rarely a Finished message or resumed session key (PSK) that does not match.
     */
    BAD_SIGNATURE(
            "a signature in the peer's handshake does not verify: its private key does not belong to its"
                    + " certificate",
            "check that the peer's private key and certificate are a pair",
            "it could not verify this end's handshake (decrypt_error): this end's private key does not belong to"
                    + " its certificate, or its certificate was not issued by the CA the peer trusts under that name",
            "check that this end's private key belongs to its certificate (openssl x509 -noout -pubkey -in CERT and"
                    + " openssl pkey -pubout -in KEY print the same key) and that the peer trusts the very CA that"
                    + " issued it, not another with the same name"),
    /** The peer's certificate does not name the host that was asked for. */
    HOSTNAME_MISMATCH(
            "the peer's certificate does not match the host name",
            "connect with the name the certificate was issued for, or issue one with that name",
            "this end's certificate does not carry the name it asked for",
            "issue a certificate with the name the peer connects to"),
    /** A certificate in the peer's chain has expired or is not yet valid. */
    EXPIRED_CERTIFICATE(
            "the peer's certificate has expired or is not yet valid",
            "renew the certificate or check the clock",
            "this end's certificate has expired or is not yet valid",
            "renew this end's certificate"),
    /** Both ends enable no TLS version in common. */
    PROTOCOL_VERSION(
            "the two ends have no TLS version in common",
            "enable a common version (TLS 1.2 or 1.3) on both ends",
            "it supports none of the TLS versions this end offered",
            "enable a common version (TLS 1.2 or 1.3) on both ends"),
    /**
     * Both ends enable no cipher suite in common. Reported by the peer, it is its {@code handshake_failure}
     * alert, which a JDK peer also sends when a signature of this end's does not verify (where OpenSSL
     * sends {@code decrypt_error}, {@link #BAD_SIGNATURE}).
     */
    NO_SHARED_CIPHER(
            "the two ends have no cipher suite in common",
            "enable a common cipher suite, or use a key type the peer supports",
            "the handshake failed, usually because no cipher suite is shared (a JDK peer also says so when it"
                    + " cannot verify this end's handshake signature)",
            "enable a common cipher suite, or use a key type the peer supports; if they match, check that this"
                    + " end's private key belongs to its certificate"),
    /** The server requires a client certificate, and none (or an unusable one) was sent. */
    CERTIFICATE_REQUIRED(
            "the server requires a client certificate that was not sent or not accepted",
            "configure the client with a certificate and key (certificate=, privateKey=)",
            "it requires a client certificate that this end did not send or that it does not accept",
            "configure this end with a certificate the server trusts (certificate=, privateKey=)"),
    /** The peer offered ALPN protocols and none is acceptable. */
    NO_APPLICATION_PROTOCOL(
            "the two ends offer no application protocol (ALPN) in common",
            "offer a common ALPN protocol",
            "it accepts none of the application protocols (ALPN) this end offered",
            "offer a common ALPN protocol"),
    /**
     * The peer does not speak TLS: plaintext, garbage, nothing at all before it closed, or a TLS client
     * facing a plaintext server.
     */
    NOT_TLS(
            "the peer did not send TLS (plaintext, garbage or nothing where a TLS record was expected)",
            "speak TLS to a TLS port",
            "what this end sent was not the TLS it expected",
            "speak TLS to a TLS port"),
    /** A record failed its integrity check or was malformed after the handshake. */
    BAD_RECORD(
            "a TLS record was corrupt or malformed",
            "check for something altering the bytes in transit",
            "a TLS record from this end was corrupt",
            "check for something altering the bytes in transit"),
    /** The peer tried to renegotiate a TLS 1.2 session, which weft refuses. */
    RENEGOTIATION_REFUSED(
            "the peer tried to renegotiate the TLS session, which is refused",
            "do not renegotiate",
            "it refuses to renegotiate",
            "do not renegotiate"),
    /** The handshake did not finish within the configured time. */
    HANDSHAKE_TIMEOUT(
            "the TLS handshake did not finish in time",
            "check that the peer speaks TLS on this port",
            "the handshake took too long",
            "check the network"),
    /** Anything else the TLS engine reported. */
    OTHER("the TLS engine reported an error", "see the detail", "it refused the connection", "see the alert");

    private final String description;
    private final String hint;
    private final String peerDescription;
    private final String peerHint;

    TLSErrorKind(String description, String hint, String peerDescription, String peerHint) {
        this.description = description;
        this.hint = hint;
        this.peerDescription = peerDescription;
        this.peerHint = peerHint;
    }

    /** {@return what went wrong as the peer saw it, e.g. "it does not trust this end's certificate (unknown CA)"} */
    public String peerDescription() {
        return peerDescription;
    }

    /** {@return what to do when the peer reported the problem} */
    public String peerHint() {
        return peerHint;
    }

    /** {@return what went wrong, e.g. "the two ends have no TLS version in common"} */
    public String description() {
        return description;
    }

    /** {@return what to do about it, e.g. "enable a common version (TLS 1.2 or 1.3) on both ends"} */
    public String hint() {
        return hint;
    }
}
