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
     * Listens for TCP connections, calling {@code factory.doStart()} before returning.
     * @param port the port number, or 0 for any free port
     * @param factory builds a protocol per connection; returning null closes the connection
     * @param iface the local address to bind, e.g. {@code "::1"}; {@code ""} for all IPv4 interfaces
     * @throws CannotListenError if the address cannot be bound
     */
    IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface);

    /**
     * Listens on {@code port} (0: any free one) of all IPv4 interfaces with the default backlog of 50.
     * @throws CannotListenError if the address cannot be bound
     */
    default IListeningPort listenTCP(int port, IProtocolFactory factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    /**
     * Connects to a TCP server; the outcome reaches {@code factory} later.
     * @param host the server's host name or address literal
     * @param timeout seconds before failing with {@link ConnectTimeoutError}
     * @param bindAddress the local address to bind the client socket to, or null for any
     * @return the connector, the same object the factory's hooks receive
     */
    IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress);

    /** Connects to a TCP server with a 30-second timeout and no bind address. */
    default IConnector connectTCP(String host, int port, ClientFactory factory) {
        return connectTCP(host, port, factory, DEFAULT_TIMEOUT, null);
    }
}
