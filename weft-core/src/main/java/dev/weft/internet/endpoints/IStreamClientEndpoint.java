package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.Factory;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;

/**
 * Twisted's {@code IStreamClientEndpoint}: a stream server to connect to, of any kind; make one with {@link
 * Endpoints#clientFromString}. Confined to the reactor thread.
 *
 * <pre>{@code
 * endpoint.connectProtocol(new LineSender()).addCallback(sender -> sender.sendLine("hello"));
 * }</pre>
 */
public interface IStreamClientEndpoint {
    /**
     * Connects once, with a protocol from {@code factory} (not necessarily a {@code ClientFactory}).
     * @return a Deferred that fires with the protocol after its {@code connectionMade}, or fails with a {@link
     * dev.weft.internet.ConnectError}; cancelling it stops the attempt
     */
    Deferred<IProtocol> connect(IProtocolFactory factory);

    /** Connects {@code protocol} itself, as {@link #connect} does: Twisted's {@code connectProtocol}. */
    default <P extends IProtocol> Deferred<P> connectProtocol(P protocol) {
        return connect(Factory.forProtocol(() -> protocol)).addCallback(connected -> protocol);
    }
}
