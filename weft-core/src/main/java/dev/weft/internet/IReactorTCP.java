package dev.weft.internet;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Listens for and makes TCP connections: Twisted's {@code IReactorTCP}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IReactorTCP {
    /** The listen backlog used when none is given: 50, as Twisted. */
    int DEFAULT_BACKLOG = 50;

    /** The connect timeout in seconds used when none is given: 30, as Twisted. */
    double DEFAULT_TIMEOUT = 30;

    /**
     * Listens for TCP connections, calling {@code factory.doStart()} before returning.
     * @param port the port number, or 0 for any free port
     * @param factory builds a protocol per connection; returning null closes the connection
     * @param backlog the size of the queue of pending connections
     * @param iface the local address to bind, e.g. {@code "::1"}; {@code ""} for all IPv4 interfaces
     * @return the listening port
     * @throws CannotListenError if the address cannot be bound
     */
    IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface);

    /**
     * Listens for TCP connections on all IPv4 interfaces with the default backlog of 50.
     * @param port the port number, or 0 for any free port
     * @param factory builds a protocol per connection
     * @return the listening port
     * @throws CannotListenError if the address cannot be bound
     */
    default IListeningPort listenTCP(int port, IProtocolFactory factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    /**
     * Connects to a TCP server; the outcome reaches {@code factory} later.
     * @param host the server's host name or address literal
     * @param port the server's port
     * @param factory builds the protocol and hears about the connection's fate
     * @param timeout seconds before failing with {@link ConnectTimeoutError}
     * @param bindAddress the local address to bind the client socket to, or null for any
     * @return the connector, the same object the factory's hooks receive
     */
    IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress);

    /**
     * Connects to a TCP server with a 30-second timeout and no bind address.
     * @param host the server's host name or address literal
     * @param port the server's port
     * @param factory builds the protocol and hears about the connection's fate
     * @return the connector
     */
    default IConnector connectTCP(String host, int port, ClientFactory factory) {
        return connectTCP(host, port, factory, DEFAULT_TIMEOUT, null);
    }
}
