package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 17's listener cases (1, 12, 14), run through the real {@code ./weft} process. */
final class ListenProcessTest {
    /** Case 1: an upper-case type listens on loopback; an empty interface= is refused. */
    @Test
    void nothingButAnExplicitAddressListensWiderThanLoopback() throws Exception {
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "TCP:0", "--expect", "1")) {
            int port = sink.port();
            assertThat(sink.lines().get(0)).startsWith("listening on tcp:" + port + ":interface=127.0.0.1 ");
            Clients.exchange(port, new byte[0]);
            assertThat(sink.awaitExit()).isZero();
        }
        WeftProcess empty = WeftProcess.run("sink", "--listen", "tcp:0:interface=");
        assertThat(empty.awaitExit()).isEqualTo(2);
        assertThat(empty.err.text())
                .startsWith("weft sink: bad endpoint 'tcp:0:interface=' for --listen: ")
                .contains("has an empty interface=")
                .hasLineCount(1);
        assertThat(empty.out.text()).isEmpty();
    }

    /** Case 12: the connect hint of an IPv6 sink works verbatim in weft send. */
    @Test
    void theIpv6ConnectHintWorksInSend() throws Exception {
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp6:0", "--expect", "1")) {
            String line = sink.out.awaitContains("listening on ");
            String hint = line.lines().findFirst().orElseThrow().replaceAll("^.*\\(connect with (.*)\\)$", "$1");
            assertThat(hint).matches("tcp:host=\\[::1\\]:port=\\d+");

            WeftProcess send = WeftProcess.shell("echo six | ./weft send '" + hint + "'");

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1))
                    .startsWith("#1 [::1]:")
                    .contains(" 4 bytes in ")
                    .endsWith(" clean");
        }
    }

    /** Case 14: 2,000 clients connecting at once are all accepted and accounted for. */
    @Test
    void twoThousandSimultaneousConnectsAreAllAccepted() throws Exception {
        int clients = 2000;
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--expect", String.valueOf(clients));
                Selector selector = Selector.open()) {
            int port = sink.port();
            List<SocketChannel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    SocketChannel ch = SocketChannel.open();
                    channels.add(ch);
                    ch.configureBlocking(false);
                    if (!ch.connect(new InetSocketAddress("127.0.0.1", port))) {
                        ch.register(selector, SelectionKey.OP_CONNECT);
                    }
                }
                int pending = selector.keys().size();
                while (pending > 0) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (((SocketChannel) key.channel()).finishConnect()) {
                            key.cancel();
                            pending--;
                        }
                    }
                    selector.selectedKeys().clear();
                }
                selector.selectNow(); // deregisters the cancelled keys, so the channels may block again
                for (SocketChannel ch : channels) {
                    ch.configureBlocking(true);
                    ch.write(ByteBuffer.wrap("x".getBytes(US_ASCII)));
                }
            } finally {
                for (SocketChannel ch : channels) {
                    ch.close();
                }
            }
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(clients + 2);
            assertThat(lines.get(clients + 1))
                    .startsWith("summary: " + clients + " connections, " + clients + " bytes in ")
                    .endsWith(": " + clients + " clean, 0 reset by peer, 0 over the limit, 0 error, 0 interrupted");
        }
    }
}
