package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITransport;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.LogCapture;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Level;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reactor stops while a server's delegated task holds its engine (parked in the key manager): the
 * wrapped protocol still hears {@code connectionLost} exactly once, on the reactor thread, and its
 * handshake Deferred fails, as Twisted's reactor disconnects every connection at shutdown. The case
 * that needs the TLS layer's own help is a peer's clean close while its bytes wait behind the task:
 * the layer defers the loss to the task's continuation, which a stopped reactor never runs.
 */
class TLSReactorStopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** What the reactor tells each connection it disconnects at shutdown. */
    private static final String STOPPED = new ConnectionLost("the reactor stopped").getMessage();

    private final BlockingKeys keys = new BlockingKeys();
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();
    private final Thread reactorThread = rt.call(Thread::currentThread);
    private final List<Thread> lostOn = new ArrayList<>();
    private final CompletableFuture<Failure> handshake = new CompletableFuture<>();
    private final Peer server = new Peer() {
        @Override
        public void connectionLost(Failure r) {
            lostOn.add(Thread.currentThread());
            super.connectionLost(r);
        }
    };
    /** What the transport beneath told the TLS layer; set on the reactor thread. */
    private volatile @Nullable Failure lostBeneath;
    /** Whether the transport beneath told the TLS layer of the peer's FIN. */
    private volatile boolean readLostBeneath;

    TLSReactorStopTest() {
        server.onConnect = p -> p.tls().whenHandshakeDone().addErrback(f -> {
            handshake.complete(f);
            return null;
        });
    }

    @AfterEach
    void stop() {
        keys.release.countDown();
        rt.close();
    }

    @Test
    void aLossDeferredBehindATaskIsDeliveredAtShutdownWithTheReactorsReason() throws Exception {
        try (LogCapture log = new LogCapture("dev.weft");
                Socket raw = parkedConnection(WholeCloses::new)) {
            cleanCloseWithBytesBehindTheTask(raw);
            stopReactor();

            assertThat(server.events).containsExactly("made handshakeDone=false", "lost ConnectionLost");
            assertThat(server.reason.value()).hasMessage(STOPPED);
            assertThat(lostOn).containsExactly(reactorThread);
            assertThat(handshake.getNow(null))
                    .as("the handshake Deferred failed")
                    .isSameAs(server.reason);

            keys.release.countDown();
            rt.close(); // waits for the worker, whose continuation the stopped reactor drops
            assertThat(server.events).hasSize(2);
            assertThat(log.records())
                    .as("nothing logged as a fault")
                    .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        }
    }

    @Test
    void aLossDeferredBehindATaskThatEndsBeforeShutdownIsDeliveredOnceByItsContinuation() throws Exception {
        try (Socket raw = parkedConnection(WholeCloses::new)) {
            cleanCloseWithBytesBehindTheTask(raw);
            keys.release.countDown();
            awaitOnReactor(server::isLost);
            Failure reason = rt.call(() -> server.reason);
            assertThat(reason.value()).as("the continuation's own reason").isInstanceOf(TLSError.class);

            stopReactor();
            assertThat(server.events).hasSize(2).last().isEqualTo("lost TLSError");
            assertThat(server.reason).isSameAs(reason);
            assertThat(lostOn).containsExactly(reactorThread);
        }
    }

    /**
     * The reactor's connection hears half-closes, so the peer's FIN is a {@code readConnectionLost},
     * which TLS also holds for the task: the connection stays open, and the reactor loses it at shutdown.
     */
    @Test
    void aHalfCloseHeldBehindATaskLeavesTheConnectionToTheReactorsShutdown() throws Exception {
        try (Socket raw = parkedConnection(HalfCloses::new)) {
            closeWithBytesBehindTheTask(raw);
            awaitOnReactor(() -> readLostBeneath);
            assertThat(rt.call(() -> List.copyOf(server.events))).containsExactly("made handshakeDone=false");
            stopReactor();

            assertThat(server.events).containsExactly("made handshakeDone=false", "lost ConnectionLost");
            assertThat(server.reason.value()).hasMessage(STOPPED);
            assertThat(lostOn).containsExactly(reactorThread);
            assertThat(handshake.getNow(null)).isSameAs(server.reason);
            assertThat(lostBeneath).as("the reactor's own loss").isSameAs(server.reason);

            keys.release.countDown();
            rt.close();
            assertThat(server.events).hasSize(2);
        }
    }

    @Test
    void aConnectionOpenWhileATaskRunsIsLostAtShutdownAndItsHandshakeDeferredFails() throws Exception {
        try (Socket raw = parkedConnection(tls -> tls)) {
            stopReactor();

            assertThat(server.events).containsExactly("made handshakeDone=false", "lost ConnectionLost");
            assertThat(server.reason.value()).hasMessage(STOPPED);
            assertThat(lostOn).containsExactly(reactorThread);
            assertThat(handshake.getNow(null)).isSameAs(server.reason);
        }
    }

    /**
     * Connects a raw client that sends a ClientHello and returns once the server's task holds the
     * engine. The reactor's connection serves {@code stack} of the server's TLS layer: the layer itself,
     * or a wrapper stacked over it (one that hears no half-closes turns the peer's FIN into a clean loss).
     */
    private Socket parkedConnection(Function<TLSMemoryBIOProtocol, IProtocol> stack) throws Exception {
        DelegatedTasks tasks = DelegatedTasks.offReactor(reactor);
        IListeningPort port = rt.call(() -> reactor.listenTCP(
                0,
                ServerFactory.forProtocol(() -> {
                    TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(keys.options(), server, tasks, true);
                    return stack.apply(tls);
                }),
                50,
                "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        SSLEngine hi = Tls.client().createEngine(IPv4Address.tcp("127.0.0.1", number));
        hi.beginHandshake();
        ByteBuffer clientHello = ByteBuffer.allocate(hi.getSession().getPacketBufferSize());
        hi.wrap(ByteBuffer.allocate(0), clientHello);
        Socket raw = new Socket("127.0.0.1", number);
        raw.getOutputStream().write(clientHello.array(), 0, clientHello.position());
        keys.awaitInside();
        return raw;
    }

    /**
     * Sends bytes, which wait behind the server's task, then a FIN: the transport beneath is lost
     * cleanly, and the TLS layer holds the wrapped protocol's loss until the task's continuation.
     */
    private void cleanCloseWithBytesBehindTheTask(Socket raw) throws Exception {
        closeWithBytesBehindTheTask(raw);
        awaitOnReactor(() -> lostBeneath != null);
        assertThat(rt.call(() -> List.copyOf(server.events)))
                .as("held for the task")
                .containsExactly("made handshakeDone=false");
    }

    private static void closeWithBytesBehindTheTask(Socket raw) throws Exception {
        raw.getOutputStream().write("more".getBytes(US_ASCII));
        raw.shutdownOutput();
    }

    /** Stops the reactor and waits until its thread has finished the shutdown. */
    private void stopReactor() throws Exception {
        rt.execute(reactor::stop);
        rt.ended().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private void awaitOnReactor(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!rt.call(condition::getAsBoolean)) {
            assertThat(System.nanoTime() - end)
                    .as("the condition held within " + DEADLINE)
                    .isNegative();
            Thread.onSpinWait();
        }
    }

    /** Passes everything to TLS but is no {@code IHalfCloseableProtocol}: the reactor reports a FIN as the loss. */
    private class WholeCloses implements IProtocol {
        final TLSMemoryBIOProtocol tls;

        WholeCloses(TLSMemoryBIOProtocol tls) {
            this.tls = tls;
        }

        @Override
        public void makeConnection(ITransport transport) {
            tls.makeConnection(transport);
        }

        @Override
        public void connectionMade() {}

        @Override
        public void dataReceived(byte[] data) {
            tls.dataReceived(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            lostBeneath = reason;
            tls.connectionLost(reason);
        }
    }

    /** Passes half-closes on too, as the reactor's connection to TLS itself. */
    private final class HalfCloses extends WholeCloses implements IHalfCloseableProtocol {
        HalfCloses(TLSMemoryBIOProtocol tls) {
            super(tls);
        }

        @Override
        public void readConnectionLost() {
            readLostBeneath = true;
            tls.readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            tls.writeConnectionLost();
        }
    }
}
