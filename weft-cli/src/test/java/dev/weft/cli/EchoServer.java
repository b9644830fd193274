package dev.weft.cli;

import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;

/**
 * Echoes every byte back on a reactor of its own, and closes once the client has finished sending
 * (it is half-closeable, so everything is echoed before the close): the echo server of the tests.
 */
final class EchoServer implements AutoCloseable {
    private final ReactorThread reactor;
    private final int port;

    private EchoServer(ReactorThread reactor, int port) {
        this.reactor = reactor;
        this.port = port;
    }

    static EchoServer start() {
        ReactorThread reactor = ReactorThread.start();
        ServerFactory factory = ServerFactory.forProtocol(Echo::new);
        factory.setNoisy(false);
        IListeningPort listening = reactor.call(() -> reactor.reactor().listenTCP(0, factory, 50, "127.0.0.1"));
        int port = reactor.call(() -> ((IPv4Address) listening.getHost()).port());
        return new EchoServer(reactor, port);
    }

    int port() {
        return port;
    }

    String endpoint() {
        return "tcp:host=127.0.0.1:port=" + port;
    }

    @Override
    public void close() {
        reactor.close();
    }

    /** Writes back what it receives; closes when the peer has finished sending. */
    static final class Echo extends Protocol implements IHalfCloseableProtocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }

        @Override
        public void readConnectionLost() {
            transport().loseConnection();
        }

        @Override
        public void writeConnectionLost() {}
    }
}
