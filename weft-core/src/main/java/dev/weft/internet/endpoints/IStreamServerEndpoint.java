package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;

/**
 * A place to listen for stream connections, independent of its kind (TCP, UNIX-domain): Twisted's
 * {@code IStreamServerEndpoint}. Make one from a string with {@link Endpoints#serverFromString}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IStreamServerEndpoint {
    /**
     * Starts listening; each accepted connection gets a protocol from {@code factory}.
     *
     * @param factory builds a protocol per connection; its {@code doStart} is called before the
     *     Deferred fires
     * @return a Deferred that fires with the listening port, or fails with a {@link
     *     dev.weft.internet.CannotListenError}
     */
    Deferred<IListeningPort> listen(IProtocolFactory factory);
}
