package dev.weft.internet;

/**
 * A client factory that hears when its protocol's {@code connectionMade} returned normally, from
 * connectors whose {@link IConnector#reportsConnectionMade()} is true.
 *
 * <p>Called on the reactor thread.
 */
public interface IConnectionMadeListener {
    /**
     * Reacts to the protocol being connected.
     * @param protocol the protocol, after its {@code connectionMade} returned normally
     */
    void connectionMade(IProtocol protocol);
}
