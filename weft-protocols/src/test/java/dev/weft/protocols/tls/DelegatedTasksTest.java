package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.FakeTransport;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.LogCapture;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.Test;

class DelegatedTasksTest {
    @Test
    void tasksRunOnTheWorkerAndTheConnectionWaitsForThemThenResumesOnItsThread() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> reactor = new ArrayDeque<>();
        DelegatedTasks tasks = DelegatedTasks.on(worker::add, reactor::add);
        Peer client = new Peer();
        Peer server = new Peer();
        client.onConnect = c -> c.transport().write("hello".getBytes(US_ASCII));
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server, tasks, true),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client, tasks, true))
                .pump();

        int tasksRun = 0;
        for (int round = 0; round < 50 && server.bytes().length == 0; round++) {
            pump.flush(); // stops when a task is pending: nothing moves until it is done
            assertThat(reactor).isEmpty();
            if (!worker.isEmpty()) {
                assertThat(client.handshakes + server.handshakes).isLessThan(2);
                worker.poll().run();
                tasksRun++;
                assertThat(reactor).hasSize(1); // the continuation goes back to the connection's thread
                reactor.poll().run();
            }
        }
        assertThat(tasksRun).isPositive();
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("hello");
        assertThat(client.handshakes).isEqualTo(1);
    }

    @Test
    void aConnectionLostWhileATaskRunsIgnoresTheTasksResult() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> reactor = new ArrayDeque<>();
        DelegatedTasks tasks = DelegatedTasks.on(worker::add, reactor::add);
        Peer server = new Peer();
        Peer client = new Peer();
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server, tasks, true),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump();
        pump.flush();
        assertThat(worker).isNotEmpty(); // the server is working on the ClientHello
        pump.clientIO().abortConnection();
        pump.flush();
        assertThat(server.isLost()).isTrue();
        worker.poll().run();
        reactor.poll().run(); // must not throw or deliver anything
        assertThat(server.events).containsExactly("made handshakeDone=false", "lost ConnectionLost");
    }

    @Test
    void theTaskWrapsTheFlightItMadeAndWithoutAnOffThreadWriterOnlyTheContinuationWritesIt() {
        Worked w = new Worked(-1);
        assertThat(w.server.tls().getHandle().getHandshakeStatus())
                .as("the server's flight is wrapped on the worker")
                .isEqualTo(HandshakeStatus.NEED_UNWRAP);
        assertThat(w.pump.pump())
                .as("but not written: the worker never touches the transport")
                .isFalse();
        assertThat(w.reactor).hasSize(1);
        w.reactor.poll().run();
        assertThat(w.pump.pump()).as("the continuation writes it").isTrue();

        runUntilQuiet(w.pump, w.worker, w.reactor);
        assertThat(new String(w.server.bytes(), US_ASCII)).isEqualTo("hello");
        assertThat(w.client.handshakes).isEqualTo(1);
        assertThat(w.server.handshakes).isEqualTo(1);
    }

    @Test
    void givenAnOffThreadWriterTheWorkerWritesTheFlightAndThePeerAnswersBeforeTheContinuation() {
        Worked w = new Worked(Long.MAX_VALUE);
        assertThat(w.serverIO.offThreadWrites()).isEqualTo(1);
        w.pump.flush(); // the whole flight reaches the client, whose Finished and "hello" come back
        assertThat(w.client.handshakes).isEqualTo(1);
        assertThat(w.server.handshakes)
                .as("the server's engine waits for the continuation")
                .isZero();
        assertThat(w.reactor).hasSize(1);

        w.reactor.poll().run();
        runUntilQuiet(w.pump, w.worker, w.reactor);
        assertThat(w.server.handshakes).isEqualTo(1);
        assertThat(new String(w.server.bytes(), US_ASCII)).isEqualTo("hello");
        assertThat(new String(w.client.bytes(), US_ASCII)).isEqualTo("early");
        assertThat(w.serverIO.offThreadWrites()).isEqualTo(1);
    }

    @Test
    void whatTheSocketDoesNotTakeFromTheWorkerTheContinuationSendsInOrder() {
        byte[] flight = new Worked(Long.MAX_VALUE).serverIO.pendingBytes();
        assertThat(flight.length).as("the server's flight").isGreaterThan(100);
        // Every record boundary and the bytes either side of it, the first and last bytes, and a stride.
        java.util.TreeSet<Integer> takes = new java.util.TreeSet<>();
        for (int at = 0; at + 5 <= flight.length; at += 5 + ((flight[at + 3] & 0xff) << 8 | flight[at + 4] & 0xff)) {
            for (int d = -2; d <= 6; d++) {
                takes.add(Math.max(0, Math.min(flight.length, at + d)));
            }
        }
        for (int take = 0; take <= flight.length; take += take < 8 || take > flight.length - 8 ? 1 : 53) {
            takes.add(take);
        }
        takes.add(flight.length);
        assertThat(takes.size()).as("the records in the flight").isGreaterThan(20);
        for (int take : takes) {
            Worked w = new Worked(take);
            assertThat(w.serverIO.offThreadWrites()).isEqualTo(take == 0 ? 0 : 1);
            int took = w.serverIO.pendingBytes().length;
            if (take < flight.length - 8) { // an ECDSA signature's length varies by a byte or two
                assertThat(took).isEqualTo(take);
            } else {
                assertThat(took).isBetween(Math.min(take, flight.length - 8), take);
            }
            w.pump.flush(); // what the worker wrote reaches the client before the rest
            w.reactor.poll().run();
            runUntilQuiet(w.pump, w.worker, w.reactor);
            assertThat(w.client.handshakes)
                    .as("take %d of %d", take, flight.length)
                    .isEqualTo(1);
            assertThat(new String(w.server.bytes(), US_ASCII)).isEqualTo("hello");
            assertThat(new String(w.client.bytes(), US_ASCII)).isEqualTo("early");
        }
    }

    @Test
    void aWorkerThatWroteTheWholeFlightLeavesTheContinuationForTheReactorsNextWake() {
        Worked w = new Worked(Long.MAX_VALUE, true, x -> {}, x -> {});
        assertThat(w.reactor).as("no wake-up").isEmpty();
        assertThat(w.lazy).hasSize(1);
        w.pump.flush(); // the peer's answer is what wakes the reactor: Finished and "hello" arrive
        assertThat(w.client.handshakes).isEqualTo(1);
        assertThat(w.reactor).isEmpty();
        assertThat(w.server.handshakes).isZero();

        w.lazy.poll().run(); // the turn after that wake-up
        runUntilQuiet(w.pump, w.worker, w.reactor);
        assertThat(w.server.handshakes).isEqualTo(1);
        assertThat(new String(w.server.bytes(), US_ASCII)).isEqualTo("hello");
        assertThat(new String(w.client.bytes(), US_ASCII)).isEqualTo("early");
        assertThat(w.lazy).isEmpty();
    }

    /**
     * The peer's Finished, data, close_notify and FIN all arrive while the server's continuation is
     * still queued: the connection's loss waits for that continuation, which finishes the handshake
     * and delivers the data, and the protocol then loses the connection cleanly. (Before, the data was
     * dropped and the loss was called a handshake cut short: `weft sink` reported "0 bytes, reset".)
     */
    @Test
    void whatThePeerSentBeforeClosingDuringTheContinuationIsDeliveredThenTheConnectionIsLostCleanly() {
        Worked w = new Worked(Long.MAX_VALUE);
        w.pump.flush(); // the flight reaches the client, whose Finished and "hello" come back
        assertThat(w.client.handshakes).isEqualTo(1);
        // As a JDK SSLSocket's shutdownOutput: close_notify and FIN, behind the server's queued continuation.
        ((ITCPTransport) w.client.transport()).loseWriteConnection();
        w.pump.flush();
        assertThat(w.server.isLost()).as("lost before its continuation ran").isFalse();
        assertThat(w.reactor).hasSize(1);

        w.reactor.poll().run();
        runUntilQuiet(w.pump, w.worker, w.reactor);
        assertThat(new String(w.server.bytes(), US_ASCII)).isEqualTo("hello");
        assertThat(w.server.handshakes).isEqualTo(1);
        assertThat(w.server.isLost()).isTrue();
        assertThat(w.server.events).last().isEqualTo("lost ConnectionDone");
    }

    @Test
    void theContinuationWakesTheReactorWhenTheSocketDidNotTakeTheWholeFlight() {
        for (long take : new long[] {-1, 0, 1, 100}) {
            Worked w = new Worked(take, true, x -> {}, x -> {});
            assertThat(w.lazy).as("take %d", take).isEmpty();
            assertThat(w.reactor).hasSize(1);
            w.reactor.poll().run();
            runUntilQuiet(w.pump, w.worker, w.reactor);
            assertThat(w.server.handshakes).isEqualTo(1);
            assertThat(new String(w.server.bytes(), US_ASCII)).isEqualTo("hello");
        }
    }

    @Test
    void theContinuationWakesTheReactorThatCameToTheConnectionDuringTheTask() {
        // the wrapped protocol closes while the task runs (its write waits for the handshake, a close
        // makes the reactor thread drive TLS): the continuation must not wait, though the flight went out
        Worked w = new Worked(Long.MAX_VALUE, true, x -> x.server.transport().loseConnection(), x -> {});
        assertThat(w.lazy).isEmpty();
        assertThat(w.reactor).hasSize(1);
        w.reactor.poll().run();
        runUntilQuiet(w.pump, w.worker, w.reactor);
        assertThat(new String(w.client.bytes(), US_ASCII)).isEqualTo("early");
        assertThat(w.client.isLost()).isTrue();

        // it comes between the lazy queueing and the worker settling that: the reactor is woken after all
        Worked late = new Worked(
                Long.MAX_VALUE, true, x -> {}, x -> x.server.transport().loseConnection());
        assertThat(late.lazy).hasSize(1);
        assertThat(late.reactor).as("a wake-up with nothing in it").hasSize(1);
        late.reactor.poll().run();
        assertThat(late.server.handshakes).isZero();
        late.lazy.poll().run();
        runUntilQuiet(late.pump, late.worker, late.reactor);
        assertThat(late.server.handshakes).isEqualTo(1);
        assertThat(new String(late.client.bytes(), US_ASCII)).isEqualTo("early");
        assertThat(late.client.isLost()).isTrue();
    }

    @Test
    void aClientWhoseTaskFinishesItsHandshakeWakesTheReactor() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> reactor = new ArrayDeque<>();
        Queue<Runnable> lazy = new ArrayDeque<>();
        Peer client = new Peer();
        Peer server = new Peer();
        FakeTransport clientIO = new FakeTransport(
                new TLSMemoryBIOProtocol(
                        Tls.client(), client, DelegatedTasks.on(worker::add, reactor::add, lazy::add), true),
                false);
        clientIO.allowOffThreadWrites(Long.MAX_VALUE);
        IOPump pump = IOPump.connect(new FakeTransport(new TLSMemoryBIOProtocol(Tls.server(), server), true), clientIO);
        runUntilQuiet(pump, worker, reactor);
        assertThat(clientIO.offThreadWrites())
                .as("the worker wrote the client's Finished")
                .isPositive();
        assertThat(lazy).as("a finished handshake is reported at once").isEmpty();
        assertThat(client.handshakes).isEqualTo(1);
        assertThat(server.handshakes).isEqualTo(1);
    }

    @Test
    void onTcpTheContinuationsLeftForTheNextWakeAllRunAndEveryHandshakeCompletes() throws Exception {
        int connections = 20;
        AtomicInteger woken = new AtomicInteger();
        AtomicInteger lazily = new AtomicInteger();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (ReactorThread rt = ReactorThread.start()) {
            var r = rt.reactor();
            DelegatedTasks serverTasks = DelegatedTasks.on(
                    r::callInThread,
                    c -> {
                        woken.incrementAndGet();
                        r.callFromThread(c);
                    },
                    c -> {
                        lazily.incrementAndGet();
                        r.callFromThreadLazily(c);
                    });
            IListeningPort port = rt.call(() -> r.listenTCP(
                    0,
                    ServerFactory.forProtocol(() -> {
                        Peer p = new Peer();
                        p.onData = q -> received.add(new String(q.bytes(), US_ASCII));
                        return new TLSMemoryBIOProtocol(Tls.server(), p, serverTasks, true);
                    }),
                    50,
                    "127.0.0.1"));
            int number = ((IPv4Address) port.getHost()).port();
            for (int i = 0; i < connections; i++) {
                String hello = "hello " + i;
                Peer client = new Peer();
                client.onHandshake = c -> c.transport().write(hello.getBytes(US_ASCII));
                rt.call(() -> r.connectTCP(
                        "127.0.0.1",
                        number,
                        ClientFactory.forProtocol(() ->
                                new TLSMemoryBIOProtocol(Tls.client(), client, DelegatedTasks.offReactor(r), true)),
                        30,
                        null));
                assertThat(received.poll(60, TimeUnit.SECONDS)).isEqualTo(hello);
            }
        }
        assertThat(woken.get() + lazily.get()).isGreaterThanOrEqualTo(connections);
        assertThat(lazily.get())
                .as("the server's flight written by its worker, the continuation waited for the client's answer")
                .isPositive();
    }

    @Test
    void onTcpAPeerThatResetsDuringTheTaskCostsTheWorkersWriteNothingAndTheReactorServesTheNext() throws Exception {
        var blocking = new BlockingKeys();
        TLSConnectionCreator serverOptions = blocking.options();
        List<CompletableFuture<Failure>> lost = new CopyOnWriteArrayList<>();
        CompletableFuture<String> hello = new CompletableFuture<>();
        try (LogCapture log = new LogCapture("dev.weft");
                ReactorThread rt = ReactorThread.start()) {
            DelegatedTasks tasks = DelegatedTasks.offReactor(rt.reactor());
            IListeningPort port = rt.call(() -> rt.reactor()
                    .listenTCP(
                            0,
                            ServerFactory.forProtocol(() -> {
                                CompletableFuture<Failure> mine = new CompletableFuture<>();
                                lost.add(mine);
                                Peer p = new Peer() {
                                    @Override
                                    public void connectionLost(Failure r) {
                                        super.connectionLost(r);
                                        mine.complete(r);
                                    }
                                };
                                p.onData = q -> hello.complete(new String(q.bytes(), US_ASCII));
                                return new TLSMemoryBIOProtocol(serverOptions, p, tasks, true);
                            }),
                            50,
                            "127.0.0.1"));
            int number = ((IPv4Address) port.getHost()).port();

            SSLEngine hi = Tls.client().createEngine(IPv4Address.tcp("127.0.0.1", number));
            hi.beginHandshake();
            ByteBuffer clientHello = ByteBuffer.allocate(hi.getSession().getPacketBufferSize());
            hi.wrap(ByteBuffer.allocate(0), clientHello);
            try (Socket raw = new Socket("127.0.0.1", number)) {
                raw.getOutputStream().write(clientHello.array(), 0, clientHello.position());
                blocking.awaitInside(); // the server's task holds the engine: the worker's writer is out
                raw.setSoLinger(true, 0); // and the peer resets
            }
            Failure reset = lost.get(0).get(60, TimeUnit.SECONDS);
            assertThat(reset.value()).isInstanceOf(ConnectionLost.class);
            blocking.release.countDown(); // the worker wraps and writes to a closed socket: nothing

            Peer client = new Peer();
            client.onHandshake = c -> c.transport().write("hello".getBytes(US_ASCII));
            rt.call(() -> rt.reactor()
                    .connectTCP(
                            "127.0.0.1",
                            number,
                            ClientFactory.forProtocol(
                                    () -> new TLSMemoryBIOProtocol(Tls.client(), client, tasks, true)),
                            30,
                            null));
            assertThat(hello.get(60, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(lost).hasSize(2);
            assertThat(lost.get(0).get().value()).isSameAs(reset.value());
            assertThat(log.records())
                    .as("nothing logged as a fault")
                    .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        }
    }

    /**
     * A wrapped protocol's callback that throws inside a task's continuation (a client's {@code
     * handshakeCompleted}, called once the task checked the server's certificate) loses the connection
     * with that error, as the reactor does with a callback that throws on its own thread: before, the
     * error went to the reactor's log and the connection stayed open, both peers waiting.
     */
    @Test
    void aCallbackThatThrowsInATasksContinuationLosesTheConnectionWithItsError() throws Exception {
        IllegalStateException boom = new IllegalStateException("the application's handshakeCompleted failed");
        CompletableFuture<Failure> serverLost = new CompletableFuture<>();
        CompletableFuture<Failure> clientLost = new CompletableFuture<>();
        AtomicInteger losses = new AtomicInteger();
        try (LogCapture log = new LogCapture("dev.weft");
                ReactorThread rt = ReactorThread.start()) {
            var r = rt.reactor();
            Peer server = new Peer() {
                @Override
                public void connectionLost(Failure reason) {
                    serverLost.complete(reason);
                }
            };
            IListeningPort port = rt.call(() -> r.listenTCP(
                    0,
                    ServerFactory.forProtocol(() -> new TLSMemoryBIOProtocol(Tls.server(), server)),
                    50,
                    "127.0.0.1"));
            Peer client = new Peer() {
                @Override
                public void connectionLost(Failure reason) {
                    losses.incrementAndGet();
                    clientLost.complete(reason);
                }
            };
            client.onHandshake = c -> {
                throw boom;
            };
            rt.call(() -> r.connectTCP(
                    "127.0.0.1",
                    ((IPv4Address) port.getHost()).port(),
                    ClientFactory.forProtocol(
                            () -> new TLSMemoryBIOProtocol(Tls.client(), client, DelegatedTasks.offReactor(r), true)),
                    30,
                    null));

            assertThat(clientLost.get(60, TimeUnit.SECONDS).value()).isSameAs(boom);
            assertThat(serverLost.get(60, TimeUnit.SECONDS).value()).isInstanceOf(ConnectionLost.class);
            assertThat(log.thrown(IllegalStateException.class))
                    .as("the error is logged")
                    .contains(boom);
            rt.call(() -> null); // a turn after the losses: none came twice
            assertThat(losses).hasValue(1);
        }
    }

    @Test
    void aFailureInATaskReachesTheConnectionOnItsThreadWithTheAlertSent() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> reactor = new ArrayDeque<>();
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(TLSServerOptions.of(Tls.identity(Tls.UNTRUSTED)), server),
                        () -> new TLSMemoryBIOProtocol(
                                Tls.client(), client, DelegatedTasks.on(worker::add, reactor::add), true))
                .pump();
        for (int round = 0; round < 50 && !client.isLost(); round++) {
            pump.flush();
            if (!worker.isEmpty()) {
                worker.poll().run();
                assertThat(client.isLost())
                        .as("the failure waits for the continuation")
                        .isFalse();
                assertThat(pump.pump()).as("nothing is written from the worker").isFalse();
                reactor.poll().run();
            }
        }
        pump.flush();
        TLSError c = (TLSError) client.reason.value();
        assertThat(c.kind()).isEqualTo(TLSErrorKind.UNTRUSTED_CERTIFICATE);
        assertThat(c.fromPeer()).isFalse();
        TLSError s = (TLSError) server.reason.value();
        assertThat(s.kind()).as("the client's alert reached the server").isEqualTo(TLSErrorKind.CERTIFICATE_REJECTED);
        assertThat(s.fromPeer()).isTrue();
    }

    /**
     * The JDK's engine holds its lock for the whole of a delegated task, so a call to the engine from
     * the connection's thread while a task runs would wait for the task: here the task waits, inside
     * the server's key manager, until the connection's thread has written, closed, been told the peer
     * went away and carried on; before, the first of these waited for the task for ever.
     */
    @Test
    void theConnectionsThreadNeverWaitsForATaskThatHoldsTheEngine() {
        var blocking = new BlockingKeys();
        Peer client = new Peer();
        Peer server = new Peer();
        client.onConnect = c -> c.transport().write("hello".getBytes(US_ASCII));
        server.onConnect = s -> s.transport().write("early".getBytes(US_ASCII));
        blocking.withParkedTask(client, server, (pump, reactor) -> {
            server.transport().write(" and more".getBytes(US_ASCII)); // queued, the engine not asked
            ((IBufferedProtocol) pump.server()).getBuffer(1); // as a reactor asks before each read
            pump.flush();
            assertThat(server.handshakes).isZero();

            blocking.release.countDown();
            runContinuationsUntil(() -> server.bytes().length >= 5 && client.bytes().length >= 14, reactor, pump);
            assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("hello");
            assertThat(new String(client.bytes(), US_ASCII)).isEqualTo("early and more");
            assertThat(server.handshakes).isEqualTo(1);
        });
    }

    /**
     * Reads that fill the lent input while a task holds the engine grow it (4 KiB, a packet, the hint)
     * without asking the engine anything, its packet size included: the connection's thread does not
     * wait for the task. The bytes are not TLS, which the connection says once the task is done.
     */
    @Test
    void readsThatFillTheInputWhileATaskHoldsTheEngineDoNotWaitForIt() {
        var blocking = new BlockingKeys();
        Peer client = new Peer();
        Peer server = new Peer();
        blocking.withParkedTask(client, server, (pump, reactor) -> {
            IBufferedProtocol tls = (IBufferedProtocol) pump.server();
            List<Integer> lent = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ByteBuffer b = tls.getBuffer(65_536);
                int n = b.remaining();
                lent.add(n);
                b.put(new byte[n]); // every read fills what it is lent
                tls.bufferUpdated(n);
            }
            assertThat(lent.get(0)).isEqualTo(4096);
            assertThat(lent.get(2)).isGreaterThanOrEqualTo(65_536);
            assertThat(server.events).containsExactly("made handshakeDone=false");

            blocking.release.countDown();
            runContinuationsUntil(() -> server.events.size() >= 2, reactor, pump);
            assertThat(server.events).element(1).asString().startsWith("lost TLSError");
            assertThat(server.handshakes).isZero();
        });
    }

    @Test
    void aPeerThatGoesAwayWhileATaskHoldsTheEngineIsHeardAtOnce() {
        var blocking = new BlockingKeys();
        Peer client = new Peer();
        Peer server = new Peer();
        blocking.withParkedTask(client, server, (pump, reactor) -> {
            pump.clientIO().loseConnection();
            pump.flush();
            assertThat(server.events).containsExactly("made handshakeDone=false", "lost ConnectionLost");
            blocking.release.countDown();
            reactor.poll(60, TimeUnit.SECONDS).run(); // the task's continuation: nothing more happens
            assertThat(server.events).hasSize(2);
        });
    }

    /**
     * A connection whose server has run its task for the ClientHello, its socket taking {@code take}
     * bytes of the flight from the worker (none offered below 0).
     */
    private static final class Worked {
        final Queue<Runnable> worker = new ArrayDeque<>();
        final Queue<Runnable> reactor = new ArrayDeque<>();
        /** Continuations queued without a wake-up, when the policy has that queue. */
        final Queue<Runnable> lazy = new ArrayDeque<>();

        final Peer client = new Peer();
        final Peer server = new Peer();
        final FakeTransport serverIO;
        final IOPump pump;

        Worked(long take) {
            this(take, false, w -> {}, w -> {});
        }

        /**
         * @param lazily whether the policy may queue a continuation without waking the reactor
         * @param beforeTask runs on the connection's thread before the task does
         * @param onLazy runs when a continuation is queued without a wake-up, before the worker settles it
         */
        Worked(long take, boolean lazily, Consumer<Worked> beforeTask, Consumer<Worked> onLazy) {
            client.onConnect = c -> c.transport().write("hello".getBytes(US_ASCII));
            server.onConnect = c -> c.transport().write("early".getBytes(US_ASCII));
            DelegatedTasks tasks = lazily
                    ? DelegatedTasks.on(worker::add, reactor::add, c -> {
                        lazy.add(c);
                        onLazy.accept(this);
                    })
                    : DelegatedTasks.on(worker::add, reactor::add);
            serverIO = new FakeTransport(new TLSMemoryBIOProtocol(Tls.server(), server, tasks, true), true);
            if (take >= 0) {
                serverIO.allowOffThreadWrites(take);
            }
            pump = IOPump.connect(serverIO, new FakeTransport(new TLSMemoryBIOProtocol(Tls.client(), client), false));
            pump.flush();
            assertThat(worker).hasSize(1);
            beforeTask.accept(this);
            worker.poll().run();
        }
    }

    /** Runs tasks and continuations, one at a time, and pumps, until nothing is left to do. */
    private static void runUntilQuiet(IOPump pump, Queue<Runnable> worker, Queue<Runnable> reactor) {
        for (int round = 0; round < 50; round++) {
            pump.flush();
            if (worker.isEmpty() && reactor.isEmpty()) {
                return;
            }
            if (!worker.isEmpty()) {
                worker.poll().run();
            }
            if (!reactor.isEmpty()) {
                reactor.poll().run();
            }
        }
        throw new AssertionError("tasks still queued after 50 rounds");
    }

    /** Runs the continuations that come back through {@code reactor}, flushing after each, until {@code done}. */
    private static void runContinuationsUntil(BooleanSupplier done, BlockingQueue<Runnable> reactor, IOPump pump)
            throws InterruptedException {
        while (!done.getAsBoolean()) {
            Runnable next = reactor.poll(60, TimeUnit.SECONDS);
            assertThat(next).as("a task's continuation").isNotNull();
            next.run();
            pump.flush();
        }
    }
}
