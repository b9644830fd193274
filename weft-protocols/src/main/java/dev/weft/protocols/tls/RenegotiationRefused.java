package dev.weft.protocols.tls;

import javax.net.ssl.SSLException;

/** Raised inside the engine loop when a TLS 1.2 peer starts a renegotiation, which weft refuses. */
final class RenegotiationRefused extends SSLException {
    private static final long serialVersionUID = 1L;

    RenegotiationRefused() {
        super("the peer started a TLS renegotiation after the handshake");
    }
}
