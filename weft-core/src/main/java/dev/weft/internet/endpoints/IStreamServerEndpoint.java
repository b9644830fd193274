package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;

/**
 * A place to listen for stream connections, of any kind: Twisted's {@code IStreamServerEndpoint}.
 * Make one with {@link Endpoints#serverFromString}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IStreamServerEndpoint {
    /**
     * Starts listening; each accepted connection gets a protocol from {@code factory}.
     * @param factory builds a protocol per connection
     * @return a Deferred that fires with the port, or fails with a {@link dev.weft.internet.CannotListenError}
     */
    Deferred<IListeningPort> listen(IProtocolFactory factory);
}
