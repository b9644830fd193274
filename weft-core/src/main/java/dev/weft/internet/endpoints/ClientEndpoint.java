package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import java.util.Objects;
import java.util.function.Function;

/** A client endpoint that connects through a function of the reactor; confined to the reactor thread. */
final class ClientEndpoint implements IStreamClientEndpoint {
    private final Function<ClientFactory, IConnector> dialer;
    private final String description;

    /** Creates an endpoint: {@code dialer} starts an attempt; {@code description} is its {@link #toString()}. */
    public ClientEndpoint(Function<ClientFactory, IConnector> dialer, String description) {
        this.dialer = dialer;
        this.description = description;
    }

    @Override
    public Deferred<IProtocol> connect(IProtocolFactory factory) {
        Objects.requireNonNull(factory, "factory");
        EndpointClientFactory wrapper = new EndpointClientFactory(factory);
        IConnector connector;
        try {
            connector = dialer.apply(wrapper);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return wrapper.attach(connector);
    }

    @Override
    public String toString() {
        return description;
    }
}
