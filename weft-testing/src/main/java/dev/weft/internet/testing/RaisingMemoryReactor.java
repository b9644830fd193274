package dev.weft.internet.testing;

import dev.weft.internet.ClientFactory;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MemoryReactor} whose listen and connect calls throw configured exceptions (Twisted's {@code
 * RaisingMemoryReactor}). The same instance is thrown every time, before anything is recorded; a null exception makes
 * that family record as a plain memory reactor (see DEVIATIONS.md).
 *
 * <pre>{@code
 * CannotListenError busy = new CannotListenError("", 8080, new BindException("Address already in use"));
 * RaisingMemoryReactor reactor = new RaisingMemoryReactor(busy, null);
 * assertThatThrownBy(() -> server.start(reactor)).isSameAs(busy);
 * }</pre>
 *
 * <p>Confined to the test thread, except {@link #callFromThread(Runnable)}.
 */
public class RaisingMemoryReactor extends MemoryReactor {
    private final @Nullable RuntimeException listenException;
    private final @Nullable RuntimeException connectException;

    /** Creates a reactor whose listen and connect calls throw these exceptions; null ones record instead. */
    public RaisingMemoryReactor(
            @Nullable RuntimeException listenException, @Nullable RuntimeException connectException) {
        this.listenException = listenException;
        this.connectException = connectException;
    }

    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        throwIfSet(listenException);
        return super.listenTCP(port, factory, backlog, iface);
    }

    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        throwIfSet(listenException);
        return super.listenUNIX(path, factory, backlog);
    }

    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        throwIfSet(connectException);
        return super.connectTCP(host, port, factory, timeout, bindAddress);
    }

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
