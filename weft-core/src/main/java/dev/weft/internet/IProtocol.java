package dev.weft.internet;

import dev.weft.defer.Failure;

/**
 * Handles one connection's events: Twisted's {@code IProtocol}; most protocols extend {@link
 * Protocol}. {@link #makeConnection} comes first, then any number of {@link #dataReceived} calls,
 * then exactly one {@link #connectionLost}.
 *
 * <p>Confined to the reactor thread: every method is called on it and must not block.
 */
public interface IProtocol {
    /**
     * Connects this protocol to {@code transport} and then calls {@link #connectionMade()}.
     * @param transport the transport this protocol writes to from now on
     */
    void makeConnection(ITransport transport);

    /** Reacts to the connection being made, before any {@link #dataReceived}. */
    void connectionMade();

    /**
     * Handles bytes that arrived from the peer, chunked arbitrarily.
     * @param data the bytes, never empty; the array belongs to the protocol from now on
     */
    void dataReceived(byte[] data);

    /**
     * Reacts to the end of the connection. Called exactly once, last.
     * @param reason usually a {@link ConnectionDone} (clean close) or a {@link ConnectionLost}
     */
    void connectionLost(Failure reason);
}
