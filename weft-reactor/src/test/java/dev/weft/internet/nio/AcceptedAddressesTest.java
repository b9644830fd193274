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
 * previous connection's local address only when it is the same).
 */
final class AcceptedAddressesTest {
    @Test
    void eachAcceptedConnectionReportsTheLocalAddressItCameInOn() throws IOException {
        List<Protocol> made = new ArrayList<>();
        try (NioReactor reactor = new NioReactor(1)) {
            ServerFactory factory = ServerFactory.forProtocol(() -> {
                Protocol p = new Protocol();
                made.add(p);
                return p;
            });
            factory.setNoisy(false);
            int port =
                    ((IPv4Address) reactor.listenTCP(0, factory, 50, "0.0.0.0").getHost()).port();
            List<String> hosts = List.of("127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.1");
            List<Socket> clients = new ArrayList<>();
            try {
                for (String host : hosts) {
                    Socket client = new Socket();
                    clients.add(client);
                    client.connect(new InetSocketAddress(host, port));
                    int before = made.size();
                    for (int i = 0; i < 5_000 && made.size() == before; i++) {
                        reactor.runOnce(Duration.ofMillis(20));
                    }
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
}
