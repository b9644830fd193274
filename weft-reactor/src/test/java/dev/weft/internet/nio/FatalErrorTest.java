package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A fatal error on the reactor thread (an OutOfMemoryError, InternalError or UnknownError) is no callback's
 * failure: the reactor stops, closes its sockets and hands the error to everyone waiting on it. A
 * StackOverflowError stays one callback's failure.
 */
final class FatalErrorTest {
    private static final long WAIT_SECONDS = 60;

    /** Throws {@code error} from dataReceived. */
    static final class Thrower extends Protocol {
        private final Throwable error;

        Thrower(Throwable error) {
            this.error = error;
        }

        @Override
        public void dataReceived(byte[] data) {
            sneakyThrow(error);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    /** Listens on {@code held}'s port, so that once the reactor closes it nobody else is given the port. */
    private static int listen(ReactorThread rt, Throwable error, HeldPort held) {
        return rt.call(() -> ((IPv4Address) rt.reactor()
                        .listenTCP(held.port(), ServerFactory.forProtocol(() -> new Thrower(error)), 50, "127.0.0.1")
                        .getHost())
                .port());
    }

    private static SocketChannel connectAndSend(int port) throws IOException {
        SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        client.write(ByteBuffer.wrap(new byte[] {1}));
        return client;
    }

    /** Reads until the peer closes; true if it did (the socket is blocking, so this waits for it). */
    private static boolean readsEndOfStream(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        while (true) {
            buffer.clear();
            try {
                if (client.read(buffer) < 0) {
                    return true;
                }
            } catch (IOException reset) {
                return true;
            }
        }
    }

    /**
     * Starts a thread blocked in {@link ReactorThread#await} on a Deferred that never fires, and returns its
     * outcome once the wait is registered with the reactor.
     */
    private static CompletableFuture<Object> blockedWaiter(ReactorThread rt) throws Exception {
        CompletableFuture<Void> registered = new CompletableFuture<>();
        CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> rt.await(() -> {
            registered.complete(null);
            return new Deferred<Object>();
        }));
        registered.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return waiter;
    }

