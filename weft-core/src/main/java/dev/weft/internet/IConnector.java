package dev.weft.internet;

/**
 * One client connection attempt and the connection it makes: Twisted's {@code IConnector}, passed
 * to every {@link ClientFactory} hook of one attempt.
 *
 * <p>Confined to the reactor thread.
 */
public interface IConnector {
    /**
     * Stops the attempt in progress; the factory then gets a {@link UserError}.
     * @throws NotConnectingError if the connector is not connecting
     */
    void stopConnecting();

    /** Stops connecting if connecting, or closes the connection if connected. */
    void disconnect();

    /**
     * Starts a new attempt, reusing this connector.
     * @throws IllegalStateException if the connector is connecting or connected
     */
    void connect();

    /** {@return the address this connector connects to} */
    IAddress getDestination();

    /** {@return whether this connector notifies an {@link IConnectionMadeListener} factory}; false by default. */
    default boolean reportsConnectionMade() {
        return false;
    }
}
