package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The addresses an accepted connection's transport reports: its own local address, even when the port
 * listens on every address and connections come in on several (the port reuses the record of the
 * previous connection's local address only when it is the same), and its peer's, whose dotted quad the
 * port keeps for peers seen lately.
 */
final class AcceptedAddressesTest {
    @Test
    void eachAcceptedConnectionReportsTheLocalAddressItCameInOn() throws IOException {
        List<Protocol> made = new ArrayList<>();
        try (NioReactor reactor = new NioReactor(1)) {
            int port = listen(reactor, made);
            List<String> hosts = List.of("127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.1");
            List<Socket> clients = new ArrayList<>();
            try {
                for (String host : hosts) {
                    Socket client = new Socket();
                    clients.add(client);
                    client.connect(new InetSocketAddress(host, port));
                    awaitAccepted(reactor, made, clients.size());
                }
                assertThat(made).hasSize(hosts.size());
                for (int i = 0; i < hosts.size(); i++) {
                    Socket client = clients.get(i);
                    assertThat(made.get(i).transport().getHost())
                            .as("connection %d, to %s", i, hosts.get(i))
                            .isEqualTo(IPv4Address.tcp(hosts.get(i), port));
                    assertThat(made.get(i).transport().getPeer())
                            .isEqualTo(
                                    IPv4Address.tcp(client.getLocalAddress().getHostAddress(), client.getLocalPort()));
                }
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }

    /**
     * 127.0.0.1 and 127.0.1.1 fall in the same slot of the port's recent peers (their low bits are equal):
     * each connection still reports its own peer, and a peer seen before keeps its host text.
     */
    @Test
    void eachAcceptedConnectionReportsItsOwnPeerWhenPeersShareASlot() throws IOException {
        List<Protocol> made = new ArrayList<>();
        try (NioReactor reactor = new NioReactor(1)) {
            int port = listen(reactor, made);
            List<String> peers = List.of("127.0.0.1", "127.0.1.1", "127.0.0.1", "127.0.0.2", "127.0.0.2");
            List<Socket> clients = new ArrayList<>();
            try {
                for (String peer : peers) {
                    Socket client = new Socket();
                    clients.add(client);
                    client.bind(new InetSocketAddress(peer, 0));
                    client.connect(new InetSocketAddress("127.0.0.1", port));
                    awaitAccepted(reactor, made, clients.size());
                }
                assertThat(made).hasSize(peers.size());
                for (int i = 0; i < peers.size(); i++) {
                    assertThat(made.get(i).transport().getPeer())
                            .as("connection %d, from %s", i, peers.get(i))
                            .isEqualTo(
                                    IPv4Address.tcp(peers.get(i), clients.get(i).getLocalPort()));
                }
                assertThat(host(made.get(4))).isSameAs(host(made.get(3)));
                assertThat(host(made.get(2))).isEqualTo("127.0.0.1");
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }

    private static String host(Protocol p) {
        return ((IPv4Address) p.transport().getPeer()).host();
    }

    private static int listen(NioReactor reactor, List<Protocol> made) {
        ServerFactory factory = ServerFactory.forProtocol(() -> {
            Protocol p = new Protocol();
            made.add(p);
            return p;
        });
        factory.setNoisy(false);
        return ((IPv4Address) reactor.listenTCP(0, factory, 50, "0.0.0.0").getHost()).port();
    }

    private static void awaitAccepted(NioReactor reactor, List<Protocol> made, int count) {
        for (int i = 0; i < 5_000 && made.size() < count; i++) {
            reactor.runOnce(Duration.ofMillis(20));
        }
    }
}
