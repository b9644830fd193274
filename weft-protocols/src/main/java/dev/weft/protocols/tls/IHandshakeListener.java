package dev.weft.protocols.tls;

/**
 * Lets a protocol wrapped in TLS hear when the handshake has completed: Twisted's {@code
 * IHandshakeListener}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IHandshakeListener {
    /**
     * Reacts to the TLS handshake having completed. Called once per connection, before any {@code
     * dataReceived} and before writes queued during the handshake are sent; the peer's certificate
     * and the negotiated protocol are already available from the {@link ISSLTransport}.
     */
    void handshakeCompleted();
}
