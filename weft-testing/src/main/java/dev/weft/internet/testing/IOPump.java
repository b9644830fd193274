package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.FakeTransport.WriteState;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Moves bytes and closes between the two ends of an in-memory connection, one step at a time (Twisted's iosim {@code
 * IOPump}). Nothing reaches the other end until the test calls {@link #pump()} or {@link #flush()}.
 *
 * <pre>{@code
 * ConnectedPair<Client, Server> pair = IOPump.connectedServerAndClient(Server::new, Client::new);
 * pair.client().sendRequest("GET");
 * pair.pump().flush();
 * }</pre>
 *
 * <p>One {@link #pump()} runs the clock's due calls, then delivers either a pending abort, or each side's queued writes
 * as one {@code dataReceived} (client to server first), or, if no bytes moved, at most one close event (server first).
 * Bytes written during delivery wait for the next pump. A half-closeable side whose two directions have ended (its
 * writes closed, its peer's end of stream read) gets {@code connectionLost(ConnectionDone)} in the step that ended the
 * second, as from the reactor's TCP transport; a side that is not half-closeable is closed by its peer's end of stream
 * as by {@code loseConnection}: what it wrote still reaches the peer, a paused peer once it resumes, before the end
 * of stream. A paused side receives nothing until it resumes. Exceptions
 * from protocols propagate out of {@code pump()}. With {@link #setEmptyReads(boolean)}, a buffered protocol is also
 * lent a buffer that receives nothing before each delivery and before its end of stream, as by a real transport. With
 * {@link #setWriteBufferLimit(long)}, a writer's push producer is paused while its queue is over the limit and resumed
 * by the pump that takes the queue, before the peer receives it.
 *
 * <p>Confined to the test thread.
 */
public final class IOPump {
    /** How many productive pumps {@link #flush()} allows before it gives up. */
    public static final int FLUSH_LIMIT = 1000;

    private final FakeTransport clientIO;
    private final FakeTransport serverIO;
    private final @Nullable Clock clock;
    private final boolean closeBothServerFirst;
    private boolean emptyReads;

    /** Creates a pump without a clock between two already-connected ends. */
    public IOPump(FakeTransport clientIO, FakeTransport serverIO) {
        this(clientIO, serverIO, null, false);
    }

    /**
     * Creates a pump between two already-connected ends; each pump first runs {@code clock}'s due calls (null: none).
     */
    public IOPump(FakeTransport clientIO, FakeTransport serverIO, @Nullable Clock clock) {
        this(clientIO, serverIO, clock, false);
    }

    /** With {@code closeBothServerFirst}, a close reaches both sides in one step (for {@link Loopback}). */
    IOPump(FakeTransport clientIO, FakeTransport serverIO, @Nullable Clock clock, boolean closeBothServerFirst) {
        this.clientIO = clientIO;
        this.serverIO = serverIO;
        this.clock = clock;
        this.closeBothServerFirst = closeBothServerFirst;
    }

    /**
     * Connects the server's protocol, then the client's, and returns a pump flushed once (Twisted's {@code
     * iosim.connect}).
     */
    public static IOPump connect(FakeTransport serverTransport, FakeTransport clientTransport) {
        return connect(serverTransport, clientTransport, true);
    }

    /** Connects the server's protocol, then the client's, and returns a pump, flushed once if {@code greet}. */
    public static IOPump connect(FakeTransport serverTransport, FakeTransport clientTransport, boolean greet) {
        return connect(serverTransport, clientTransport, greet, null);
    }

    /**
     * As {@link #connect(FakeTransport, FakeTransport, boolean)}, with a clock whose due calls each pump runs first;
     * a clock also becomes both ends' {@link FakeTransport#reactor()}, as a reactor's connections expose it.
     */
    public static IOPump connect(
            FakeTransport serverTransport, FakeTransport clientTransport, boolean greet, @Nullable Clock clock) {
        if (clock != null) {
            serverTransport.setReactor(clock);
            clientTransport.setReactor(clock);
        }
        serverTransport.protocol().makeConnection(serverTransport);
        clientTransport.protocol().makeConnection(clientTransport);
        IOPump pump = new IOPump(clientTransport, serverTransport, clock);
        if (greet) {
            pump.flush();
        }
        return pump;
    }

    /** Builds a client and a server protocol, connects them over {@link FakeTransport}s and flushes once. */
    public static <C extends IProtocol, S extends IProtocol> ConnectedPair<C, S> connectedServerAndClient(
            Supplier<? extends S> server, Supplier<? extends C> client) {
        return connectedServerAndClient(server, client, true);
    }

    /**
     * Builds a client and a server protocol and connects them over {@link FakeTransport}s, flushing once if {@code
     * greet}.
     */
    public static <C extends IProtocol, S extends IProtocol> ConnectedPair<C, S> connectedServerAndClient(
            Supplier<? extends S> server, Supplier<? extends C> client, boolean greet) {
        return connectedServerAndClient(server, client, greet, null);
    }

    /**
     * As {@link #connectedServerAndClient(Supplier, Supplier, boolean)}, with a clock whose due calls each pump runs
     * first and which both ends give as their {@link FakeTransport#reactor()}.
     */
    public static <C extends IProtocol, S extends IProtocol> ConnectedPair<C, S> connectedServerAndClient(
            Supplier<? extends S> server, Supplier<? extends C> client, boolean greet, @Nullable Clock clock) {
        C c = client.get();
        S s = server.get();
        IOPump pump = connect(new FakeTransport(s, true), new FakeTransport(c, false), greet, clock);
        return new ConnectedPair<>(c, s, pump);
    }

    /** Runs one step (see the class comment); true if bytes moved or a close was delivered. */
    public boolean pump() {
        Clock c = clock;
        if (c != null) {
            c.advance(0);
        }
        if (deliverAbort(serverIO, clientIO) || deliverAbort(clientIO, serverIO)) {
            return true;
        }
        byte[] toServer = takeFor(clientIO, serverIO);
        byte[] toClient = takeFor(serverIO, clientIO);
        clientIO.pollProducer();
        serverIO.pollProducer();
        if (toServer != null) {
            emptyRead(serverIO);
            IBufferedProtocol.deliver(serverIO.receiver(), toServer);
        }
        if (toClient != null) {
            emptyRead(clientIO);
            IBufferedProtocol.deliver(clientIO.receiver(), toClient);
        }
        if (toServer != null || toClient != null) {
            return true;
        }
        return closeStep(serverIO, clientIO) || closeStep(clientIO, serverIO);
    }

    /**
     * Pumps until a pump does nothing; true if any did something.
     * @throws AssertionError after {@value #FLUSH_LIMIT} productive pumps in a row
     */
    public boolean flush() {
        boolean any = false;
        for (int i = 0; i < FLUSH_LIMIT; i++) {
            if (!pump()) {
                return any;
            }
            any = true;
        }
        throw new AssertionError("Too long: " + FLUSH_LIMIT
                + " pumps in a row moved bytes or closes; do the protocols answer each other forever?");
    }

    /**
     * Makes each delivery to a protocol that {@linkplain IBufferedProtocol#bufferPathOf takes the buffer path}, and
     * each end of stream or reset it receives, first call its {@code getBuffer(1)} with no {@code bufferUpdated}: the
     * read of a real transport that returns nothing, -1 or an error. Off by default.
     */
    public void setEmptyReads(boolean emptyReads) {
        this.emptyReads = emptyReads;
    }

    /**
     * Gives both ends' write buffers a limit, as {@link FakeTransport#setWriteBufferLimit}: a push producer is paused
     * by each write that leaves more than {@code bytes} queued and resumed by the pump that takes them, as on the
     * reactor (whose limit is 65536 bytes); {@link FakeTransport#NO_WRITE_BUFFER_LIMIT}, the default, turns it off.
     * A reader that pauses its transport makes a slow reader:
     *
     * <pre>{@code
     * pair.pump().setWriteBufferLimit(64 * 1024);
     * pair.pump().clientIO().pauseProducing(); // the client reads nothing
     * // ... the server's push producer writes 2 MB: paused once 64 KiB are queued, it stays paused
     * pair.pump().clientIO().resumeProducing();
     * pair.pump().flush();                     // each pump takes the queue and resumes the producer
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code bytes} is negative and not {@link FakeTransport#NO_WRITE_BUFFER_LIMIT}
     */
    public void setWriteBufferLimit(long bytes) {
        clientIO.setWriteBufferLimit(bytes);
        serverIO.setWriteBufferLimit(bytes);
    }

    /** {@return the clock each pump runs first, or null} */
    public @Nullable Clock clock() {
        return clock;
    }

    /** {@return the client end's protocol} */
    public IProtocol client() {
        return clientIO.protocol();
    }

    /** {@return the server end's protocol} */
    public IProtocol server() {
        return serverIO.protocol();
    }

    /** {@return the client's transport} */
    public FakeTransport clientIO() {
        return clientIO;
    }

    /** {@return the server's transport} */
    public FakeTransport serverIO() {
        return serverIO;
    }

    /** Takes what {@code sender} queued for {@code receiver}, if the receiver reads now. */
    private static byte @Nullable [] takeFor(FakeTransport sender, FakeTransport receiver) {
        if (receiver.lost) {
            sender.clearPending(); // nobody will ever read it
            return null;
        }
        return receiver.isReading() ? sender.takePending() : null;
    }

    /** Delivers {@code side}'s own abort, or its peer's reset; one event per call. */
    private boolean deliverAbort(FakeTransport side, FakeTransport peer) {
        if (side.lost) {
            return false;
        }
        if (side.aborted) {
            peer.clearPending();
            if (!peer.lost) {
                peer.resetByPeer = true;
            }
            lose(side, new ConnectionAborted(), new ConnectionLost());
            return true;
        }
        if (side.resetByPeer) {
            emptyRead(side); // a real transport learns of a reset from a read that fails
            lose(side, new ConnectionLost(), new ConnectionAborted());
            return true;
        }
        return false;
    }

    /**
     * Sends {@code side}'s end of stream once its queue is empty (and loses a side whose two directions have then
     * ended), or finishes its full close; one event per call.
     */
    private boolean closeStep(FakeTransport side, FakeTransport peer) {
        if (side.writeState == WriteState.CLOSING && !side.hasPending()) {
            if (!peer.lost && !peer.isReading()) {
                return false; // a paused peer reads no end of stream either
            }
            side.writeState = WriteState.CLOSED;
            boolean told = false;
            if (!side.fullCloseRequested && !side.lost && side.receiver() instanceof IHalfCloseableProtocol h) {
                h.writeConnectionLost();
                told = true;
            }
            if (!peer.lost) {
                receiveEndOfStream(peer);
                told = true;
            }
            if (told) {
                loseIfBothEnded(side);
                return true;
            }
        }
        if (!side.lost && side.fullCloseRequested && side.writeState == WriteState.CLOSED) {
            lose(side, new ConnectionDone(), new ConnectionDone());
            return true;
        }
        return false;
    }

    /**
     * Tells {@code side} its peer sends nothing more: {@code readConnectionLost} if half-closeable; else the side is
     * lost, at once if it has nothing queued, or, as by {@code loseConnection}, once the peer has taken what it wrote
     * (a peer that paused its reading takes it when it resumes), as on the reactor.
     */
    private void receiveEndOfStream(FakeTransport side) {
        if (side.lost) {
            return;
        }
        emptyRead(side);
        if (side.fullCloseRequested) {
            if (side.writeState == WriteState.CLOSED) {
                lose(side, new ConnectionDone(), new ConnectionDone());
            }
            return;
        }
        if (side.receiver() instanceof IHalfCloseableProtocol h) {
            side.readClosed = true;
            h.readConnectionLost();
            loseIfBothEnded(side);
            return;
        }
        side.fullCloseRequested = true;
        if (side.hasPending()) {
            side.writeState = WriteState.CLOSING; // closeStep ends it once the peer has read the bytes
            return;
        }
        lose(side, new ConnectionDone(), new ConnectionDone());
    }

    /**
     * Gives {@code ConnectionDone} to a half-closeable side whose peer has ended and whose own writes have closed, as
     * the reactor's TCP transport does (Twisted waits for the protocol's {@code loseConnection}).
     */
    private void loseIfBothEnded(FakeTransport side) {
        if (!side.lost && side.readClosed && side.writeState == WriteState.CLOSED) {
            lose(side, new ConnectionDone(), new ConnectionDone());
        }
    }

    private void emptyRead(FakeTransport side) {
        if (emptyReads) {
            Split.emptyRead(side.receiver());
        }
    }

    /** Gives {@code side} its {@code connectionLost}; in loopback mode the other side too, server first. */
    private void lose(FakeTransport side, Throwable reason, Throwable otherReason) {
        if (!closeBothServerFirst) {
            side.lose(new Failure(reason));
            return;
        }
        for (FakeTransport t : new FakeTransport[] {serverIO, clientIO}) {
            if (!t.lost) {
                t.lose(new Failure(t == side ? reason : otherReason));
            }
        }
    }
}
