package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Connects one protocol instance and hands it over in a Deferred: Twisted's {@code ClientCreator}.
 *
 * <pre>{@code
 * ClientCreator<Greeter> creator = new ClientCreator<>(reactor, Greeter::new);
 * creator.connectTCP("127.0.0.1", port).addCallback(greeter -> greeter.sayHello());
 * }</pre>
 *
 * <p>The Deferred fires after {@code connectionMade}, never synchronously; cancelling it
 * disconnects the connector.
 *
 * <p>Confined to the reactor thread.
 * @param <P> the protocol's type
 */
public final class ClientCreator<P extends IProtocol> {
    private final IReactorTCP tcp;
    private final IReactorUNIX unix;
    private final IReactorTime time;
    private final Supplier<? extends P> protocol;

    /**
     * Creates a creator that connects through {@code reactor} and builds protocols with {@code
     * protocol}.
     * @param reactor the reactor
     * @param protocol called once per connection attempt, e.g. {@code Greeter::new}
     * @param <R> the reactor's type
     */
    public <R extends IReactorTCP & IReactorUNIX & IReactorTime> ClientCreator(
            R reactor, Supplier<? extends P> protocol) {
        this.tcp = reactor;
        this.unix = reactor;
        this.time = reactor;
        this.protocol = protocol;
    }

    /**
     * Connects to a TCP server.
     * @param host the server's host
     * @param port the server's port
     * @param timeout seconds before the attempt fails with {@link ConnectTimeoutError}
     * @param bindAddress the local address to bind, or null for any
     * @return a Deferred that fires with the connected protocol, or fails with the reason
     */
    public Deferred<P> connectTCP(String host, int port, double timeout, @Nullable InetSocketAddress bindAddress) {
        InstanceFactory<P> factory = new InstanceFactory<>(time, protocol.get());
        factory.setConnector(tcp.connectTCP(host, port, factory, timeout, bindAddress));
        return factory.result();
    }

    /**
     * Connects to a TCP server with a 30-second timeout and no bind address.
     * @param host the server's host
     * @param port the server's port
     * @return a Deferred that fires with the connected protocol
     */
    public Deferred<P> connectTCP(String host, int port) {
        return connectTCP(host, port, IReactorTCP.DEFAULT_TIMEOUT, null);
    }

    /**
     * Connects to a UNIX-domain socket.
     * @param path the socket file
     * @param timeout seconds before the attempt fails with {@link ConnectTimeoutError}
     * @return a Deferred that fires with the connected protocol
     */
    public Deferred<P> connectUNIX(String path, double timeout) {
        InstanceFactory<P> factory = new InstanceFactory<>(time, protocol.get());
        factory.setConnector(unix.connectUNIX(path, factory, timeout));
        return factory.result();
    }

    /**
     * Connects to a UNIX-domain socket with a 30-second timeout.
     * @param path the socket file
     * @return a Deferred that fires with the connected protocol
     */
    public Deferred<P> connectUNIX(String path) {
        return connectUNIX(path, IReactorTCP.DEFAULT_TIMEOUT);
    }
}
