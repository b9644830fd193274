package dev.weft.protocols.tls;

/**
 * Lets a protocol wrapped in TLS hear when the handshake has completed: Twisted's {@code
 * IHandshakeListener}. Confined to the reactor thread.
 */
public interface IHandshakeListener {
    /** Called once, before any {@code dataReceived} and before writes queued during the handshake are sent. */
    void handshakeCompleted();
}
