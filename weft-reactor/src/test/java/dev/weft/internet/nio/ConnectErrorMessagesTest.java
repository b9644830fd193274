package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectBindError;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectTimeoutError;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.UnknownHostError;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connect errors of real sockets keep Twisted's class and the start of its text, and name the address
 * tried and what to do.
 */
final class ConnectErrorMessagesTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @TempDir
    Path dir;

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    private Throwable failureOf(OrderFactory factory) {
        rt.await(() -> factory.stopped);
        return rt.call(() -> factory.failReason.value());
    }

    @Test
    void aRefusedConnectNamesTheHostAndPortAndWhatToDo() throws IOException {
        try (HeldPort nobody = HeldPort.refusing("127.0.0.1")) {
            int port = nobody.port();
            OrderFactory factory = new OrderFactory();
            rt.execute(() -> factory.connectTCP(reactor, "127.0.0.1", port, 30));
            assertThat(failureOf(factory))
                    .isInstanceOf(ConnectionRefusedError.class)
                    .hasMessageStartingWith("Connection was refused by other side: ")
                    .hasMessageEndingWith(": connecting to 127.0.0.1:" + port
                            + "; nothing listens there, so start the server first or check the host and port.");
        }
    }

    @Test
    void aRefusedConnectToAHostNameNamesTheAddressItResolvedTo() throws IOException {
        // localhost may resolve to either loopback address: the port is held on both.
        try (HeldPort nobody = HeldPort.refusing("127.0.0.1", "::1")) {
            int port = nobody.port();
            OrderFactory factory = new OrderFactory();
            rt.execute(() -> factory.connectTCP(reactor, "localhost", port, 30));
            Throwable error = failureOf(factory);
            assertThat(error).isInstanceOf(ConnectionRefusedError.class);
            assertThat(error.getMessage())
                    .matches(".*: connecting to localhost:" + port
                            + " \\((127\\.0\\.0\\.1|::1)\\); nothing listens there.*");
        }
    }

    @Test
    void aRefusedIpv6ConnectPutsTheAddressInBrackets() throws IOException {
        try (HeldPort nobody = HeldPort.refusing("::1")) {
            int port = nobody.port();
            OrderFactory factory = new OrderFactory();
            rt.execute(() -> factory.connectTCP(reactor, "::1", port, 30));
            assertThat(failureOf(factory))
                    .isInstanceOf(ConnectionRefusedError.class)
                    .hasMessageContaining(": connecting to [::1]:" + port + "; nothing listens there");
        }
    }

    @Test
    void aUnixPathThatDoesNotExistIsNamedWithWhatToDo() {
        String path = dir.resolve("missing.sock").toString();
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> reactor.connectUNIX(path, factory));
        assertThat(failureOf(factory))
                .isExactlyInstanceOf(ConnectError.class)
                .hasMessageStartingWith("An error occurred while connecting: ")
                .hasMessageEndingWith(": connecting to " + path
                        + "; no socket file is there, so start the server first or check the path.");
    }

    @Test
    void aUnixSocketFileNobodyListensOnIsRefusedNamingThePath() throws IOException {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(path));
        }
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> reactor.connectUNIX(path.toString(), factory));
        assertThat(failureOf(factory))
                .isInstanceOf(ConnectionRefusedError.class)
                .hasMessageStartingWith("Connection was refused by other side: ")
                .hasMessageEndingWith(": connecting to " + path
                        + "; nothing listens there, so start the server first or check the path.");
    }

    @Test
    void anUnknownHostNamesTheHostAndPort() {
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> factory.connectTCP(reactor, "no-such-host.invalid", 80, 30));
        assertThat(failureOf(factory))
                .isInstanceOf(UnknownHostError.class)
                .hasMessageStartingWith("Hostname couldn't be looked up: ")
                .hasMessageEndingWith(": connecting to no-such-host.invalid:80; check the host name's spelling, or"
                        + " use an IP address such as 127.0.0.1.");
    }

    @Test
    void aConnectTimeoutNamesTheAddressAndTheTimeout() throws IOException {
        // A listener that never accepts, with its backlog filled: further SYNs are dropped and connect hangs.
        try (ServerSocketChannel full = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            InetSocketAddress address = (InetSocketAddress) full.getLocalAddress();
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel s = SocketChannel.open();
                    fillers.add(s);
                    s.configureBlocking(false);
                    s.connect(address);
                }
                OrderFactory factory = new OrderFactory();
                rt.execute(() -> factory.connectTCP(reactor, "127.0.0.1", address.getPort(), 0.2));
                assertThat(failureOf(factory))
                        .isInstanceOf(ConnectTimeoutError.class)
                        .hasMessage("User timeout caused connection failure: connecting to 127.0.0.1:"
                                + address.getPort() + ", no answer within 0.2 seconds; check that the host is up"
                                + " and that no firewall drops the traffic, or allow a longer timeout.");
            } finally {
                for (SocketChannel s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aBindFailureNamesTheLocalAddressAndTheDestination() throws IOException {
        int port = rt.call(() -> ((dev.weft.internet.IPv4Address)
                        reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1")
                                .getHost())
                .port());
        try (ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            OrderFactory factory = new OrderFactory();
            rt.execute(() -> reactor.connectTCP("127.0.0.1", port, factory, 30, busy));
            assertThat(failureOf(factory))
                    .isInstanceOf(ConnectBindError.class)
                    .hasMessageStartingWith("Couldn't bind: ")
                    .hasMessageEndingWith(": binding to 127.0.0.1:" + busy.getPort() + " before connecting to"
                            + " 127.0.0.1:" + port + "; choose a free local port (0 picks one) or an address of"
                            + " this machine.");
        }
    }
}
