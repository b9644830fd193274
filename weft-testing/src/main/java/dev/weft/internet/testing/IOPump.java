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
 * Moves bytes and closes between the two ends of an in-memory connection, one step at a time:
 * Twisted's iosim {@code IOPump}. Nothing reaches the other end until the test calls {@link #pump()}
 * or {@link #flush()}, so a test decides exactly when each side hears what.
 *
 * <pre>{@code
 * ConnectedPair<Client, Server> pair = IOPump.connectedServerAndClient(Server::new, Client::new);
 * pair.client().sendRequest("GET");
 * pair.pump().flush();
 * assertThat(pair.client().responses()).containsExactly("OK");
 * }</pre>
 *
 * <p>One {@link #pump()} does, in order:
 *
 * <ol>
 *   <li>runs the clock's calls due now ({@code advance(0)}), when the pump has a clock;
 *   <li>delivers a pending abort: the aborting side gets {@code connectionLost(ConnectionAborted)},
 *       or, one pump later, its peer gets {@code connectionLost(ConnectionLost)}; such a pump moves no
 *       bytes and returns {@code true};
 *   <li>takes each side's queued writes, joined into one array;
 *   <li>resumes each side's pull producer (client, then server): what they write now goes out on the
 *       next pump;
 *   <li>delivers the client's bytes to the server, then the server's to the client, each as one
 *       {@code dataReceived} (through {@link IBufferedProtocol#deliver}); bytes written meanwhile wait
 *       for the next pump, so delivery never re-enters; if any bytes moved, returns {@code true};
 *   <li>only in a pump that moved no bytes: delivers at most one close event, looking at the server
 *       first: a side that closed (or half-closed) and has nothing queued sends its end of stream
 *       (it gets {@code writeConnectionLost()} for a half-close if it is an {@link
 *       IHalfCloseableProtocol}; its peer gets {@code readConnectionLost()} if half-closeable, else
 *       {@code connectionLost(ConnectionDone)}), or a side that called {@code loseConnection} and
 *       whose end of stream is out gets its own {@code connectionLost(ConnectionDone)}; returns
 *       {@code true} if it did.
 * </ol>
 *
 * <p>So after {@code server.transport().loseConnection()} with nothing queued, the first pump gives
 * the client {@code connectionLost(ConnectionDone)} and the second the server, as in Twisted. A
 * protocol that has paused its transport ({@link FakeTransport#pauseProducing()}) receives nothing,
 * bytes or close, until it resumes. Exceptions thrown by protocols and producers propagate out of
 * {@code pump()} unchanged (they are not turned into {@code connectionLost}, unlike on a real
 * reactor); the pump stays usable.
 *
 * <p>Confined to the test thread.
 */
public final class IOPump {
    /** How many productive pumps {@link #flush()} allows before it gives up, as Twisted. */
    public static final int FLUSH_LIMIT = 1000;

    private final FakeTransport clientIO;
    private final FakeTransport serverIO;
    private final @Nullable Clock clock;
    private final boolean closeBothServerFirst;

    /**
     * Creates a pump, without a clock, between two ends whose protocols are already connected to
     * them.
     *
     * @param clientIO the connecting end
     * @param serverIO the accepting end
     */
    public IOPump(FakeTransport clientIO, FakeTransport serverIO) {
        this(clientIO, serverIO, null, false);
    }

    /**
     * Creates a pump between two ends whose protocols are already connected to them.
     *
     * @param clientIO the connecting end
     * @param serverIO the accepting end
     * @param clock the clock whose due calls each pump runs first ({@code advance(0)}: time never
     *     moves), or null for none; Twisted defaults to a fresh clock, which amounts to none
     */
    public IOPump(FakeTransport clientIO, FakeTransport serverIO, @Nullable Clock clock) {
        this(clientIO, serverIO, clock, false);
    }

    /**
     * Creates a pump; with {@code closeBothServerFirst}, any clean close or abort gives both sides
     * their {@code connectionLost} in one step, the server's first (what {@link Loopback} needs).
     */
    IOPump(FakeTransport clientIO, FakeTransport serverIO, @Nullable Clock clock, boolean closeBothServerFirst) {
        this.clientIO = clientIO;
        this.serverIO = serverIO;
        this.clock = clock;
        this.closeBothServerFirst = closeBothServerFirst;
    }

    /**
     * Connects {@code serverTransport}'s protocol, then {@code clientTransport}'s (each through
     * {@code makeConnection}), builds a pump between them and flushes it once, so that greetings are
     * exchanged: Twisted's {@code iosim.connect}.
     *
     * @param serverTransport the accepting end
     * @param clientTransport the connecting end
     * @return the flushed pump
     */
    public static IOPump connect(FakeTransport serverTransport, FakeTransport clientTransport) {
        return connect(serverTransport, clientTransport, true);
    }

    /**
     * Connects {@code serverTransport}'s protocol, then {@code clientTransport}'s, and builds a pump
     * between them.
     *
     * @param serverTransport the accepting end
     * @param clientTransport the connecting end
     * @param greet whether to {@link #flush()} once before returning
     * @return the pump
     */
    public static IOPump connect(FakeTransport serverTransport, FakeTransport clientTransport, boolean greet) {
        return connect(serverTransport, clientTransport, greet, null);
    }

    /**
     * Connects {@code serverTransport}'s protocol, then {@code clientTransport}'s, and builds a pump
     * with a clock between them: Twisted's {@code iosim.connect(..., clock=clock)}.
     *
     * @param serverTransport the accepting end
     * @param clientTransport the connecting end
     * @param greet whether to {@link #flush()} once before returning
     * @param clock the clock whose due calls each pump runs first, or null for none
     * @return the pump
     */
    public static IOPump connect(
            FakeTransport serverTransport, FakeTransport clientTransport, boolean greet, @Nullable Clock clock) {
        serverTransport.protocol().makeConnection(serverTransport);
        clientTransport.protocol().makeConnection(clientTransport);
        IOPump pump = new IOPump(clientTransport, serverTransport, clock);
        if (greet) {
            pump.flush();
        }
        return pump;
    }

    /**
     * Builds a client and a server protocol (the client first), connects them over a pair of {@link
     * FakeTransport}s with the default addresses, and flushes once: Twisted's {@code
     * connectedServerAndClient}.
     *
     * @param server makes the server protocol
     * @param client makes the client protocol
     * @param <C> the client protocol's type
     * @param <S> the server protocol's type
     * @return the client, the server and the flushed pump (Twisted's order: client first)
     */
    public static <C extends IProtocol, S extends IProtocol> ConnectedPair<C, S> connectedServerAndClient(
            Supplier<? extends S> server, Supplier<? extends C> client) {
        return connectedServerAndClient(server, client, true);
    }

    /**
     * Builds a client and a server protocol (the client first) and connects them over a pair of
     * {@link FakeTransport}s with the default addresses.
     *
     * @param server makes the server protocol
     * @param client makes the client protocol
     * @param greet whether to {@link #flush()} once before returning
     * @param <C> the client protocol's type
     * @param <S> the server protocol's type
     * @return the client, the server and the pump
     */
    public static <C extends IProtocol, S extends IProtocol> ConnectedPair<C, S> connectedServerAndClient(
            Supplier<? extends S> server, Supplier<? extends C> client, boolean greet) {
        return connectedServerAndClient(server, client, greet, null);
    }

    /**
     * Builds a client and a server protocol (the client first) and connects them over a pair of
     * {@link FakeTransport}s with the default addresses, with a clock on the pump.
     *
     * @param server makes the server protocol
     * @param client makes the client protocol
     * @param greet whether to {@link #flush()} once before returning
     * @param clock the clock whose due calls each pump runs first, or null for none
     * @param <C> the client protocol's type
     * @param <S> the server protocol's type
     * @return the client, the server and the pump
     */
    public static <C extends IProtocol, S extends IProtocol> ConnectedPair<C, S> connectedServerAndClient(
            Supplier<? extends S> server, Supplier<? extends C> client, boolean greet, @Nullable Clock clock) {
        C c = client.get();
        S s = server.get();
        IOPump pump = connect(new FakeTransport(s, true), new FakeTransport(c, false), greet, clock);
        return new ConnectedPair<>(c, s, pump);
    }

    /**
     * Runs one step; see the class comment for its parts.
     *
     * @return {@code true} if bytes moved or a close was delivered, {@code false} if nothing was left
     *     to do
     */
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
            IBufferedProtocol.deliver(serverIO.protocol(), toServer);
        }
        if (toClient != null) {
            IBufferedProtocol.deliver(clientIO.protocol(), toClient);
        }
        if (toServer != null || toClient != null) {
            return true;
        }
        return closeStep(serverIO, clientIO) || closeStep(clientIO, serverIO);
    }

    /**
     * Pumps until a pump does nothing.
     *
     * @return {@code true} if any pump did something
     * @throws AssertionError ("Too long") after {@value #FLUSH_LIMIT} pumps that all did something:
     *     the protocols probably answer each other forever
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
     * Returns the clock each pump runs first.
     *
     * @return the clock, or null if the pump has none
     */
    public @Nullable Clock clock() {
        return clock;
    }

    /**
     * Returns the client end's protocol.
     *
     * @return the client protocol
     */
    public IProtocol client() {
        return clientIO.protocol();
    }

    /**
     * Returns the server end's protocol.
     *
     * @return the server protocol
     */
    public IProtocol server() {
        return serverIO.protocol();
    }

    /**
     * Returns the client's transport.
     *
     * @return the connecting end
     */
    public FakeTransport clientIO() {
        return clientIO;
    }

    /**
     * Returns the server's transport.
     *
     * @return the accepting end
     */
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
            lose(side, new ConnectionLost(), new ConnectionAborted());
            return true;
        }
        return false;
    }

    /**
     * Sends {@code side}'s end of stream once its queue is empty, or finishes {@code side}'s full
     * close once its end of stream is out; one event per call.
     */
    private boolean closeStep(FakeTransport side, FakeTransport peer) {
        if (side.writeState == WriteState.CLOSING && !side.hasPending()) {
            if (peer.lost) {
                side.writeState = WriteState.CLOSED; // nobody left to tell
            } else if (!peer.isReading()) {
                return false; // a paused peer reads no end of stream either
            } else {
                side.writeState = WriteState.CLOSED;
                if (!side.fullCloseRequested && !side.lost && side.protocol() instanceof IHalfCloseableProtocol h) {
                    h.writeConnectionLost();
                }
                receiveEndOfStream(peer);
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
     * Tells {@code side} that its peer will send nothing more: {@code readConnectionLost()} for a
     * half-closeable protocol (whatever the peer called: on the wire a half-close and a close look
     * the same), else {@code connectionLost(ConnectionDone)}. A side that is closing itself gets its
     * {@code connectionLost(ConnectionDone)} now if its own end of stream is already out, and later
     * otherwise.
     */
    private void receiveEndOfStream(FakeTransport side) {
        if (side.lost) {
            return;
        }
        if (side.fullCloseRequested) {
            if (side.writeState == WriteState.CLOSED) {
                lose(side, new ConnectionDone(), new ConnectionDone());
            }
            return;
        }
        if (side.protocol() instanceof IHalfCloseableProtocol h) {
            h.readConnectionLost();
            return;
        }
        side.fullCloseRequested = true;
        lose(side, new ConnectionDone(), new ConnectionDone());
    }

    /**
     * Gives {@code side} its {@code connectionLost(reason)}; in loopback mode the other side too
     * (with {@code otherReason}) in the same step, the server first.
     */
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
