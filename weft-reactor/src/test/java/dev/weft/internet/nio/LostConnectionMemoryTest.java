package dev.weft.internet.nio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import java.io.OutputStream;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A protocol (or a test) that keeps its transport past {@code connectionLost} keeps neither the socket, nor its
 * selection key, nor a TLS layer: the transport keeps its addresses and flags, ignores writes, and names its released
 * socket when asked for an option. Each test holds the protocols, and so their transports, while it waits (polling the
 * collector against a deadline) for weak references to what the transport let go of to clear.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
final class LostConnectionMemoryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] HELLO = "hello".getBytes(US_ASCII);

    @Test
    void aClosedConnectionsTransportLetsGoOfItsSocketAndKeyAndStillAnswers() throws Exception {
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        List<WeakReference<Object>> released = new ArrayList<>();
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt);
            // Once the server has read these and stays open, its socket is registered: it has a key.
            rt.await(() -> {
                pair.clientTransport().write(HELLO);
                return pair.serverSink().received(HELLO.length);
            });
            IAddress[] before = new IAddress[4];
            rt.execute(() -> {
                for (ITransport t : new ITransport[] {pair.serverTransport(), pair.clientTransport()}) {
                    released.add(new WeakReference<>(field(t, SocketChannel.class), collected));
                    released.add(new WeakReference<>(field(t, SelectionKey.class), collected));
                }
                before[0] = pair.serverTransport().getHost();
                before[1] = pair.serverTransport().getPeer();
                before[2] = pair.clientTransport().getHost();
                before[3] = pair.clientTransport().getPeer();
                pair.clientTransport().loseConnection();
            });
            pair.awaitBothClosed(rt);

            assertThat(released).allSatisfy(r -> assertThat(r.get()).isNotNull());
            assertThat(awaitCollected(collected, released.size()))
                    .as("sockets and keys of the lost connections collected while their transports are held")
                    .isEqualTo(released.size());
            rt.execute(() -> {
                INioTransport server = pair.serverTransport();
                assertThat(pair.server.data()).isEqualTo(HELLO);
                assertThat(pair.server.closedReason().check(ConnectionDone.class))
                        .isNotNull();
                assertThat(new IAddress[] {
                            server.getHost(),
                            server.getPeer(),
                            pair.clientTransport().getHost(),
                            pair.clientTransport().getPeer()
                        })
                        .containsExactly(before);
                server.write(HELLO);
                server.loseConnection();
                server.abortConnection();
                server.pauseProducing();
                server.resumeProducing();
                assertThat(server.bufferedBytes()).isZero();
                assertThat(server.isDisconnected()).isTrue();
                assertThat(server.isConnected()).isFalse();
                assertThatThrownBy(server::getTcpNoDelay)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(server + " has closed and let go of its socket")
                        .hasMessageContaining("TCP_NODELAY");
                assertThatThrownBy(() -> server.setTcpKeepAlive(true)).isInstanceOf(IllegalStateException.class);
            });
        }
    }

    /** The path of {@code weft sink}: accepted, read once with the peer's bytes and end, closed, never registered. */
    @Test
    void aConnectionThatEndsAtItsFirstReadLetsGoOfItsSocket() throws Exception {
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        List<WeakReference<Object>> released = new ArrayList<>();
        List<Keeper> kept = new ArrayList<>();
        int connections = 5;
        CountDownLatch lost = new CountDownLatch(connections);
        try (ReactorThread rt = ReactorThread.start()) {
            ServerFactory factory = ServerFactory.forProtocol(() -> {
                Keeper k = new Keeper(released, collected, lost);
                kept.add(k);
                return k;
            });
            int port = rt.call(() -> ((IPv4Address)
                            rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port());
            for (int i = 0; i < connections; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream out = s.getOutputStream();
                    out.write(HELLO);
                    s.shutdownOutput();
                    s.getInputStream().read(); // the server's end of stream: it has closed
                }
            }
            assertThat(lost.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(awaitCollected(collected, connections))
                    .as("sockets of connections closed at their first read, their transports held")
                    .isEqualTo(connections);
            rt.execute(() -> assertThat(kept).hasSize(connections).allSatisfy(k -> {
                assertThat(k.received).isEqualTo(HELLO.length);
                assertThat(k.transport()).isNotNull();
            }));
        }
    }

    @Test
    void aClosedConnectionLetsGoOfItsTlsLayer() throws Exception {
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        List<WeakReference<Object>> released = new ArrayList<>();
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt);
            rt.execute(() -> {
                PassThrough layer = new PassThrough(pair.client);
                pair.clientTransport().startTLS(protocol -> layer);
                released.add(new WeakReference<>(layer, collected));
                pair.clientTransport().loseConnection();
            });
            pair.awaitBothClosed(rt);

            assertThat(awaitCollected(collected, 1))
                    .as("the layer startTLS put under the client, its transport held")
                    .isEqualTo(1);
            rt.execute(() -> assertThat(pair.client.closedReason().check(ConnectionDone.class))
                    .isNotNull());
        }
    }

    /** A server protocol that keeps its transport, noting weak references to its socket when connected. */
    private static final class Keeper extends Protocol {
        private final List<WeakReference<Object>> released;
        private final ReferenceQueue<Object> collected;
        private final CountDownLatch lost;
        int received;

        Keeper(List<WeakReference<Object>> released, ReferenceQueue<Object> collected, CountDownLatch lost) {
            this.released = released;
            this.collected = collected;
            this.lost = lost;
        }

        @Override
        public void connectionMade() {
            released.add(new WeakReference<>(field(transport(), SocketChannel.class), collected));
        }

        @Override
        public void dataReceived(byte[] data) {
            received += data.length;
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.countDown();
        }
    }

    /** A layer that passes bytes and closes through unchanged, standing in for TLS. */
    private static final class PassThrough extends Protocol implements ITLSLayer<ITCPTransport> {
        private final Protocol above;
        private final ITCPTransport upper;

        PassThrough(Protocol above) {
            this.above = above;
            this.upper = (ITCPTransport) Proxy.newProxyInstance(
                    ITCPTransport.class.getClassLoader(),
                    new Class<?>[] {ITCPTransport.class},
                    (proxy, method, args) -> method.invoke(transport(), args));
        }

        @Override
        public ITCPTransport upperTransport() {
            return upper;
        }

        @Override
        public void dataReceived(byte[] data) {
            above.dataReceived(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            above.connectionLost(reason);
        }
    }

    /** Reads the one field of {@code type} that the reactor's transport {@code transport} declares (or its superclass). */
    private static Object field(Object transport, Class<?> type) {
        try {
            for (Class<?> c = transport.getClass(); c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getType() == type) {
                        f.setAccessible(true);
                        Object value = f.get(transport);
                        assertThat(value)
                                .as("%s of %s", type.getSimpleName(), transport)
                                .isNotNull();
                        return value;
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(transport.getClass() + " declares no field of " + type);
    }

    /** Waits up to a minute for {@code n} references to be cleared, running the collector between waits. */
    private static int awaitCollected(ReferenceQueue<?> queue, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int cleared = 0;
        while (cleared < n && System.nanoTime() < deadline) {
            System.gc();
            if (queue.remove(100) != null) {
                cleared++;
            }
            while (queue.poll() != null) {
                cleared++;
            }
        }
        return cleared;
    }
}
