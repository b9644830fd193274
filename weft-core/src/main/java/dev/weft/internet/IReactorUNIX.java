package dev.weft.internet;

/**
 * Twisted's {@code IReactorUNIX}: listens for and makes UNIX-domain stream connections. Confined to the reactor thread.
 */
public interface IReactorUNIX {
    /**
     * Listens on a UNIX-domain socket created at {@code path}; throws {@link CannotListenError} if it cannot be bound.
     */
    IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog);

    /** Listens on a UNIX-domain socket whose file gets mode {@code mode}, e.g. {@code 0666}; the default ignores it. */
    default IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog, int mode) {
        return listenUNIX(path, factory, backlog);
    }

    /** Listens on a UNIX-domain socket with the default backlog of 50; may throw {@link CannotListenError}. */
    default IListeningPort listenUNIX(String path, IProtocolFactory factory) {
        return listenUNIX(path, factory, IReactorTCP.DEFAULT_BACKLOG);
    }

    /** Connects to a UNIX-domain socket, failing with {@link ConnectTimeoutError} after {@code timeout} seconds. */
    IConnector connectUNIX(String path, ClientFactory factory, double timeout);

    /** Connects to a UNIX-domain socket with a 30-second timeout. */
    default IConnector connectUNIX(String path, ClientFactory factory) {
        return connectUNIX(path, factory, IReactorTCP.DEFAULT_TIMEOUT);
    }
}
