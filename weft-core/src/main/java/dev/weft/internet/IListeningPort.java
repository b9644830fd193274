package dev.weft.internet;

import dev.weft.defer.Deferred;

/**
 * A port that accepts connections for a factory: Twisted's {@code IListeningPort}, returned already
 * listening by {@code listenTCP} and {@code listenUNIX}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IListeningPort {
    /**
     * Starts listening again after {@link #stopListening()}; calls the factory's {@code doStart()}.
     * @throws CannotListenError if the port cannot be bound
     */
    void startListening();

    /**
     * Stops accepting connections and closes the socket; accepted connections go on.
     * @return a Deferred that fires once the port is closed, or fails if {@code stopFactory} throws
     */
    Deferred<Void> stopListening();

    /** {@return the address this port listens on}, with the real port number even when 0 was asked for. */
    IAddress getHost();
}
