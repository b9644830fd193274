package dev.weft.internet;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** Twisted's {@code IReactorTCP}: listens for and makes TCP connections. Confined to the reactor thread. */
public interface IReactorTCP {
    /** The listen backlog used when none is given: 50, as Twisted. */
    int DEFAULT_BACKLOG = 50;

    /** The connect timeout in seconds used when none is given: 30, as Twisted. */
    double DEFAULT_TIMEOUT = 30;

    /**
     * Listens for TCP connections on {@code port} (0: any free one) of {@code iface} ({@code ""}: all IPv4 interfaces),
     * calling {@code factory.doStart()} before returning; a factory returning null closes the connection.
     * @throws CannotListenError if the address cannot be bound
     */
    IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface);

    /** Listens on {@code port} (0: any free one) of all IPv4 interfaces with the default backlog of 50. */
    default IListeningPort listenTCP(int port, IProtocolFactory factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    /**
     * Connects to a TCP server, binding {@code bindAddress} (null: any) first, failing with {@link ConnectTimeoutError}
     * after {@code timeout} seconds; returns the connector the factory's hooks receive.
     */
    IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress);

    /** Connects to a TCP server with a 30-second timeout and no bind address. */
    default IConnector connectTCP(String host, int port, ClientFactory factory) {
        return connectTCP(host, port, factory, DEFAULT_TIMEOUT, null);
    }
}
