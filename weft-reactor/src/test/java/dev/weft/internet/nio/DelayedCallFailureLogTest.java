package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The log line of a delayed call that throws names the call (the class its lambda is written in) and, when a
 * connection's callbacks scheduled it (a timeout set in {@code connectionMade} or {@code dataReceived}, or a call
 * scheduled by such a call), that connection, so that the user can find it; Twisted logs "while handling timed call"
 * with the call alone. Scheduling records a reference the loop already holds: nothing is built until the line is.
 */
final class DelayedCallFailureLogTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A server protocol that runs {@code action} with itself in each callback the test names. */
    private static final class Scheduling extends Protocol {
        final NioReactor reactor;
        private final Consumer<Scheduling> made;
        private final Consumer<Scheduling> received;

        Scheduling(NioReactor reactor, Consumer<Scheduling> made, Consumer<Scheduling> received) {
            this.reactor = reactor;
            this.made = made;
            this.received = received;
        }

        @Override
        public void connectionMade() {
            made.accept(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.accept(this);
        }
    }

    @Test
    void aCallScheduledInConnectionMadeThatThrowsIsLoggedWithTheConnection() throws Exception {
        List<String> connections = new CopyOnWriteArrayList<>();
        String message = failureLogged(
                p -> {
                    connections.add(p.transport().toString());
                    p.reactor.callLater(0, () -> {
                        throw new IllegalStateException("the timeout handler failed");
                    });
                },
                p -> {});

        assertThat(message)
                .startsWith("Unhandled exception in a delayed call DelayedCall[called at ")
                .contains("a lambda in " + DelayedCallFailureLogTest.class.getName())
                .endsWith(", scheduled while handling " + connections.get(0) + "]");
        assertThat(connections.get(0)).startsWith("<Scheduling #").contains(" on ");
    }

    @Test
    void aCallScheduledInDataReceivedAndOneItSchedulesNameTheConnection() throws Exception {
        List<String> connections = new CopyOnWriteArrayList<>();
        String message = failureLogged(p -> connections.add(p.transport().toString()), p -> {
            p.reactor.callLater(
                    0,
                    () -> p.reactor.callLater(0, () -> {
                        throw new IllegalStateException("the retry failed");
                    }));
        });

        assertThat(message).endsWith(", scheduled while handling " + connections.get(0) + "]");
    }

    @Test
    void aCallScheduledOutsideAnyConnectionNamesNone() {
        NioReactor reactor = new NioReactor(1);
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            reactor.callWhenRunning(() -> reactor.callLater(0, () -> {
                reactor.stop();
                throw new IllegalStateException("boom");
            }));
            reactor.run();
            assertThat(log.records())
                    .extracting(LogRecord::getMessage)
                    .filteredOn(m -> m.contains("a delayed call"))
                    .singleElement()
                    .asString()
                    .contains("a lambda in " + DelayedCallFailureLogTest.class.getName())
                    .doesNotContain("scheduled while handling");
        }
    }

    /** Runs a server whose protocols call {@code made} and {@code received}, connects, sends, and returns the line. */
    private static String failureLogged(Consumer<Scheduling> made, Consumer<Scheduling> received)
            throws IOException, InterruptedException {
        try (LogCapture log = new LogCapture(LOGGER_NAME);
                ReactorThread rt = ReactorThread.start()) {
            ServerFactory factory = ServerFactory.forProtocol(() -> new Scheduling(rt.reactor(), made, received));
            factory.setNoisy(false);
            int port = rt.call(() -> ((IPv4Address)
                            rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port));
                s.getOutputStream().write("request".getBytes(US_ASCII));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    for (LogRecord r : log.records()) {
                        if (r.getMessage().contains("a delayed call")) {
                            return r.getMessage();
                        }
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
            throw new AssertionError("no delayed call failed within " + WAIT + ": " + log.records());
        }
    }
}
