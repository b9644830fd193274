package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorUNIX;
import dev.weft.internet.UNIXAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A reactor that only records the listen and connect calls it gets, for endpoint-parsing tests. */
final class RecordingReactor implements IReactorTCP, IReactorUNIX {
    final List<String> calls = new ArrayList<>();

    private static final IListeningPort PORT = new IListeningPort() {
        @Override
        public void startListening() {}

        @Override
        public Deferred<Void> stopListening() {
            return Deferred.succeed(null);
        }

        @Override
        public IAddress getHost() {
            return new UNIXAddress(null);
        }
    };

    private static final IConnector CONNECTOR = new IConnector() {
        @Override
        public void stopConnecting() {}

        @Override
        public void disconnect() {}

        @Override
        public void connect() {}

        @Override
        public IAddress getDestination() {
            return new UNIXAddress(null);
        }
    };

    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        calls.add("listenTCP " + port + " backlog=" + backlog + " iface=" + iface);
        return PORT;
    }

    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        calls.add("connectTCP " + host + " " + port + " timeout=" + timeout + " bind="
                + (bindAddress == null
                        ? "none"
                        : bindAddress.getAddress().getHostAddress() + ":" + bindAddress.getPort()));
        return CONNECTOR;
    }

    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        calls.add("listenUNIX " + path + " backlog=" + backlog);
        return PORT;
    }

    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        calls.add("connectUNIX " + path + " timeout=" + timeout);
        return CONNECTOR;
    }
}
