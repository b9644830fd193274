package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.Factory;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;

/**
 * A stream server to connect to, of any kind: Twisted's {@code IStreamClientEndpoint}. Make one
 * with {@link Endpoints#clientFromString}.
 *
 * <pre>{@code
 * endpoint.connectProtocol(new LineSender()).addCallback(sender -> sender.sendLine("hello"));
 * }</pre>
 *
 * <p>Confined to the reactor thread.
 */
public interface IStreamClientEndpoint {
    /**
     * Connects once, with a protocol from {@code factory}.
     * @param factory builds the protocol; it need not be a {@code ClientFactory}
     * @return a Deferred that fires with the protocol after its {@code connectionMade}, or fails with a
     *     {@link dev.weft.internet.ConnectError}; cancelling it stops the attempt
     */
    Deferred<IProtocol> connect(IProtocolFactory factory);

    /**
     * Connects {@code protocol} itself: Twisted's {@code connectProtocol(endpoint, protocol)}.
     * @param protocol the protocol to connect; used for this one connection
     * @param <P> the protocol's type
     * @return a Deferred that fires with {@code protocol}, as {@link #connect} does
     */
    default <P extends IProtocol> Deferred<P> connectProtocol(P protocol) {
        return connect(Factory.forProtocol(() -> protocol)).addCallback(connected -> protocol);
    }
}
