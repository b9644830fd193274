package dev.weft.internet;

/**
 * A client factory that wants to hear when its protocol's {@code connectionMade} returned normally.
 * A reactor whose connectors say so ({@link IConnector#reportsConnectionMade()}) tells a factory
 * that implements this, once per connection; client endpoints use it to fire their {@code
 * Deferred} without wrapping the protocol.
 *
 * <p>Called on the reactor thread.
 */
public interface IConnectionMadeListener {
    /**
     * Reacts to the protocol being connected.
     *
     * @param protocol the protocol, after its {@code connectionMade} returned normally
     */
    void connectionMade(IProtocol protocol);
}
