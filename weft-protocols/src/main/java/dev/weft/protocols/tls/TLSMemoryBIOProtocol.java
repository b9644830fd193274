package dev.weft.protocols.tls;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorBound;
import dev.weft.internet.IReactorCore;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITransport;
import dev.weft.internet.IWriteBuffered;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Runs TLS between a transport and the protocol it wraps: Twisted's {@code TLSMemoryBIOProtocol}.
 * Ciphertext from the transport goes into an {@link SSLEngine}; the wrapped protocol gets the
 * plaintext and writes through this object, its {@link ISSLTransport}. The transport can be a
 * socket or an in-memory fake, so the same TLS code runs in both.
 *
 * <p>As in Twisted, writes before the handshake are queued and sent after it, in order; an
 * {@link IHandshakeListener} hears of the handshake before any {@code dataReceived}. A failure
 * ({@link TLSError}) sends the alert and closes the transport; the wrapped protocol's {@code
 * connectionLost} always runs after the transport's, with {@link ConnectionDone} after a clean close
 * and {@link ConnectionLost} if the transport ended without {@code close_notify}. Deviations are in
 * {@code DEVIATIONS.md}. {@code ITLSTransport.startTLS} puts this layer under a connected protocol.
 * A wrapped protocol on the {@linkplain IBufferedProtocol#bufferPathOf buffer path} gets each record
 * decrypted straight into the buffer it lends, when the plaintext fits, instead of an array per record.
 *
 * <p>Flow control: {@code pauseProducing} stops delivery at once and the transport beneath from
 * reading once TLS needs no bytes (a pause during the handshake takes effect after it); records
 * already read wait, encrypted, for {@code resumeProducing}, which delivers them in order. A
 * producer registered here is paused by the transport beneath as on plain TCP, and held while writes
 * wait for the handshake; with a clock a pull producer is driven by a loop, as in Twisted.
 *
 * <p>The clock (timers, that loop, the later turns below) is the one given to {@link #withClock}, else the
 * transport's: a layer given none takes, when it connects, the clock of the reactor its transport runs on
 * ({@link IReactorBound}: the reactor's connections, {@code startTLS} on them, and the memory kit's
 * transports given a clock), as Twisted's layer schedules on the global reactor.
 *
 * <p>While the wrapped protocol is paused, the peer's end (its {@code close_notify}, the end of the
 * stream, and so {@code readConnectionLost} and {@code connectionLost}) waits too, as on a paused TCP
 * transport: it reaches the protocol after a resume, on a later turn of this connection's clock (or,
 * without one, of the reactor behind {@link DelegatedTasks#offReactor}), once the protocol has read what
 * came before it and not paused again. With neither (no clock given and a transport that gives none, and
 * inline tasks) there is no later turn: it comes at the end of the resume, before a framing receiver has
 * delivered what it buffered, so those frames come after {@code connectionLost} or not at all, and the
 * connection logs a warning. {@code abortConnection} or {@code loseConnection} meanwhile ends it at once;
 * a reactor that stops loses it.
 *
 * <p>Confined to the reactor thread; delegated tasks run where {@link DelegatedTasks} says.
 */
public final class TLSMemoryBIOProtocol
        implements IHalfCloseableProtocol, IBufferedProtocol, ISSLTransport, ITLSLayer<ISSLTransport> {
    private static final System.Logger LOG = System.getLogger(TLSMemoryBIOProtocol.class.getName());
    private static final String TLS13 = "TLSv1.3";
    /** The reactor's reason for each connection it disconnects at shutdown. */
    private static final String REACTOR_STOPPED = "the reactor stopped";

    private final TLSConnectionCreator creator;
    private final IProtocol wrapped;
    private final DelegatedTasks tasks;
    private final boolean connectWrapped;
    private final Outbound pending = new Outbound();
    private final Session session = new Session();
    private final Timers timers = new Timers();
    private final CloseState state = new CloseState();

    private @Nullable EngineLoop loop;
    /** Where the transport reads bytes that are dropped (see {@link #getBuffer(int)}); made when first needed. */
    private @Nullable ByteBuffer dropped;

    private @Nullable ITransport transport;
    private boolean pauseRequested;
    /** The wrapped protocol called {@code loseConnection}: the peer's end no longer waits for its resume. */
    private boolean closeAsked;
    /** The transport's loss, held while the wrapped protocol reads what came before it; null if none. */
    private @Nullable Failure heldLoss;
    /** The transport's end of the stream (before the peer's {@code close_notify}), held likewise. */
    private boolean heldEndOfStream;
    /** Cancels the reactor-shutdown call that loses a held connection. */
    private Runnable cancelAtShutdown = () -> {};
    /** The turn that lets go of what is held, after a resume; null if none is due. */
    private @Nullable IDelayedCall release;
    /** Without a clock: a call to {@link #releaseHeld()} waits for the reactor's next turn. */
    private boolean releaseQueued;
    /** Whether {@link #warnNoLaterTurn()} has logged. */
    private boolean warnedNoLaterTurn;
    /** Run by {@link #makeConnection} if the connection then has no clock: the factory's warning. */
    private @Nullable Runnable connectedWithoutClock;

    /**
     * Wraps {@code wrapped}, calling its {@code makeConnection}; delegated tasks run inline.
     *
     * @param creator makes the engine when the transport connects
     * @param wrapped the protocol that sees plaintext
     */
    public TLSMemoryBIOProtocol(TLSConnectionCreator creator, IProtocol wrapped) {
        this(creator, wrapped, DelegatedTasks.inline(), true);
    }

    /**
     * Wraps {@code wrapped}.
     *
     * @param creator makes the engine when the transport connects
     * @param wrapped the protocol that sees plaintext
     * @param tasks where the engine's delegated tasks run
     * @param connectWrapped {@code false} if {@code wrapped} is already connected (startTLS)
     */
    public TLSMemoryBIOProtocol(
            TLSConnectionCreator creator, IProtocol wrapped, DelegatedTasks tasks, boolean connectWrapped) {
        this.creator = Objects.requireNonNull(creator, "creator");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.connectWrapped = connectWrapped;
    }

    /**
     * Fails the connection with {@link TLSErrorKind#HANDSHAKE_TIMEOUT} if the handshake has not
     * completed {@code timeout} after connecting (Twisted waits for ever). Call before connecting.
     *
     * @param clock the reactor's time
     * @param timeout how long the handshake may take
     * @return this protocol
     */
    public TLSMemoryBIOProtocol withHandshakeTimeout(IReactorTime clock, Duration timeout) {
        timers.handshakeTimeout(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(timeout, "timeout"));
        return this;
    }

    /**
     * Runs this connection's timers (the {@code close_notify} wait, the handshake timeout) and the
     * loop that drives a registered pull producer on {@code clock}. Without one the connection takes
     * its transport's, if that is an {@link IReactorBound} with a reactor; with neither there are no
     * timers. Call before connecting.
     *
     * @param clock the reactor's time
     * @return this protocol
     */
    public TLSMemoryBIOProtocol withClock(IReactorTime clock) {
        timers.clock(Objects.requireNonNull(clock, "clock"));
        return this;
    }

    /** {@return this protocol, the transport the wrapped protocol writes through} */
    @Override
    public ISSLTransport upperTransport() {
        return this;
    }

    /** {@return whether the transport beneath is lost but its clean close waits for the paused wrapped protocol} */
    @Override
    public boolean holdsLoss() {
        return heldLoss != null;
    }

    /** {@return the protocol this one wraps} */
    public IProtocol wrappedProtocol() {
        return wrapped;
    }

    /**
     * {@return the transport beneath, which carries the ciphertext (Twisted's {@code transport} attribute), or null
     * before {@link #makeConnection}} Writing to it or closing it bypasses TLS; it is there for a caller that must
     * reach the socket, such as one that resets it once the ciphertext of what was written here has been sent.
     */
    public @Nullable ITransport lowerTransport() {
        return transport;
    }

    /** Has {@link #makeConnection} run {@code warning} if the connection then has no clock at all. */
    void whenConnectedWithoutClock(Runnable warning) {
        connectedWithoutClock = warning;
    }

    // ---- IProtocol, facing the transport ----------------------------------------------------------

    /**
     * Takes the transport's clock if it has none ({@link #withClock}), creates the engine, connects the
     * wrapped protocol (before any TLS byte) and, for a client, sends the ClientHello.
     *
     * @param transport the transport that carries the ciphertext
     */
    @Override
    public void makeConnection(ITransport transport) {
        this.transport = transport;
        if (timers.clock() == null) {
            IReactorTime reactor = transport instanceof IReactorBound bound ? bound.reactor() : null;
            if (reactor != null) {
                timers.clock(reactor); // as Twisted's layer uses the reactor's callLater
            } else if (connectedWithoutClock != null) {
                connectedWithoutClock.run();
            }
        }
        SSLEngine e = creator.createEngine(transport.getPeer());
        ReadFlow flow = new ReadFlow(transport);
        if (pauseRequested) {
            flow.pause();
        }
        EngineLoop l = new EngineLoop(
                this,
                wrapped,
                tasks,
                creator.closeNotifyTimeout(),
                new EngineIO(e),
                transport,
                pending,
                session,
                timers,
                state,
                flow);
        loop = l;
        session.started(e);
        try {
            e.beginHandshake();
        } catch (SSLException ex) {
            l.fail(ex);
        }
        timers.startHandshake(l::handshakeTimedOut);
        if (connectWrapped) {
            wrapped.makeConnection(this);
        }
        if (!state.aborted && !state.lost) {
            l.drive();
        }
    }

    /** Does nothing: {@link #makeConnection} does the work. */
    @Override
    public void connectionMade() {}

    /** Takes ciphertext from the transport and delivers the plaintext it decrypts. */
    @Override
    public void dataReceived(byte[] data) {
        EngineLoop l = loop;
        if (l != null && takesInput(l)) {
            l.received(data);
        }
    }

    /**
     * Lends the transport the engine's ciphertext buffer to read into, saving a copy per read; after a
     * failure or the peer's {@code close_notify} a scratch buffer whose bytes are dropped.
     */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        EngineLoop l = loop;
        if (l == null || !takesInput(l)) {
            ByteBuffer scratch = dropped;
            if (scratch == null) {
                scratch = ByteBuffer.allocate(4096);
                dropped = scratch;
            }
            return scratch.clear();
        }
        return l.inputBuffer(sizeHint);
    }

    /** Decrypts and delivers what the transport read into the buffer of {@link #getBuffer(int)}. */
    @Override
    public void bufferUpdated(int nbytes) {
        EngineLoop l = loop;
        if (l != null && takesInput(l)) { // as at getBuffer: nothing runs between the two calls
            l.inputWritten();
        }
    }

    /** After a failure or the peer's close_notify, further bytes mean nothing. */
    private boolean takesInput(EngineLoop l) {
        return !state.lost && state.tlsFailure == null && !l.inboundDone();
    }

    /** Hears the transport's FIN; before the peer's {@code close_notify} the connection is lost. */
    @Override
    public void readConnectionLost() {
        EngineLoop l = loop;
        if (state.lost || l == null || state.peerClosedCleanly || heldEndOfStream) {
            return;
        }
        if (holdsPeerEnd(l)) {
            heldEndOfStream = true; // taken up once the protocol has read what came first
            return;
        }
        if (l.peerBytesWaitForTask()) {
            // Its close_notify may wait behind a delegated task, with its Finished and data: the task's
            // continuation decrypts them first, then this is asked again.
            l.afterTask(this::readConnectionLost);
            return;
        }
        state.failWith(endedEarly(l));
        l.closeTransport();
    }

    /** Passes the transport's completed half-close on to a half-closeable wrapped protocol. */
    @Override
    public void writeConnectionLost() {
        if (!state.lost && wrapped instanceof IHalfCloseableProtocol h) {
            h.writeConnectionLost();
        }
    }

    /**
     * Gives the wrapped protocol its {@code connectionLost}: the TLS failure if any, else {@code
     * reason} after a clean close, else a {@link ConnectionLost}.
     */
    @Override
    public void connectionLost(Failure reason) {
        if (state.lost) {
            return;
        }
        EngineLoop waiting = loop;
        if (waiting != null && reason.check(ConnectionDone.class) != null && waiting.peerBytesWaitForTask()) {
            // The peer closed after sending bytes that wait behind a delegated task (its Finished,
            // data, close_notify): its continuation decrypts them first, then the loss goes on. A reactor
            // that stops first never runs that continuation: its shutdown loses the connection instead.
            Runnable cancel = tasks.atShutdown(() -> connectionLost(reactorStopped()));
            waiting.afterTask(() -> {
                cancel.run();
                connectionLost(reason);
            });
            return;
        }
        if (heldLoss != null) {
            return;
        }
        if (reason.check(ConnectionDone.class) != null && waiting != null && holdsPeerEnd(waiting)) {
            hold(reason);
            return;
        }
        lose(reason);
    }

    /**
     * {@return whether the peer's end must wait for the wrapped protocol} It has paused (or is inside the
     * resume that ends a pause) after the handshake, TLS has not failed, and it has not asked to close.
     */
    private boolean holdsPeerEnd(EngineLoop l) {
        return l.holdsPeerEnd() && session.isDone() && !closeAsked && !state.aborted && state.tlsFailure == null;
    }

    /** Holds the transport's clean loss until the wrapped protocol has resumed: the transport is gone. */
    private void hold(Failure reason) {
        heldLoss = reason;
        state.transportClosing = true; // nothing more is sent
        timers.cancelAll();
        pending.clear();
        IReactorCore core = timers.clock() instanceof IReactorCore c ? c : null;
        Runnable loseAtShutdown = () -> loseHeld(reactorStopped());
        cancelAtShutdown =
                core != null ? DelegatedTasks.atShutdown(core, loseAtShutdown) : tasks.atShutdown(loseAtShutdown);
    }

    /** {@return the reason the reactor gives each connection it disconnects at shutdown} */
    private static Failure reactorStopped() {
        return new Failure(new ConnectionLost(REACTOR_STOPPED));
    }

    /** Gives the wrapped protocol the held loss as {@code reason} now. */
    private void loseHeld(Failure reason) {
        if (heldLoss == null || state.lost) {
            return;
        }
        heldLoss = null;
        cancelAtShutdown.run();
        IDelayedCall r = release;
        if (r != null && r.active()) {
            r.cancel();
        }
        release = null;
        lose(reason);
    }

    /**
     * After a resume, on a later turn ({@link #scheduleRelease()}): if the wrapped protocol has not paused
     * again, tells it of the peer's end it waited for.
     */
    private void releaseHeld() {
        release = null;
        EngineLoop l = loop;
        if (l == null || state.lost || l.holdsPeerEnd()) {
            return; // paused again: its next resume comes back here
        }
        if (state.readLossHeld) {
            state.readLossHeld = false;
            if (wrapped instanceof IHalfCloseableProtocol h && !state.aborted) {
                h.readConnectionLost();
            }
            if (l.holdsPeerEnd()) {
                return;
            }
        }
        if (heldEndOfStream) {
            heldEndOfStream = false;
            readConnectionLost();
        }
        Failure r = heldLoss;
        if (r != null) {
            loseHeld(r);
        }
    }

    private boolean holdsAnything() {
        return heldLoss != null || heldEndOfStream || state.readLossHeld;
    }

    /** Delivers what is left and tells the wrapped protocol why the connection ended. */
    private void lose(Failure reason) {
        EngineLoop lastRead = loop;
        if (lastRead != null) {
            lastRead.deliverRemaining(); // what a pause held back still reaches the protocol, as Twisted
        }
        state.lost = true;
        timers.cancelAll();
        pending.clear();
        Failure r = state.tlsFailure;
        if (r == null) {
            if (state.peerClosedCleanly || reason.check(ConnectionDone.class) == null) {
                r = reason;
            } else {
                r = new Failure(endedEarly(loop));
            }
        }
        EngineLoop l = loop;
        if (l != null) {
            l.closeInboundOfLostConnection(); // the reason is r
        }
        session.lost(r);
        wrapped.connectionLost(r);
    }

    private void drive() {
        EngineLoop l = loop;
        if (l != null) {
            l.drive();
        }
    }

    /**
     * Says why a connection that ended before the peer's {@code close_notify} was lost: a {@link
     * TLSError} of kind {@link TLSErrorKind#NOT_TLS} if the peer closed before the handshake having sent
     * nothing, or bytes that cannot be TLS (fewer than the engine needs to say so itself: a plaintext
     * "GET" is the same mistake as a whole HTTP request), else a {@link ConnectionLost} whose {@link TLSLoss} says
     * whether the handshake was done.
     */
    private ConnectionLost endedEarly(@Nullable EngineLoop l) {
        if (!session.isDone() && l != null) {
            int plaintext = l.bytesThatCannotBeTls();
            if (plaintext > 0) {
                return new TLSError(
                        TLSErrorKind.NOT_TLS,
                        false,
                        "the peer sent " + plaintext + (plaintext == 1 ? " byte" : " bytes")
                                + " that cannot begin a TLS record, then closed the connection",
                        null);
            }
            if (l.peerSentNothing()) {
                return new TLSError(
                        TLSErrorKind.NOT_TLS,
                        false,
                        l.isClient()
                                ? "the server closed the connection without answering the TLS ClientHello: it sent"
                                        + " nothing"
                                : "the client closed the connection before starting a TLS handshake: it sent nothing",
                        null);
            }
        }
        return session.isDone()
                ? TLSLoss.CLOSED_WITHOUT_CLOSE_NOTIFY.lost(
                        "the peer closed the connection without a TLS close_notify, so the data may be truncated")
                : TLSLoss.CLOSED_DURING_HANDSHAKE.lost("the peer closed the connection during the TLS handshake");
    }

    // ---- ISSLTransport, facing the wrapped protocol --------------------------------------------------

    /**
     * Encrypts plaintext (handed over) and hands it to the transport beneath at once, as Twisted does,
     * even inside a callback such as {@code dataReceived}: so a reply is sent before the next record
     * (perhaps the peer's {@code close_notify}) is read, and the transport beneath pauses a producer
     * at its mark. Before the handshake it is queued and sent after it. Dropped after {@code
     * loseConnection} without a producer, after TLS ended, or after the connection was lost.
     */
    @Override
    public void write(byte[] data) {
        EngineLoop l = loop;
        if (state.lost
                || state.aborted
                || state.tlsFailure != null
                || heldLoss != null
                || data.length == 0
                || (l != null && l.outboundDone())) {
            return;
        }
        if (state.close != CloseState.Close.NONE && !pending.hasProducer()) {
            return;
        }
        pending.add(data);
        if (session.isDone()) {
            if (l != null) {
                l.written(); // encrypted and handed beneath now, even inside a callback
            }
        } else {
            pending.holdProducer(); // Twisted's WantReadError branch: hold the producer until the handshake
        }
    }

    /**
     * {@return the plaintext written and not yet encrypted, the ciphertext not yet handed beneath, and what the
     * transport beneath still holds if it is an {@link IWriteBuffered} (the reactor's is)}
     */
    @Override
    public long bufferedBytes() {
        EngineLoop l = loop;
        long n = pending.bytes() + (l == null ? 0 : l.ciphertextWaiting());
        if (transport instanceof IWriteBuffered beneath) {
            n += beneath.bufferedBytes();
        }
        return n;
    }

    /** Queues the arrays, in order, as one write. */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        for (byte[] b : data) {
            write(b);
        }
    }

    /**
     * Sends {@code close_notify} after queued writes and producer, and closes the transport when the
     * peer's arrives. Before the handshake with nothing queued it aborts, as Twisted does.
     */
    @Override
    public void loseConnection() {
        if (state.lost || state.aborted) {
            return;
        }
        closeAsked = true;
        Failure held = heldLoss;
        if (held != null) {
            loseHeld(held);
            return;
        }
        if (heldEndOfStream) {
            heldEndOfStream = false;
            readConnectionLost();
            return;
        }
        if (state.close == CloseState.Close.FULL) {
            return;
        }
        if (!session.isDone() && pending.isEmpty() && state.tlsFailure == null) {
            abortConnection();
            return;
        }
        state.close = CloseState.Close.FULL;
        drive();
    }

    /**
     * Closes at once without {@code close_notify}; the wrapped protocol gets {@code ConnectionAborted}, at
     * once if the transport beneath was already lost while it was paused.
     */
    @Override
    public void abortConnection() {
        if (state.lost || state.aborted) {
            return;
        }
        state.aborted = true;
        if (heldLoss != null) {
            loseHeld(new Failure(new ConnectionAborted())); // the transport beneath is gone already
            return;
        }
        state.close = CloseState.Close.FULL;
        pending.clear();
        state.transportClosing = true;
        Objects.requireNonNull(transport, "not connected").abortConnection();
    }

    /**
     * Under TLS 1.3 sends {@code close_notify} after queued writes, closes the transport's write side
     * and keeps reading; on TLS 1.2 or before the handshake it is {@link #loseConnection()}.
     */
    @Override
    public void loseWriteConnection() {
        if (state.lost || state.aborted || state.close != CloseState.Close.NONE) {
            return;
        }
        if (!TLS13.equals(session.version())) {
            loseConnection();
            return;
        }
        state.close = CloseState.Close.HALF;
        drive();
    }

    /**
     * Registers a streaming producer beneath, which pauses it when its buffer is full; TLS also pauses
     * it while writes wait for the handshake. Stops it instead if TLS has ended.
     */
    @Override
    public void registerProducer(IPushProducer producer) {
        if (accept(producer)) {
            Objects.requireNonNull(transport, "not connected").registerProducer(pending.membraneFor(producer));
        }
    }

    /**
     * As Twisted, drives a pull producer from a loop on this connection's clock ({@link
     * #withClock}), one {@code resumeProducing()} per reactor turn, registered beneath as a streaming
     * producer: paused while writes wait for the handshake or the transport beneath is full, ended by
     * {@link #unregisterProducer()}. Without a clock it is registered beneath as a pull producer,
     * asked for data when that transport drains but not while writes wait for the handshake (see
     * {@code DEVIATIONS.md}). Stops it instead if TLS has ended.
     */
    @Override
    public void registerProducer(IPullProducer producer) {
        if (!accept(producer)) {
            return;
        }
        ITransport t = Objects.requireNonNull(transport, "not connected");
        IReactorTime clock = timers.clock();
        if (clock == null) {
            t.registerProducer(pending.gateFor(producer));
            return;
        }
        PullToPush loop = new PullToPush(producer, this, clock);
        t.registerProducer(pending.membraneFor(loop));
        loop.startStreaming();
    }

    private boolean accept(IProducer candidate) {
        return pending.register(this, candidate, state.lost || state.tlsFailure != null);
    }

    /** Unregisters the producer; a pending {@code loseConnection} proceeds. */
    @Override
    public void unregisterProducer() {
        if (!pending.unregister()) {
            return;
        }
        ITransport t = transport;
        if (t != null && !state.lost) {
            t.unregisterProducer();
            drive();
        }
    }

    // ---- IPushProducer: the wrapped protocol's flow control ----------------------------------------

    /**
     * Stops delivering plaintext and, once TLS needs no bytes from the peer (after the handshake,
     * outside the {@code close_notify} exchange), stops the transport beneath from reading.
     */
    @Override
    public void pauseProducing() {
        pauseRequested = true;
        EngineLoop l = loop;
        if (l != null && !state.lost) {
            l.pause();
        }
    }

    /**
     * Delivers the plaintext held while paused, in order, and lets the transport beneath read again; a
     * close of the peer's held meanwhile follows on a later turn (see the class comment), unless paused again.
     */
    @Override
    public void resumeProducing() {
        pauseRequested = false;
        EngineLoop l = loop;
        if (l != null && !state.lost) {
            l.resume();
            if (holdsAnything() && !l.isPaused()) {
                scheduleRelease();
            }
        }
    }

    /**
     * Lets go of what is held on a later turn: the clock's (given, or the transport's), else the reactor's
     * behind the delegated tasks ({@link DelegatedTasks#offReactor}), else at once (see DEVIATIONS.md).
     */
    private void scheduleRelease() {
        IReactorTime clock = timers.clock();
        if (clock != null) {
            IDelayedCall r = release;
            if (r == null || !r.active()) {
                release = clock.callLater(Duration.ZERO, this::releaseHeld);
            }
            return;
        }
        Executor later = tasks.laterTurn();
        if (later == null) {
            warnNoLaterTurn();
            releaseHeld(); // no later turn to wait for
        } else if (!releaseQueued) {
            releaseQueued = true;
            later.execute(() -> {
                releaseQueued = false;
                releaseHeld();
            });
        }
    }

    /**
     * Logs, once per connection, that a close held for the paused protocol reaches it at the end of its resume
     * (DEVIATIONS.md): with neither a clock nor tasks off a reactor there is no later turn.
     */
    private void warnNoLaterTurn() {
        if (!warnedNoLaterTurn) {
            warnedNoLaterTurn = true;
            LOG.log(
                    Level.WARNING,
                    "{0}: the peer closed while the protocol was paused, and this connection has neither a clock"
                            + " nor delegated tasks off a reactor (it was given no clock, and its transport {1} gives"
                            + " none: it is not an IReactorBound with a reactor), so the protocol hears of the close"
                            + " at the end of the resumeProducing that ended its pause, before a framing receiver has"
                            + " delivered what it buffered (those frames come after connectionLost, or not at all);"
                            + " give the connection a clock: withClock(clock) on the TLSMemoryBIOFactory or"
                            + " TLSMemoryBIOProtocol, StartTLS.of(options).withClock(clock) for startTLS, or a"
                            + " transport that gives its reactor''s",
                    this,
                    transport == null ? null : transport.getClass().getName());
        }
    }

    /** Closes the connection, as {@link #loseConnection()}. */
    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public IAddress getPeer() {
        return Objects.requireNonNull(transport, "not connected").getPeer();
    }

    @Override
    public IAddress getHost() {
        return Objects.requireNonNull(transport, "not connected").getHost();
    }

    @Override
    public boolean getTcpNoDelay() {
        return transport instanceof ITCPTransport t && t.getTcpNoDelay();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        if (transport instanceof ITCPTransport t) {
            t.setTcpNoDelay(enabled);
        }
    }

    @Override
    public boolean getTcpKeepAlive() {
        return transport instanceof ITCPTransport t && t.getTcpKeepAlive();
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        if (transport instanceof ITCPTransport t) {
            t.setTcpKeepAlive(enabled);
        }
    }

    @Override
    public List<X509Certificate> getPeerCertificates() {
        return session.peerCertificates();
    }

    @Override
    public @Nullable X509Certificate getPeerCertificate() {
        List<X509Certificate> chain = getPeerCertificates();
        return chain.isEmpty() ? null : chain.get(0);
    }

    @Override
    public @Nullable String negotiatedProtocol() {
        return session.applicationProtocol();
    }

    @Override
    public @Nullable String tlsVersion() {
        return session.version();
    }

    @Override
    public @Nullable String cipherSuite() {
        return session.cipherSuite();
    }

    @Override
    public boolean isHandshakeDone() {
        return session.isDone();
    }

    @Override
    public Deferred<ISSLTransport> whenHandshakeDone() {
        return session.whenDone(this);
    }

    @Override
    public SSLEngine getHandle() {
        EngineLoop l = Objects.requireNonNull(loop, "not connected: the engine is made when the transport connects");
        return l.engine();
    }

    /** {@return a description, e.g. {@code TLSMemoryBIOProtocol[Echo, TLSv1.3]}} */
    @Override
    public String toString() {
        return "TLSMemoryBIOProtocol[" + wrapped.getClass().getSimpleName() + ", "
                + (session.isDone() ? tlsVersion() : "handshaking") + "]";
    }
}
