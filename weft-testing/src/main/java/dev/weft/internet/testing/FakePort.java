package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;

/**
 * Twisted's {@code _FakePort}: the listening port a {@link MemoryReactor} returns. It binds and accepts nothing, and
 * never calls the factory. Confined to the test thread.
 */
public final class FakePort implements IListeningPort {
    private final IAddress host;

    /** Creates a port that reports {@code host} as its address. */
    public FakePort(IAddress host) {
        this.host = host;
    }

    /** Does nothing. */
    @Override
    public void startListening() {}

    /** Does nothing and returns a Deferred already fired with null. */
    @Override
    public Deferred<Void> stopListening() {
        return Deferred.succeed(null);
    }

    /** Returns the address given at construction. */
    @Override
    public IAddress getHost() {
        return host;
    }

    /** Describes the port for failure messages. */
    @Override
    public String toString() {
        return "FakePort[" + host + "]";
    }
}
