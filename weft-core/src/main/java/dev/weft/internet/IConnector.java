package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code IConnector}: one client connection attempt and the connection it makes, passed to every {@link
 * ClientFactory} hook of one attempt. Confined to the reactor thread.
 */
public interface IConnector {
    /**
     * Stops the attempt (the factory gets a {@link UserError}); throws {@link NotConnectingError} if not connecting.
     */
    void stopConnecting();

    /** Stops connecting if connecting, or closes the connection if connected. */
    void disconnect();

    /** Starts a new attempt with this connector; throws {@link IllegalStateException} if connecting or connected. */
    void connect();

    /** {@return the address this connector connects to} */
    IAddress getDestination();

    /** {@return whether this connector notifies an {@link IConnectionMadeListener} factory}; false by default. */
    default boolean reportsConnectionMade() {
        return false;
    }

    /**
     * {@return the clock of the reactor this connector belongs to, or null if it has none}; a {@link
     * ReconnectingClientFactory} built without a clock schedules its retries on it. Null by default.
     */
    default @Nullable IReactorTime reactorTime() {
        return null;
    }
}
