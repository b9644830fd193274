package dev.weft.junit;

import dev.weft.defer.Failure;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.FaultyPump;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A client and a server protocol connected by a {@link Transport}; {@link #awaitClosed(Duration)} runs the conversation
 * until both sides have lost their connection. Used from the test thread; over a real socket, read the protocols after
 * {@link #awaitClosed(Duration)}, which hands them over from the reactor thread.
 */
public final class Conversation<C extends IProtocol, S extends IProtocol> {
    private final @Nullable FaultyPump<Tracked<C>, Tracked<S>> pump;
    private final @Nullable Clock clock;
    private final @Nullable ReactorThread reactor;
    private final CountDownLatch closed = new CountDownLatch(2);
    private volatile @Nullable Tracked<C> client;
    private volatile @Nullable Tracked<S> server;
    private volatile @Nullable IListeningPort port;

    private Conversation(
            @Nullable FaultyPump<Tracked<C>, Tracked<S>> pump, @Nullable Clock clock, @Nullable ReactorThread reactor) {
        this.pump = pump;
        this.clock = clock;
        this.reactor = reactor;
    }

    static <C extends IProtocol, S extends IProtocol> Conversation<C, S> inMemory(
            FaultyPump<Tracked<C>, Tracked<S>> pump, Clock clock) {
        Conversation<C, S> c = new Conversation<>(pump, clock, null);
        c.client = pump.client();
        c.server = pump.server();
        pump.client().latch = c.closed;
        pump.server().latch = c.closed;
        if (pump.client().lost) {
            c.closed.countDown();
        }
        if (pump.server().lost) {
            c.closed.countDown();
        }
        return c;
    }

    static <C extends IProtocol, S extends IProtocol> Conversation<C, S> overSockets(ReactorThread reactor) {
        return new Conversation<>(null, null, reactor);
    }

    Tracked<S> acceptServer(S protocol) {
        Tracked<S> t = new Tracked<>(protocol);
        t.latch = closed;
        server = t;
        return t;
    }

    Tracked<C> startClient(C protocol) {
        Tracked<C> t = new Tracked<>(protocol);
        t.latch = closed;
        client = t;
        return t;
    }

    void listening(IListeningPort listeningPort) {
        this.port = listeningPort;
    }

    /**
     * Runs the conversation until both sides have lost their connection, then stops listening. Over a socket it waits
     * up to {@code timeout}, while the reactor runs the protocols' delayed calls in real time. In memory it pumps, then
     * moves the clock ({@link Transport#clock()}) from one delayed call to the next, pumping after each, up to {@code
     * timeout} of the clock's time and at once, as that much real time would move a reactor's.
     * @throws AssertionError if a side is still connected, naming it
     */
    public void awaitClosed(Duration timeout) {
        Objects.requireNonNull(timeout, "awaitClosed(timeout): timeout is null; give a Duration");
        FaultyPump<Tracked<C>, Tracked<S>> p = pump;
        if (p != null) {
            Clock c = Objects.requireNonNull(clock);
            double until = c.seconds() + timeout.toNanos() / 1e9;
            p.drain();
            for (int step = 0; closed.getCount() > 0; step++) {
                double next = c.getDelayedCalls().stream()
                        .mapToDouble(IDelayedCall::getTime)
                        .min()
                        .orElse(Double.POSITIVE_INFINITY);
                if (next > until) {
                    p.advance(Duration.ofNanos(Math.max(0, Math.round((until - c.seconds()) * 1e9))));
                    break;
                }
                if (step == FaultyPump.FLUSH_LIMIT) {
                    throw new AssertionError("the clock's delayed calls ran " + step + " times in a row without the"
                            + " conversation ending (clock at " + c.seconds() + " s): does a call schedule itself"
                            + " again without delay?");
                }
                c.advance(Math.max(0, next - c.seconds()));
                p.drain();
            }
            if (closed.getCount() > 0) {
                throw new AssertionError("the conversation went quiet in memory with " + openSides()
                        + " still connected (clock at " + c.seconds() + " s, moved up to the timeout " + timeout
                        + "); does a side close its connection?");
            }
            return;
        }
        try {
            if (!closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the conversation did not end within " + timeout + ": " + openSides()
                        + " still connected; does a side close its connection?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the conversation to end", e);
        }
        IListeningPort lp = port;
        ReactorThread rt = reactor;
        if (lp != null && rt != null) {
            port = null;
            rt.await(lp::stopListening);
        }
    }

    /** Returns the client protocol; over a socket, throws {@link IllegalStateException} before it was built. */
    public C client() {
        Tracked<C> c = client;
        if (c == null) {
            throw new IllegalStateException("the client is not built yet: call awaitClosed first");
        }
        return c.inner;
    }

    /**
     * Returns the server protocol; over a socket, throws {@link IllegalStateException} before a connection was
     * accepted.
     */
    public S server() {
        Tracked<S> s = server;
        if (s == null) {
            throw new IllegalStateException("no connection accepted yet: call awaitClosed first");
        }
        return s.inner;
    }

    private String openSides() {
        Tracked<C> c = client;
        Tracked<S> s = server;
        String sides = (c == null || !c.lost ? "the client " : "") + (s == null || !s.lost ? "the server" : "");
        return sides.strip().replace("client the", "client and the");
    }

    /**
     * Wraps a protocol to learn when it loses its connection; a half-closeable protocol inside keeps its behaviour,
     * another is closed when the peer ends its side.
     */
    static final class Tracked<P extends IProtocol> implements IHalfCloseableProtocol {
        final P inner;
        volatile boolean lost;

        @Nullable
        CountDownLatch latch;

        private @Nullable ITransport transport;

        Tracked(P inner) {
            this.inner = inner;
        }

        @Override
        public void makeConnection(ITransport t) {
            transport = t;
            inner.makeConnection(t);
        }

        @Override
        public void connectionMade() {}

        @Override
        public void dataReceived(byte[] data) {
            inner.dataReceived(data);
        }

        @Override
        public void readConnectionLost() {
            if (inner instanceof IHalfCloseableProtocol h) {
                h.readConnectionLost();
            } else if (transport != null) {
                transport.loseConnection();
            }
        }

        @Override
        public void writeConnectionLost() {
            if (inner instanceof IHalfCloseableProtocol h) {
                h.writeConnectionLost();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            try {
                inner.connectionLost(reason);
            } finally {
                lost = true;
                CountDownLatch l = latch;
                if (l != null) {
                    l.countDown();
                }
            }
        }
    }
}
