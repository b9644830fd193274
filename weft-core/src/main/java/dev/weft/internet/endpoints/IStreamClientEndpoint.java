package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.Factory;
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

    /**
     * Connects {@code protocol} itself: Twisted's {@code connectProtocol(endpoint, protocol)}. The
     * Deferred is typed by the protocol, so no cast is needed to use it.
     *
     * <pre>{@code
     * endpoint.connectProtocol(new LineSender()).addCallback(sender -> sender.sendLine("hello"));
     * }</pre>
     *
     * @param protocol the protocol to connect; used for this one connection
     * @param <P> the protocol's type
     * @return a Deferred that fires with {@code protocol}, as {@link #connect} does
     */
    default <P extends IProtocol> Deferred<P> connectProtocol(P protocol) {
        return connect(Factory.forProtocol(() -> protocol)).addCallback(connected -> protocol);
    }
}
