package dev.weft.internet;

/**
 * Listens for and makes UNIX-domain stream connections: Twisted's {@code IReactorUNIX}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IReactorUNIX {
    /**
     * Listens on a UNIX-domain socket at {@code path}.
     * @param path where to create the socket file
     * @param factory builds a protocol per connection; returning null closes the connection
     * @param backlog the size of the queue of pending connections
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     */
    IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog);

    /**
     * Listens on a UNIX-domain socket whose file gets the permission bits {@code mode}; the default
     * ignores {@code mode}.
     * @param path the socket file to create
     * @param factory builds a protocol per connection
     * @param backlog the listen queue's length
     * @param mode the file's permission bits, e.g. {@code 0666}
     * @return the listening port
     */
    default IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog, int mode) {
        return listenUNIX(path, factory, backlog);
    }

    /**
     * Listens on a UNIX-domain socket with the default backlog of 50.
     * @param path where to create the socket file
     * @param factory builds a protocol per connection
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     */
    default IListeningPort listenUNIX(String path, IProtocolFactory factory) {
        return listenUNIX(path, factory, IReactorTCP.DEFAULT_BACKLOG);
    }

    /**
     * Connects to a UNIX-domain socket.
     * @param path the socket file
     * @param factory builds the protocol and hears about the connection's fate
     * @param timeout seconds to wait before failing with {@link ConnectTimeoutError}
     * @return the connector
     */
    IConnector connectUNIX(String path, ClientFactory factory, double timeout);

    /**
     * Connects to a UNIX-domain socket with a 30-second timeout.
     * @param path the socket file
     * @param factory builds the protocol and hears about the connection's fate
     * @return the connector
     */
    default IConnector connectUNIX(String path, ClientFactory factory) {
        return connectUNIX(path, factory, IReactorTCP.DEFAULT_TIMEOUT);
    }
}