    @Test
    void anOutOfMemoryErrorFromDataReceivedStopsTheReactorAndReachesEveryWaiter() throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        ReactorThread rt = ReactorThread.start();
        HeldPort held = HeldPort.toListenOn("127.0.0.1");
        int port = listen(rt, oom, held);
        // A thread blocked on a Deferred that will never fire, as a test waiting for data would be.
        CompletableFuture<Object> waiter = blockedWaiter(rt);
        try (held;
                LogCapture log = new LogCapture(LOGGER_NAME);
                SocketChannel client = connectAndSend(port)) {
            assertThatThrownBy(() -> rt.ended().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isSameAs(oom);
            assertThatThrownBy(() -> waiter.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .cause()
                    .isSameAs(oom);
            assertThat(readsEndOfStream(client)).isTrue();
            assertThatThrownBy(() -> SocketChannel.open(new InetSocketAddress("127.0.0.1", port))
                            .close())
                    .as("the listening port is closed")
                    .isInstanceOf(ConnectException.class);
            assertThat(rt.reactor().isRunning()).isFalse();
            assertThat(rt.reactor().isShutDown()).isTrue();
            // Logged once, by the loop, with the message built in advance.
            assertThat(log.records()).hasSize(1);
            LogRecord record = log.records().get(0);
            assertThat(record.getThrown()).isSameAs(oom);
            assertThat(record.getMessage()).startsWith("The reactor stops: its thread got a fatal error");
        }
        assertThatThrownBy(rt::close)
                .isInstanceOf(IllegalStateException.class)
                .cause()
                .isSameAs(oom);
        assertThatThrownBy(() -> rt.call(() -> "after"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the reactor has stopped");
    }

    @Test
    void anInternalErrorFromADelayedCallEndsRunWithIt() {
        InternalError error = new InternalError("simulated");
        NioReactor reactor = new NioReactor();
        reactor.callLater(0, () -> {
            throw error;
        });
        reactor.callLater(WAIT_SECONDS, reactor::stop); // would end run() if the error were swallowed
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            assertThatThrownBy(reactor::run).isSameAs(error);
            assertThat(log.thrown(InternalError.class)).containsExactly(error);
        }
        assertThat(reactor.isShutDown()).isTrue();
        assertThatThrownBy(reactor::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFatalErrorIsLoggedBeforeAnyWaiterIsReleased() {
        // A program that exits as soon as its wait ends must find the one line that explains why already written.
        InternalError error = new InternalError("simulated");
        NioReactor reactor = new NioReactor();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        assertThat(reactor.addStopWaiter(waiter)).isTrue();
        waiter.whenComplete(
                (ignored, e) -> order.add("waiter released with " + e.getClass().getSimpleName()));
        reactor.callLater(0, () -> {
            throw error;
        });
        reactor.callLater(WAIT_SECONDS, reactor::stop); // would end run() if the error were swallowed
        Handler inOrder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                order.add("logged " + record.getThrown().getClass().getSimpleName());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(LOGGER_NAME);
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            logger.addHandler(inOrder);
            assertThatThrownBy(reactor::run).isSameAs(error);
            assertThat(log.thrown(InternalError.class)).containsExactly(error);
        } finally {
            logger.removeHandler(inOrder);
        }
        assertThat(order).containsExactly("logged InternalError", "waiter released with InternalError");
    }

    @Test
    void aFatalErrorFromACallFromAnotherThreadInRunOnceShutsTheReactorDown() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        NioReactor reactor = new NioReactor();
        reactor.callFromThread(() -> {
            throw oom;
        });
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            assertThatThrownBy(() -> reactor.runOnce(Duration.ZERO)).isSameAs(oom);
        }
        assertThat(reactor.isShutDown()).isTrue();
        assertThatThrownBy(() -> reactor.runOnce(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFatalErrorWhileStoppingStillReachesTheWaiters() throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        NioReactor reactor = new NioReactor();
        ReactorThread rt = ReactorThread.start(reactor);
        rt.execute(() -> reactor.addSystemEventTrigger(
                dev.weft.internet.Phase.BEFORE, dev.weft.internet.SystemEvent.SHUTDOWN, () -> {
                    throw oom;
                }));
        CompletableFuture<Object> waiter = blockedWaiter(rt);
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            // The trigger's error cuts the ordinary shutdown short.
            reactor.callFromThread(reactor::stop);
            assertThatThrownBy(() -> rt.ended().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .cause()
                    .isSameAs(oom);
            assertThatThrownBy(() -> waiter.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .cause()
                    .isSameAs(oom);
            assertThat(log.thrown(OutOfMemoryError.class)).containsExactly(oom);
        }
        assertThatThrownBy(rt::close).cause().isSameAs(oom);
    }

    @Test
    void aStackOverflowInAProtocolClosesOnlyItsConnection() throws Exception {
        try (ReactorThread rt = ReactorThread.start();
                LogCapture log = new LogCapture(LOGGER_NAME)) {
            int port = rt.call(() -> ((IPv4Address) rt.reactor()
                            .listenTCP(0, ServerFactory.forProtocol(Recursive::new), 50, "127.0.0.1")
                            .getHost())
                    .port());
            try (SocketChannel client = connectAndSend(port)) {
                assertThat(readsEndOfStream(client)).isTrue();
            }
            assertThat(log.thrown(StackOverflowError.class)).hasSize(1);
            assertThat(rt.call(() -> rt.reactor().isRunning())).isTrue();
            try (SocketChannel again = connectAndSend(port)) {
                assertThat(readsEndOfStream(again)).as("the port still accepts").isTrue();
            }
        }
    }

    /** Recurses without end on its first data: a real stack overflow. */
    static final class Recursive extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            depth(0);
        }

        private static int depth(int n) {
            return n < 0 ? 0 : depth(n + 1) + 1;
        }
    }
}
