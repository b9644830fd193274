package dev.weft.internet;

import dev.weft.internet.task.Clock;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A recording TCP/UNIX reactor with a {@link Clock}, standing in for weft-testing's
 * MemoryReactorClock (which lives in a module that depends on this one): connect calls are recorded,
 * {@code startedConnecting} is called synchronously, and no connection is ever made by itself.
 */
final class FakeConnectingReactor implements IReactorTCP, IReactorUNIX, IReactorTime {
    record TcpClient(
            String host,
            int port,
            ClientFactory factory,
            double timeout,
            @Nullable InetSocketAddress bindAddress,
            RecordingConnector connector) {}

    record UnixClient(String path, ClientFactory factory, double timeout, RecordingConnector connector) {}

    final Clock clock = new Clock();
    final List<TcpClient> tcpClients = new ArrayList<>();
    final List<UnixClient> unixClients = new ArrayList<>();

    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        RecordingConnector connector = new RecordingConnector(IPv4Address.tcp(host, port));
        tcpClients.add(new TcpClient(host, port, factory, timeout, bindAddress, connector));
        factory.startedConnecting(connector);
        return connector;
    }

    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        RecordingConnector connector = new RecordingConnector(new UNIXAddress(path));
        unixClients.add(new UnixClient(path, factory, timeout, connector));
        factory.startedConnecting(connector);
        return connector;
    }

    @Override
    public double seconds() {
        return clock.seconds();
    }

    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        return clock.callLater(delaySeconds, call);
    }

    @Override
    public List<IDelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }
}
