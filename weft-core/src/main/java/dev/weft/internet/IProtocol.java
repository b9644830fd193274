package dev.weft.internet;

import dev.weft.defer.Failure;

/**
 * Twisted's {@code IProtocol}: handles one connection's events; most protocols extend {@link Protocol}. {@link
 * #makeConnection} comes first, then any number of {@link #dataReceived} calls, then exactly one {@link
 * #connectionLost}. Confined to the reactor thread: every method is called on it and must not block.
 */
public interface IProtocol {
    /** Connects this protocol to {@code transport}, then calls {@link #connectionMade()}. */
    void makeConnection(ITransport transport);

    /** Reacts to the connection being made, before any {@link #dataReceived}. */
    void connectionMade();

    /** Handles bytes from the peer, chunked arbitrarily, never empty; the array belongs to the protocol from now on. */
    void dataReceived(byte[] data);

    /** Reacts to the end of the connection, once, last: usually {@link ConnectionDone} or {@link ConnectionLost}. */
    void connectionLost(Failure reason);
}
