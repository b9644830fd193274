package dev.weft.internet;

import java.util.function.Supplier;

/**
 * Twisted's {@code ServerFactory}: marks a factory as meant for listening ports; it adds nothing to {@link Factory}.
 * Confined to the reactor thread.
 */
public class ServerFactory extends Factory {
    /** Creates a factory with no protocol supplier. */
    public ServerFactory() {}

    /** Creates a factory that calls {@code protocol} once per connection. */
    public ServerFactory(Supplier<? extends IProtocol> protocol) {
        super(protocol);
    }

    /**
     * Returns a server factory that calls {@code protocol} once per connection, e.g. {@code Echo::new}. A static method: a
     * subclass that does not declare its own gets this one, which builds a plain {@code ServerFactory} (unlike Twisted's
     * classmethod); {@code Factory.forProtocol(MyFactory::new, Echo::new)} builds a subclass.
     */
    public static ServerFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        return new ServerFactory(protocol);
    }
}
