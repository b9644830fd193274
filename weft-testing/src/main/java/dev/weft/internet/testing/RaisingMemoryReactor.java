package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MemoryReactor} whose listen and connect calls throw configured exceptions: Twisted's
 * {@code RaisingMemoryReactor}, for testing how code copes with {@code CannotListenError} or a
 * connect that fails synchronously.
 *
 * <pre>{@code
 * CannotListenError busy = new CannotListenError("", 8080, new BindException("Address already in use"));
 * RaisingMemoryReactor reactor = new RaisingMemoryReactor(busy, null);
 * assertThatThrownBy(() -> server.start(reactor)).isSameAs(busy);
 * }</pre>
 *
 * <p>{@code listenTCP} and {@code listenUNIX} throw the listen exception; {@code connectTCP} and
 * {@code connectUNIX} throw the connect exception; the same instance every time, before anything is
 * recorded or any factory method is called. It extends {@link MemoryReactor}: a family whose
 * exception is null records its calls as a plain memory reactor does (DEVIATIONS.md).
 *
 * <p>Confined to the test thread, except {@link #callFromThread(Runnable)}.
 */
public class RaisingMemoryReactor extends MemoryReactor {
    private final @Nullable RuntimeException listenException;
    private final @Nullable RuntimeException connectException;

    /**
     * Creates a reactor that throws {@code listenException} from every listen call and {@code
     * connectException} from every connect call.
     *
     * @param listenException what {@code listenTCP}/{@code listenUNIX} throw, or null to record them
     * @param connectException what {@code connectTCP}/{@code connectUNIX} throw, or null to record
     *     them
     */
    public RaisingMemoryReactor(
            @Nullable RuntimeException listenException, @Nullable RuntimeException connectException) {
        this.listenException = listenException;
        this.connectException = connectException;
    }

    /**
     * Throws the listen exception, or records the call as {@link MemoryReactor#listenTCP} does when
     * there is none.
     *
     * @param port the port number
     * @param factory untouched
     * @param backlog the backlog
     * @param iface the interface
     * @return the port, when no listen exception is configured
     */
    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        throwIfSet(listenException);
        return super.listenTCP(port, factory, backlog, iface);
    }

    /**
     * Throws the listen exception, or records the call as {@link MemoryReactor#listenUNIX} does when
     * there is none.
     *
     * @param path the socket path
     * @param factory untouched
     * @param backlog the backlog
     * @return the port, when no listen exception is configured
     */
    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        throwIfSet(listenException);
        return super.listenUNIX(path, factory, backlog);
    }

    /**
     * Throws the connect exception (without calling {@code startedConnecting}), or records the call
     * as {@link MemoryReactor#connectTCP} does when there is none.
     *
     * @param host the host
     * @param port the port
     * @param factory untouched when throwing
     * @param timeout the timeout
     * @param bindAddress the bind address
     * @return the connector, when no connect exception is configured
     */
    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        throwIfSet(connectException);
        return super.connectTCP(host, port, factory, timeout, bindAddress);
    }

    /**
     * Throws the connect exception (without calling {@code startedConnecting}), or records the call
     * as {@link MemoryReactor#connectUNIX} does when there is none.
     *
     * @param path the socket path
     * @param factory untouched when throwing
     * @param timeout the timeout
     * @return the connector, when no connect exception is configured
     */
    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        throwIfSet(connectException);
        return super.connectUNIX(path, factory, timeout);
    }

    private static void throwIfSet(@Nullable RuntimeException exception) {
        if (exception != null) {
            throw exception;
        }
    }
}
