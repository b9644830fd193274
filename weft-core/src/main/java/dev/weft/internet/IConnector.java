package dev.weft.internet;

/**
 * One client connection attempt and the connection it makes: Twisted's {@code IConnector}, returned
 * by {@code connectTCP} and {@code connectUNIX} and passed to the {@link ClientFactory}'s hooks. The
 * same connector is passed to every hook of one attempt, and calling {@link #connect()} from {@link
 * ClientFactory#clientConnectionLost} or {@link ClientFactory#clientConnectionFailed} tries again.
 *
 * <p>Confined to the reactor thread.
 */
public interface IConnector {
    /**
     * Stops the attempt in progress; the factory's {@code clientConnectionFailed} then gets a {@link
     * UserError}.
     *
     * @throws NotConnectingError if the connector is not connecting
     */
    void stopConnecting();

    /**
     * Stops connecting if connecting, or closes the connection (as {@link
     * ITransport#loseConnection()}) if connected; does nothing otherwise.
     */
    void disconnect();

    /**
     * Starts a new attempt, reusing this connector.
     *
     * @throws IllegalStateException if the connector is connecting or connected (Twisted's {@code
     *     RuntimeError})
     */
    void connect();

    /**
     * Returns the address this connector connects to.
     *
     * @return the destination, e.g. an {@link IPv4Address} for TCP or a {@link UNIXAddress}
     */
    IAddress getDestination();

    /**
     * Says whether this connector tells an {@link IConnectionMadeListener} factory when its
     * protocol's {@code connectionMade} returned.
     *
     * @return true if it does; false (the default) if the factory must not wait for that call
     */
    default boolean reportsConnectionMade() {
        return false;
    }
}
