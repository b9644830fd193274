package dev.weft.internet;

import dev.weft.defer.Failure;
import java.util.function.Supplier;

/**
 * Twisted's {@code ClientFactory}: a factory for client connections, told how each attempt goes. Pass it to {@code
 * connectTCP} or {@code connectUNIX} and override the hooks; calling {@link IConnector#connect()} from {@link
 * #clientConnectionLost} or {@link #clientConnectionFailed} tries again. Confined to the reactor thread.
 */
public class ClientFactory extends Factory {
    /** Creates a factory with no protocol supplier. */
    public ClientFactory() {}

    /** Creates a factory that calls {@code protocol} once per connection. */
    public ClientFactory(Supplier<? extends IProtocol> protocol) {
        super(protocol);
    }

    /**
     * Returns a client factory that calls {@code protocol} once per connection, e.g. {@code Greeter::new}. A static method: a
     * subclass that does not declare its own gets this one, which builds a plain {@code ClientFactory} (unlike Twisted's
     * classmethod); {@code Factory.forProtocol(MyFactory::new, Greeter::new)} builds a subclass.
     */
    public static ClientFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        return new ClientFactory(protocol);
    }

    /** Reacts to an attempt having started ({@link IConnector#stopConnecting()} stops it); does nothing here. */
    public void startedConnecting(IConnector connector) {}

    /** Reacts to an attempt having failed, usually with a {@link ConnectError}; does nothing unless overridden. */
    public void clientConnectionFailed(IConnector connector, Failure reason) {}

    /** Reacts to an established connection having ended, with the protocol's reason; does nothing here. */
    public void clientConnectionLost(IConnector connector, Failure reason) {}
}
