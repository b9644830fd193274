package dev.weft.internet;

/**
 * A client factory that hears when its protocol's {@code connectionMade} returned normally, from connectors whose
 * {@link IConnector#reportsConnectionMade()} is true. Called on the reactor thread.
 */
public interface IConnectionMadeListener {
    /** Reacts to {@code protocol}'s {@code connectionMade} having returned normally. */
    void connectionMade(IProtocol protocol);
}
