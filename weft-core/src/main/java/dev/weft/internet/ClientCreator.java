package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code ClientCreator}: connects one protocol instance and hands it over in a Deferred.
 *
 * <pre>{@code
 * ClientCreator<Greeter> creator = new ClientCreator<>(reactor, Greeter::new);
 * creator.connectTCP("127.0.0.1", port).addCallback(greeter -> greeter.sayHello());
 * }</pre>
 *
 * <p>The Deferred fires after {@code connectionMade}, never synchronously, or fails with the reason; cancelling it
 * disconnects the connector. Confined to the reactor thread.
 */
public final class ClientCreator<P extends IProtocol> {
    private final IReactorTCP tcp;
    private final IReactorUNIX unix;
    private final IReactorTime time;
    private final Supplier<? extends P> protocol;

    /** Creates a creator connecting through {@code reactor} and calling {@code protocol} once per attempt. */
    public <R extends IReactorTCP & IReactorUNIX & IReactorTime> ClientCreator(
            R reactor, Supplier<? extends P> protocol) {
        this.tcp = reactor;
        this.unix = reactor;
        this.time = reactor;
        this.protocol = protocol;
    }

    /**
     * Connects to a TCP server, binding {@code bindAddress} (unless null) first; fails after {@code timeout} seconds.
     */
    public Deferred<P> connectTCP(String host, int port, double timeout, @Nullable InetSocketAddress bindAddress) {
        InstanceFactory<P> factory = new InstanceFactory<>(time, protocol.get());
        factory.setConnector(tcp.connectTCP(host, port, factory, timeout, bindAddress));
        return factory.result();
    }

    /** Connects to a TCP server with a 30-second timeout and no bind address. */
    public Deferred<P> connectTCP(String host, int port) {
        return connectTCP(host, port, IReactorTCP.DEFAULT_TIMEOUT, null);
    }

    /** Connects to a UNIX-domain socket, failing with {@link ConnectTimeoutError} after {@code timeout} seconds. */
    public Deferred<P> connectUNIX(String path, double timeout) {
        InstanceFactory<P> factory = new InstanceFactory<>(time, protocol.get());
        factory.setConnector(unix.connectUNIX(path, factory, timeout));
        return factory.result();
    }

    /** Connects to a UNIX-domain socket with a 30-second timeout. */
    public Deferred<P> connectUNIX(String path) {
        return connectUNIX(path, IReactorTCP.DEFAULT_TIMEOUT);
    }
}
