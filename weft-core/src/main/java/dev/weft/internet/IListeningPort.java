package dev.weft.internet;

import dev.weft.defer.Deferred;

/**
 * Twisted's {@code IListeningPort}: a port that accepts connections for a factory, returned already listening by {@code
 * listenTCP} and {@code listenUNIX}. Confined to the reactor thread.
 */
public interface IListeningPort {
    /** Listens again after {@link #stopListening()}, calling {@code doStart()}; may throw {@link CannotListenError}. */
    void startListening();

    /** Stops accepting connections and closes the socket (accepted ones go on); fails if {@code stopFactory} throws. */
    Deferred<Void> stopListening();

    /** {@return the address this port listens on}, with the real port number even when 0 was asked for. */
    IAddress getHost();
}
