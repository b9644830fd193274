package dev.weft.internet;

import dev.weft.defer.Failure;
import java.util.function.Supplier;

/**
 * A factory for client connections, told how each attempt goes: Twisted's {@code ClientFactory}.
 * Pass it to {@code connectTCP} or {@code connectUNIX} and override the hooks; calling {@link
 * IConnector#connect()} from {@link #clientConnectionLost} or {@link #clientConnectionFailed}
 * tries again.
 *
 * <p>Confined to the reactor thread.
 */
public class ClientFactory extends Factory {
    /** Creates a factory with no protocol supplier. */
    public ClientFactory() {}

    /**
     * Creates a factory that builds protocols with {@code protocol}.
     * @param protocol called once per connection
     */
    public ClientFactory(Supplier<? extends IProtocol> protocol) {
        super(protocol);
    }

    /**
     * Returns a client factory that builds protocols with {@code protocol}.
     * @param protocol called once per connection, e.g. {@code Greeter::new}
     * @return a new factory
     */
    public static ClientFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        return new ClientFactory(protocol);
    }

    /**
     * Reacts to an attempt having started; does nothing unless overridden.
     * @param connector the attempt; {@link IConnector#stopConnecting()} stops it
     */
    public void startedConnecting(IConnector connector) {}

    /**
     * Reacts to an attempt having failed; does nothing unless overridden.
     * @param connector the attempt
     * @param reason why, usually a {@link ConnectError}
     */
    public void clientConnectionFailed(IConnector connector, Failure reason) {}

    /**
     * Reacts to an established connection having ended; does nothing unless overridden.
     * @param connector the attempt that made the connection
     * @param reason the reason the protocol was given
     */
    public void clientConnectionLost(IConnector connector, Failure reason) {}
}
