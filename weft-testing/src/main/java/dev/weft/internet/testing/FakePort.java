package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;

/**
 * The listening port a {@link MemoryReactor} returns: Twisted's {@code _FakePort}. It binds and
 * accepts nothing, and never calls the factory.
 *
 * <p>Confined to the test thread.
 */
public final class FakePort implements IListeningPort {
    private final IAddress host;

    /**
     * Creates a port that reports {@code host} as its address.
     *
     * @param host what {@link #getHost()} returns
     */
    public FakePort(IAddress host) {
        this.host = host;
    }

    /** Does nothing. */
    @Override
    public void startListening() {}

    /**
     * Does nothing and reports that it is done.
     *
     * @return a Deferred already fired with null
     */
    @Override
    public Deferred<Void> stopListening() {
        return Deferred.succeed(null);
    }

    /**
     * Returns the address given at construction.
     *
     * @return the port's address
     */
    @Override
    public IAddress getHost() {
        return host;
    }

    /**
     * Describes the port for failure messages.
     *
     * @return the class and the address
     */
    @Override
    public String toString() {
        return "FakePort[" + host + "]";
    }
}
