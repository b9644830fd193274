package dev.weft.junit;

import dev.weft.defer.Failure;
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
     * Runs the conversation until both sides have lost their connection (in memory, pumping and moving the clock; over
     * a socket, waiting up to {@code timeout}), then stops listening.
     * @throws AssertionError if a side is still connected, naming it
     */
    public void awaitClosed(Duration timeout) {
        Objects.requireNonNull(timeout, "awaitClosed(timeout): timeout is null; give a Duration");
        FaultyPump<Tracked<C>, Tracked<S>> p = pump;
        if (p != null) {
            p.drain();
            if (closed.getCount() > 0) {
                throw new AssertionError("the conversation went quiet in memory with " + openSides()
                        + " still connected (clock at "
                        + Objects.requireNonNull(clock).seconds()
                        + " s); does a side close its connection?");
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
