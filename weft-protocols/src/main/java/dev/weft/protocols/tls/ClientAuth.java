package dev.weft.protocols.tls;

/**
 * Whether a TLS server asks its clients for a certificate.
 *
 * <p>Immutable; thread-safe.
 */
public enum ClientAuth {
    /** Ask for none (Twisted's default for servers). */
    NONE,
    /** Ask for one, and accept a client that sends none. */
    REQUEST,
    /** Ask for one and refuse a client that sends none or an untrusted one. */
    REQUIRE
}
