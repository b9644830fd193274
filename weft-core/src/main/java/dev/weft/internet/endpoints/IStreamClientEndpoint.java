package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;

/**
 * A stream server to connect to, independent of its kind (TCP, UNIX-domain): Twisted's {@code
 * IStreamClientEndpoint}. Make one from a string with {@link Endpoints#clientFromString}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IStreamClientEndpoint {
    /**
     * Connects once, with a protocol from {@code factory}.
     *
     * @param factory builds the protocol ({@code buildProtocol(serverAddress)}); its {@code doStart}
     *     and {@code doStop} bracket the attempt; it need not be a {@code ClientFactory}
     * @return a Deferred that fires with the protocol once its {@code connectionMade} has returned,
     *     or fails with the {@link dev.weft.internet.ConnectError} of a failed attempt (or what {@code
     *     buildProtocol} or {@code connectionMade} threw); cancelling it before then stops the attempt
     *     and fails it with {@code CancelledError}
     */
    Deferred<IProtocol> connect(IProtocolFactory factory);
}
