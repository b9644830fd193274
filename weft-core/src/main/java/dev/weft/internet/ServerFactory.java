package dev.weft.internet;

import java.util.function.Supplier;

/**
 * Marks a factory as meant for listening ports: Twisted's {@code ServerFactory}. It adds nothing to
 * {@link Factory}.
 *
 * <p>Confined to the reactor thread.
 */
public class ServerFactory extends Factory {
    /** Creates a factory with no protocol supplier. */
    public ServerFactory() {}

    /**
     * Creates a factory that builds protocols with {@code protocol}.
     * @param protocol called once per connection
     */
    public ServerFactory(Supplier<? extends IProtocol> protocol) {
        super(protocol);
    }

    /**
     * Returns a server factory that builds protocols with {@code protocol}.
     * @param protocol called once per connection, e.g. {@code Echo::new}
     * @return a new factory
     */
    public static ServerFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        return new ServerFactory(protocol);
    }
}
