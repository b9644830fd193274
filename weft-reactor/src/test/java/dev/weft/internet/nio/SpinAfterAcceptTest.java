package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.Threads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reactor that polls after accepting ({@link NioReactor#NioReactor(int, Duration)}) serves, runs calls
 * from other threads and fires timers as one that sleeps at once, and sleeps once its spin is over.
 */
@Timeout(120)
final class SpinAfterAcceptTest {
    /** Accepts connections one at a time and hands each one's bytes over when it closes. */
    private static final class Server {
        final NioReactor reactor;
        /** The Deferred the next connection to close fires with its bytes. */
        final ConcurrentLinkedQueue<Deferred<byte[]>> waiting = new ConcurrentLinkedQueue<>();

        final int port;

        Server(ReactorThread thread) {
            this.reactor = thread.reactor();
            ServerFactory factory = ServerFactory.forProtocol(() -> new Protocol() {
                private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

                @Override
                public void dataReceived(byte[] data) {
                    bytes.writeBytes(data);
                }

                @Override
                public void connectionLost(Failure reason) {
                    waiting.remove().callback(bytes.toByteArray());
                }
            });
            factory.setNoisy(false);
            this.port = thread.call(() -> ((IPv4Address)
                            reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port());
        }

        /** Connects, sends {@code payload}, closes, and returns what the server received. */
        byte[] roundTrip(byte[] payload) throws IOException {
            Deferred<byte[]> received = new Deferred<>();
            waiting.add(received);
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port));
                client.getOutputStream().write(payload);
            }
            return Threads.blockingCallFromThread(reactor, Duration.ofSeconds(60), () -> received);
        }
    }

    @Test
    void everyByteOfManyShortConnectionsArrives() throws IOException {
        try (ReactorThread t = ReactorThread.start(new NioReactor(1, Duration.ofNanos(25_000)))) {
            Server server = new Server(t);
            for (int i = 0; i < 300; i++) {
                byte[] payload = new byte[1 + i * 97];
                Arrays.fill(payload, (byte) i);
                assertThat(server.roundTrip(payload)).as("connection %d", i).isEqualTo(payload);
            }
        }
    }

    @Test
    void callsFromOtherThreadsAndTimersRunWhileTheLoopSpinsAfterAnAccept() throws IOException {
        NioReactor reactor = new NioReactor(1, Duration.ofNanos(500_000));
        try (ReactorThread t = ReactorThread.start(reactor)) {
            Server server = new Server(t);
            for (int i = 0; i < 300; i++) {
                int n = i;
                server.roundTrip(new byte[] {(byte) i});
                // Arrives while the loop polls after the accept, or once it sleeps.
                assertThat(t.call(() -> n)).isEqualTo(n);
                // Due after the spin: the loop must then sleep with the timer's timeout, not forever.
                Integer fired = Threads.blockingCallFromThread(reactor, Duration.ofSeconds(60), () -> {
                    Deferred<Integer> d = new Deferred<>();
                    reactor.callLater(0.001, () -> d.callback(n));
                    return d;
                });
                assertThat(fired).isEqualTo(n);
            }
        }
    }

    @Test
    void aLoopThatAcceptedSleepsOnceItsSpinIsOver() throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported(), "needs the JVM's per-thread CPU time");
        NioReactor reactor = new NioReactor(1, Duration.ofNanos(25_000));
        try (ReactorThread t = ReactorThread.start(reactor)) {
            Server server = new Server(t);
            server.roundTrip(new byte[] {1});
            long id = t.call(() -> Thread.currentThread().getId());
            long before = threads.getThreadCpuTime(id);
            // Idle for 0.3 s but for one timer: a loop that kept polling would use about that much CPU.
            Threads.blockingCallFromThread(reactor, Duration.ofSeconds(60), () -> {
                Deferred<Void> d = new Deferred<>();
                reactor.callLater(0.3, () -> d.callback(null));
                return d;
            });
            long used = threads.getThreadCpuTime(id) - before;
            assertThat(used)
                    .as("nanoseconds of CPU the reactor thread used in 0.3 s idle")
                    .isLessThan(100_000_000L);
        }
    }

    @Test
    void aNegativeSpinIsRefused() {
        assertThatThrownBy(() -> new NioReactor(1, Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }
}
