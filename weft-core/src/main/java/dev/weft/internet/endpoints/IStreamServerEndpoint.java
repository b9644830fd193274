package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;

/**
 * Twisted's {@code IStreamServerEndpoint}: a place to listen for stream connections, of any kind; make one with {@link
 * Endpoints#serverFromString}. Confined to the reactor thread.
 */
public interface IStreamServerEndpoint {
    /** Starts listening with {@code factory}; fails with a {@link dev.weft.internet.CannotListenError}. */
    Deferred<IListeningPort> listen(IProtocolFactory factory);
}
