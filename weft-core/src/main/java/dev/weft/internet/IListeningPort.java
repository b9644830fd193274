package dev.weft.internet;

import dev.weft.defer.Deferred;

/**
 * A port that accepts connections for a factory: Twisted's {@code IListeningPort}, returned by
 * {@code listenTCP} and {@code listenUNIX}, already listening.
 *
 * <p>Confined to the reactor thread.
 */
public interface IListeningPort {
    /**
     * Starts listening again after {@link #stopListening()}; calls the factory's {@code doStart()}.
     *
     * @throws CannotListenError if the port cannot be bound
     */
    void startListening();

    /**
     * Stops accepting connections and closes the socket; connections already accepted go on. The
     * factory's {@code doStop()} is called once the socket is closed.
     *
     * @return a Deferred that fires with null once the port is closed (Twisted may return None; weft
     *     always returns a Deferred, possibly already fired); it fails if the factory's {@code
     *     stopFactory} throws, and the port can then still be restarted
     */
    Deferred<Void> stopListening();

    /**
     * Returns the address this port listens on; for TCP the real port number even when 0 was asked
     * for.
     *
     * @return the local address
     */
    IAddress getHost();
}
