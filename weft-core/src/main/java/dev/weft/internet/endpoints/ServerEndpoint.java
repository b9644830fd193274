package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import java.util.Objects;
import java.util.function.Function;

/**
 * A server endpoint that listens through a function of the reactor; an exception of the listen call becomes a failed
 * Deferred. Confined to the reactor thread.
 */
final class ServerEndpoint implements IStreamServerEndpoint {
    private final Function<IProtocolFactory, IListeningPort> listener;
    private final String description;

    /** Creates an endpoint listening with {@code listener}; {@code description} is its {@link #toString()}. */
    public ServerEndpoint(Function<IProtocolFactory, IListeningPort> listener, String description) {
        this.listener = listener;
        this.description = description;
    }

    @Override
    public Deferred<IListeningPort> listen(IProtocolFactory factory) {
        Objects.requireNonNull(factory, "factory");
        IListeningPort port;
        try {
            port = listener.apply(factory);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return Deferred.succeed(port);
    }

    @Override
    public String toString() {
        return description;
    }
}
