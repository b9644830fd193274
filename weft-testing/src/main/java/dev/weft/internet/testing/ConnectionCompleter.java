package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.Protocol;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's iosim {@code ConnectionCompleter}: completes or fails the TCP connection attempts a {@link MemoryReactor}
 * recorded; failing one when none is recorded throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * reactor.listenTCP(8080, serverFactory);
 * reactor.connectTCP("127.0.0.1", 8080, clientFactory);
 * IOPump pump = new ConnectionCompleter(reactor).succeedOnce();
 * }</pre>
 *
 * <p>The server sees a made-up client address, {@code 127.0.0.1} (or {@code ::1}) with a port counted up from 49152; a
 * factory whose {@code buildProtocol} returns null refuses the connection. Nothing calls {@code clientConnectionLost}
 * when a completed connection ends. Confined to the test thread.
 */
public final class ConnectionCompleter {
    private static final int FIRST_CLIENT_PORT = 49152;

    private final MemoryReactor reactor;
    private int nextClientPort = FIRST_CLIENT_PORT;

    /** Creates a completer for the {@code tcpClients} and {@code tcpServers} recorded by {@code reactor}. */
    public ConnectionCompleter(MemoryReactor reactor) {
        this.reactor = reactor;
    }

    /** Connects the first recorded client a recorded server listens for and flushes once; null if none matches. */
    public @Nullable IOPump succeedOnce() {
        List<TcpClientRecord> clients = reactor.tcpClients();
        for (int i = 0; i < clients.size(); i++) {
            TcpClientRecord client = clients.get(i);
            for (TcpServerRecord server : reactor.tcpServers()) {
                if (server.port() == client.port()) {
                    clients.remove(i);
                    removeConnector(client.connector());
                    return complete(client, server);
                }
            }
        }
        return null;
    }

    /** Fails the oldest recorded TCP attempt with {@link ConnectionRefusedError}, removing the record. */
    public void failOnce() {
        failOnce(new Failure(new ConnectionRefusedError()));
    }

    /** Fails the oldest recorded TCP attempt with {@code reason}, removing the record. */
    public void failOnce(Failure reason) {
        List<TcpClientRecord> clients = reactor.tcpClients();
        if (clients.isEmpty()) {
            throw new IllegalStateException(
                    "ConnectionCompleter.failOnce: the reactor has recorded no connectTCP call to fail");
        }
        TcpClientRecord client = clients.remove(0);
        removeConnector(client.connector());
        client.factory().clientConnectionFailed(client.connector(), reason);
    }

    private IOPump complete(TcpClientRecord client, TcpServerRecord server) {
        IAddress serverAddress = client.connector().getDestination();
        IAddress clientAddress = nextClientAddress(serverAddress);
        IProtocol clientProtocol = client.factory().buildProtocol(serverAddress);
        IProtocol serverProtocol = server.factory().buildProtocol(clientAddress);
        FakeTransport serverIO = new FakeTransport(orRefusal(serverProtocol), true, serverAddress, clientAddress);
        FakeTransport clientIO = new FakeTransport(orRefusal(clientProtocol), false, clientAddress, serverAddress);
        IOPump pump = IOPump.connect(
                serverIO, clientIO, false, reactor instanceof MemoryReactorClock timed ? timed.clock() : null);
        if (serverProtocol == null) {
            serverIO.loseConnection();
        }
        if (clientProtocol == null) {
            clientIO.loseConnection();
        }
        pump.flush();
        return pump;
    }

    private static IProtocol orRefusal(@Nullable IProtocol protocol) {
        return protocol != null ? protocol : new Protocol();
    }

    private IAddress nextClientAddress(IAddress serverAddress) {
        int port = nextClientPort;
        nextClientPort = port == 65535 ? FIRST_CLIENT_PORT : port + 1;
        return serverAddress instanceof IPv6Address ? IPv6Address.tcp("::1", port) : IPv4Address.tcp("127.0.0.1", port);
    }

    private void removeConnector(FakeConnector connector) {
        List<FakeConnector> connectors = reactor.connectors();
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) == connector) {
                connectors.remove(i);
                return;
            }
        }
    }
}
