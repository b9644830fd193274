package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectBindError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting over IPv6: a bracketed host, and a bind address of the other family than the destination. */
final class ConnectIpv6Test {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /** A listening socket the connects would reach, were it not for their bind address. */
    private static ServerSocketChannel listening(String address) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(
                address.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        s.bind(new InetSocketAddress(address, 0));
        return s;
    }

    private static int port(ServerSocketChannel s) throws IOException {
        return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }

    /**
     * Connects with a 120 s timeout and returns the failure, which is due at once: well before the timeout, by a margin
     * that a loaded machine's delays do not eat.
     */
    private Throwable failureBinding(String host, int port, String bind) throws IOException {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(bind), 0);
        OrderFactory factory = new OrderFactory();
        long start = System.nanoTime();
        rt.execute(() -> reactor.connectTCP(host, port, factory, 120, local));
        rt.await(() -> factory.stopped);
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("milliseconds to fail")
                .isLessThan(60_000);
        return rt.call(() -> factory.failReason.value());
    }

    @Test
    void anIpv6BindAddressBeforeAnIpv4DestinationFailsAtOnceNamingTheMismatch() throws IOException {
        try (ServerSocketChannel server = listening("127.0.0.1")) {
            int port = port(server);
            assertThat(failureBinding("127.0.0.1", port, "::1"))
                    .isExactlyInstanceOf(ConnectBindError.class)
                    .hasMessage("Couldn't bind: binding to [::1]:0 before connecting to 127.0.0.1:" + port
                            + "; the bind address is IPv6 and the destination IPv4 (a socket has one family), so"
                            + " bind an IPv4 address such as 127.0.0.1 (0.0.0.0 for any) or connect to an IPv6"
                            + " address.");
        }
    }

    @Test
    void anIpv4BindAddressBeforeAnIpv6DestinationFailsAtOnceNamingTheMismatch() throws IOException {
        try (ServerSocketChannel server = listening("::1")) {
            int port = port(server);
            assertThat(failureBinding("[::1]", port, "127.0.0.1"))
                    .isExactlyInstanceOf(ConnectBindError.class)
                    .hasMessage("Couldn't bind: binding to 127.0.0.1:0 before connecting to [::1]:" + port
                            + "; the bind address is IPv4 and the destination IPv6 (a socket has one family), so"
                            + " bind an IPv6 address such as [::1] ([::] for any) or connect to an IPv4 address.");
        }
    }

    @Test
    void aHostNameNamesTheAddressItResolvedToInTheMismatch() throws IOException {
        try (ServerSocketChannel server = listening("127.0.0.1")) {
            int port = port(server);
            InetAddress first = InetAddress.getByName("localhost");
            String bind = first.getAddress().length == 4 ? "::1" : "127.0.0.1";
            assertThat(failureBinding("localhost", port, bind))
                    .isExactlyInstanceOf(ConnectBindError.class)
                    .hasMessageContaining("before connecting to localhost:" + port + " (");
        }
    }

    @Test
    void aBracketedHostIsStoredWithoutItsBrackets() throws IOException {
        try (ServerSocketChannel server = listening("::1")) {
            int port = port(server);
            IConnector c = rt.call(() -> reactor.connectTCP("[::1]", port, new OrderFactory(), 30, null));
            assertThat(rt.call(c::getDestination)).isEqualTo(IPv6Address.tcp("::1", port));
            assertThat(rt.call(c::toString)).isEqualTo("<Connector to [::1]:" + port + ">");
            rt.call(() -> {
                c.disconnect();
                return null;
            });
        }
    }

    @Test
    void aBindAddressOfTheDestinationsFamilyStillConnects() throws IOException {
        try (ServerSocketChannel server = listening("::1")) {
            int port = port(server);
            OrderFactory factory = new OrderFactory();
            InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("::1"), 0);
            rt.execute(() -> reactor.connectTCP("::1", port, factory, 60, local));
            try (var accepted = server.accept()) {
                assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getAddress())
                        .isEqualTo(InetAddress.getByName("::1"));
            }
            rt.await(() -> factory.stopped);
        }
    }

    /** DEVIATIONS.md: Twisted 22.4 gives IPv6Address('::ffff:127.0.0.1'); the JDK hands weft the IPv4 address. */
    @Test
    void anIpv4ClientOfAWildcardIpv6ListenerIsAnIpv4Address() throws IOException {
        AccumulatingServerFactory sinks = new AccumulatingServerFactory();
        Deferred<AccumulatingProtocol> made = new Deferred<>();
        rt.call(() -> {
            sinks.setProtocolConnectionMade(made);
            return null;
        });
        IListeningPort port = rt.call(() -> reactor.listenTCP(0, sinks, 50, "::"));
        int number = ((IPv6Address) port.getHost()).port();
        try (Socket client = new Socket("127.0.0.1", number)) {
            AccumulatingProtocol server = rt.await(() -> made);
            IAddress peer = rt.call(() -> server.transport().getPeer());
            IAddress host = rt.call(() -> server.transport().getHost());
            assertThat(peer).isEqualTo(IPv4Address.tcp("127.0.0.1", client.getLocalPort()));
            assertThat(host).isEqualTo(IPv4Address.tcp("127.0.0.1", number));
        }
    }
}
