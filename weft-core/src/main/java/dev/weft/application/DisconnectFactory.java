package dev.weft.application;

import dev.weft.defer.Failure;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code _DisconnectFactory}: the factory a {@link ClientService} hands its endpoint for one attempt. Builds
 * the application's protocol behind a {@link ReconnectingProtocolProxy} and remembers that proxy. Confined to the
 * reactor thread.
 */
final class DisconnectFactory implements IProtocolFactory {
    private final IProtocolFactory protocolFactory;
    private final Consumer<Failure> protocolDisconnected;
    private @Nullable ReconnectingProtocolProxy built;

    DisconnectFactory(IProtocolFactory protocolFactory, Consumer<Failure> protocolDisconnected) {
        this.protocolFactory = protocolFactory;
        this.protocolDisconnected = protocolDisconnected;
    }

    /** Builds the application's protocol behind a proxy; a null from the factory gives a proxy that refuses. */
    @Override
    public IProtocol buildProtocol(IAddress addr) {
        ReconnectingProtocolProxy proxy =
                ReconnectingProtocolProxy.wrap(protocolFactory.buildProtocol(addr), protocolDisconnected);
        built = proxy;
        return proxy;
    }

    /** {@return the proxy built last, or null} */
    @Nullable
    ReconnectingProtocolProxy built() {
        return built;
    }

    @Override
    public void doStart() {
        protocolFactory.doStart();
    }

    @Override
    public void doStop() {
        protocolFactory.doStop();
    }

    @Override
    public String toString() {
        return "DisconnectFactory wrapping " + protocolFactory;
    }
}
