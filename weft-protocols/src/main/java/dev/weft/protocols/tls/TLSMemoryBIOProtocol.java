package dev.weft.protocols.tls;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITransport;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Runs TLS between a transport and the protocol it wraps: Twisted's {@code TLSMemoryBIOProtocol}.
 * Ciphertext from the transport goes into an {@link SSLEngine}; the wrapped protocol gets the
 * plaintext and writes through this object, its {@link ISSLTransport}. Because the transport can be
 * anything (a socket, an {@code IOPump}'s {@code FakeTransport}, a {@code StringTransport}), the
 * same TLS code runs over the network and in memory, byte for byte.
 *
 * <p>As in Twisted: the wrapped protocol's {@code connectionMade} runs when the transport connects,
 * before the handshake; writes made before the handshake completes are queued and sent after it, in
 * order; an {@link IHandshakeListener} hears of the handshake once, before any {@code dataReceived};
 * {@code loseConnection} waits for queued writes and for a registered producer to unregister, sends
 * {@code close_notify}, keeps delivering data, and closes the transport when the peer's {@code
 * close_notify} arrives; a peer's {@code close_notify} is answered at once; {@code loseConnection}
 * before the handshake with nothing queued aborts. A failure (see {@link TLSError}) sends the alert,
 * closes the transport, and reaches the wrapped protocol's {@code connectionLost}, which always runs
 * after the transport's. A clean close gives the transport's {@link ConnectionDone}; a transport that
 * ends without a {@code close_notify} gives a {@link ConnectionLost}. Deviations (TLS 1.3 half-close,
 * refused renegotiation, hostname checked inside the handshake) are listed in {@code DEVIATIONS.md}.
 *
 * <p>It is also the layer {@code ITLSTransport.startTLS} puts under a connected protocol (built with
 * {@code connectWrapped=false}); that protocol then writes through its own transport, which forwards
 * to this object, and reaches the TLS facts through the {@link ISSLTransport} {@code startTLS}
 * returns.
 *
 * <p>Confined to the reactor thread. Delegated tasks run where {@link DelegatedTasks} says. The
 * engine and its buffers are in {@link EngineIO}, the session facts and handshake Deferreds in
 * {@link Session}, the timers in {@link Timers}; this class is the state machine between them.
 */
public final class TLSMemoryBIOProtocol implements IHalfCloseableProtocol, ISSLTransport, ITLSLayer<ISSLTransport> {
    private static final ByteBuffer EMPTY = EngineIO.EMPTY;
    private static final String TLS13 = "TLSv1.3";

    private enum Close {
        NONE,
        HALF,
        FULL
    }

    private final TLSConnectionCreator creator;
    private final IProtocol wrapped;
    private final DelegatedTasks tasks;
    private final boolean connectWrapped;
    private final Outbound pending = new Outbound();
    private final Session session = new Session();
    private final Timers timers = new Timers();

    private @Nullable EngineIO io;
    private @Nullable ITransport transport;
    private @Nullable Failure tlsFailure;
    private Close close = Close.NONE;
    private boolean aborted;
    private boolean lost;
    private boolean transportClosing;
    private boolean halfCloseSent;
    private boolean peerClosedCleanly;
    private boolean taskRunning;
    private boolean driving;
    private boolean redrive;

    /**
     * Wraps {@code wrapped}; its {@code makeConnection} is called when this protocol's is, and
     * delegated tasks run inline.
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
     * @param connectWrapped {@code false} if {@code wrapped} is already connected (startTLS): its
     *     {@code makeConnection} is then not called again
     */
    public TLSMemoryBIOProtocol(
            TLSConnectionCreator creator, IProtocol wrapped, DelegatedTasks tasks, boolean connectWrapped) {
        this.creator = Objects.requireNonNull(creator, "creator");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.connectWrapped = connectWrapped;
    }

    /**
     * Fails the connection with a {@link TLSError} of kind {@link TLSErrorKind#HANDSHAKE_TIMEOUT}
     * (and aborts the transport) if the handshake has not completed {@code timeout} after the
     * transport connected. Twisted has no such timer and waits for ever; without this call, so does
     * weft. Call it before the transport connects.
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
     * Runs this connection's timers on {@code clock}: the wait for the peer's {@code close_notify}
     * ({@link TLSConnectionCreator#closeNotifyTimeout()}, 30 s unless the options say otherwise)
     * and the handshake timeout. Without a clock there are no timers and a peer that never answers
     * a {@code close_notify} holds the connection open, as in Twisted. Call it before the transport
     * connects.
     *
     * @param clock the reactor's time
     * @return this protocol
     */
    public TLSMemoryBIOProtocol withClock(IReactorTime clock) {
        timers.clock(Objects.requireNonNull(clock, "clock"));
        return this;
    }

    /**
     * Returns this protocol: the transport the wrapped protocol writes through (for {@code startTLS}).
     *
     * @return this
     */
    @Override
    public ISSLTransport upperTransport() {
        return this;
    }

    /**
     * Returns the protocol this one wraps.
     *
     * @return the wrapped protocol
     */
    public IProtocol wrappedProtocol() {
        return wrapped;
    }

    // ---- IProtocol, facing the transport ----------------------------------------------------------

    /**
     * Creates the engine, connects the wrapped protocol (its {@code connectionMade} runs now, before
     * any TLS byte) and, for a client, sends the ClientHello.
     *
     * @param transport the transport that carries the ciphertext
     */
    @Override
    public void makeConnection(ITransport transport) {
        this.transport = transport;
        SSLEngine e = creator.createEngine(transport.getPeer());
        io = new EngineIO(e);
        session.started(e);
        try {
            e.beginHandshake();
        } catch (SSLException ex) {
            fail(ex);
        }
        timers.startHandshake(this::handshakeTimedOut);
        if (connectWrapped) {
            wrapped.makeConnection(this);
        }
        if (!aborted && !lost) {
            drive();
        }
    }

    /** Does nothing: {@link #makeConnection} does the work. */
    @Override
    public void connectionMade() {}

    /**
     * Takes ciphertext from the transport, decrypts what it can and delivers the plaintext.
     *
     * @param data ciphertext
     */
    @Override
    public void dataReceived(byte[] data) {
        EngineIO x = io;
        if (lost || x == null || tlsFailure != null || x.engine.isInboundDone()) {
            return; // after a failure or the peer's close_notify, further bytes mean nothing
        }
        x.received(data);
        drive();
    }

    /**
     * Hears that the transport closed its read side (TCP FIN). After the peer's {@code close_notify}
     * this is expected; before it, the data may have been cut short and the connection is lost.
     */
    @Override
    public void readConnectionLost() {
        if (lost || io == null || peerClosedCleanly) {
            return;
        }
        if (tlsFailure == null) {
            tlsFailure = new Failure(new ConnectionLost(endedEarly()));
        }
        closeTransport();
    }

    /** Passes the transport's completed half-close on to a half-closeable wrapped protocol. */
    @Override
    public void writeConnectionLost() {
        if (!lost && wrapped instanceof IHalfCloseableProtocol h) {
            h.writeConnectionLost();
        }
    }

    /**
     * Ends the connection: gives the wrapped protocol its {@code connectionLost} with the TLS failure
     * if there was one, else {@code reason} after a clean TLS close, else a {@link ConnectionLost}.
     *
     * @param reason the transport's reason
     */
    @Override
    public void connectionLost(Failure reason) {
        if (lost) {
            return;
        }
        lost = true;
        timers.cancelAll();
        pending.clear();
        Failure r = tlsFailure;
        if (r == null) {
            if (peerClosedCleanly || reason.check(ConnectionDone.class) == null) {
                r = reason;
            } else {
                r = new Failure(new ConnectionLost(endedEarly()));
            }
        }
        EngineIO x = io;
        if (x != null && !x.engine.isInboundDone()) {
            try {
                x.engine.closeInbound();
            } catch (SSLException expected) {
                // "closing inbound before receiving peer's close_notify": already reported as r
            }
        }
        session.lost(r);
        wrapped.connectionLost(r);
    }

    private void handshakeTimedOut(Duration t) {
        if (session.isDone() || lost || transportClosing) {
            return;
        }
        if (tlsFailure == null) {
            tlsFailure = new Failure(new TLSError(
                    TLSErrorKind.HANDSHAKE_TIMEOUT,
                    false,
                    "no completed handshake after " + t.toMillis() + " ms",
                    null));
        }
        transportClosing = true;
        pending.clear();
        Objects.requireNonNull(transport).abortConnection();
    }

    private void closeNotifyTimedOut(Duration t) {
        if (lost || transportClosing) {
            return;
        }
        if (tlsFailure == null) {
            tlsFailure = new Failure(new ConnectionLost("the peer sent no TLS close_notify within " + t.toMillis()
                    + " ms of ours, so the connection was aborted"));
        }
        transportClosing = true;
        pending.clear();
        Objects.requireNonNull(transport).abortConnection();
    }

    private String endedEarly() {
        return session.isDone()
                ? "the peer closed the connection without a TLS close_notify, so the data may be truncated"
                : "the peer closed the connection during the TLS handshake";
    }

    // ---- the engine loop ---------------------------------------------------------------------------

    /** Runs the engine as far as it can go; re-entrant calls (from the wrapped protocol) loop once more. */
    private void drive() {
        if (driving) {
            redrive = true;
            return;
        }
        if (taskRunning || io == null || lost) {
            return;
        }
        driving = true;
        try {
            do {
                redrive = false;
                step();
            } while (redrive && !taskRunning && !lost);
        } catch (SSLException ex) {
            fail(ex);
        } finally {
            driving = false;
        }
    }

    private void step() throws SSLException {
        EngineIO x = Objects.requireNonNull(io);
        SSLEngine e = x.engine;
        while (!taskRunning && !lost && tlsFailure == null) {
            HandshakeStatus hs = e.getHandshakeStatus();
            boolean progressed;
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks(e);
                progressed = true;
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                progressed = wrap(x, EMPTY);
            } else {
                progressed = x.hasInput() && !e.isInboundDone() && unwrap(x);
                if (!progressed && hs == HandshakeStatus.NOT_HANDSHAKING && session.isDone()) {
                    progressed = wrapPending(x);
                }
                if (!progressed) {
                    progressed = startClose(e);
                }
            }
            if (!progressed) {
                break;
            }
        }
        flush();
        if (session.isDone() && !lost) {
            pending.releaseProducer();
        }
        if (!transportClosing && !lost && tlsFailure == null) {
            if (e.isOutboundDone() && e.isInboundDone()) {
                closeTransport();
            } else if (close == Close.FULL && e.isOutboundDone()) {
                timers.startCloseWait(creator.closeNotifyTimeout(), this::closeNotifyTimedOut);
            } else if (close == Close.HALF && e.isOutboundDone() && !halfCloseSent) {
                halfCloseSent = true;
                if (transport instanceof ITCPTransport tcp) {
                    tcp.loseWriteConnection();
                }
            }
        }
    }

    private void runTasks(SSLEngine e) {
        List<Runnable> all = new ArrayList<>();
        for (Runnable t = e.getDelegatedTask(); t != null; t = e.getDelegatedTask()) {
            all.add(t);
        }
        if (tasks.isInline()) {
            all.forEach(Runnable::run);
            return;
        }
        taskRunning = true;
        tasks.run(() -> all.forEach(Runnable::run), () -> {
            taskRunning = false;
            drive();
        });
    }

    private boolean wrap(EngineIO x, ByteBuffer src) throws SSLException {
        SSLEngineResult r = x.wrap(src, this::send);
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    private boolean wrapPending(EngineIO x) throws SSLException {
        boolean any = false;
        for (ByteBuffer b = pending.head(); b != null && !x.engine.isOutboundDone() && !lost; b = pending.head()) {
            boolean progressed = wrap(x, b);
            pending.sent(b);
            if (!progressed) {
                break;
            }
            any = true;
            if (x.engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                break; // a key update or an alert first
            }
        }
        return any;
    }

    private boolean unwrap(EngineIO x) throws SSLException {
        SSLEngine e = x.engine;
        SSLEngineResult r = x.unwrap();
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                return false;
            }
            case BUFFER_OVERFLOW -> {
                deliver(x);
                return true;
            }
            default -> {}
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.FINISHED) {
            handshakeFinished();
        } else if (session.isDone()
                && r.getStatus() == SSLEngineResult.Status.OK
                && hs != HandshakeStatus.NOT_HANDSHAKING
                && close == Close.NONE
                && !e.isInboundDone()
                && !TLS13.equals(e.getSession().getProtocol())) {
            throw new RenegotiationRefused();
        }
        deliver(x);
        if (e.isInboundDone() && !peerClosedCleanly) {
            peerClosed(e);
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    private void deliver(EngineIO x) {
        byte[] data = x.takePlaintext();
        if (data != null && !aborted && !lost) {
            wrapped.dataReceived(data);
        }
    }

    /** The peer's close_notify arrived: tell a half-closeable TLS 1.3 protocol, else reply and close. */
    private void peerClosed(SSLEngine e) {
        peerClosedCleanly = true;
        if (close == Close.NONE
                && session.isDone()
                && wrapped instanceof IHalfCloseableProtocol h
                && TLS13.equals(e.getSession().getProtocol())) {
            h.readConnectionLost();
            return;
        }
        pending.clear();
        close = Close.FULL;
        e.closeOutbound();
    }

    /** Sends close_notify once everything queued is out and no producer is registered. */
    private boolean startClose(SSLEngine e) {
        if (close == Close.NONE || aborted || e.isOutboundDone() || !pending.isEmpty() || pending.hasProducer()) {
            return false;
        }
        if (!session.isDone()) {
            return false; // queued writes wait for the handshake; close_notify follows them
        }
        e.closeOutbound();
        return e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    private void handshakeFinished() {
        if (!session.markDone()) {
            return; // the JDK can report FINISHED twice with TLS 1.3
        }
        timers.handshakeDone();
        if (wrapped instanceof IHandshakeListener l) {
            l.handshakeCompleted();
        }
        session.fireDone(this);
    }

    private void flush() {
        EngineIO x = io;
        if (x != null) {
            send(x.takeOutput());
        }
    }

    private void send(byte @Nullable [] ciphertext) {
        ITransport t = transport;
        if (ciphertext != null && t != null && !lost && !aborted) {
            t.write(ciphertext);
        }
    }

    private void fail(SSLException ex) {
        EngineIO x = Objects.requireNonNull(io);
        SSLEngine e = x.engine;
        if (tlsFailure == null) {
            tlsFailure = new Failure(TLSErrors.classify(ex, e.getUseClientMode()));
        }
        pending.clear();
        try {
            for (int i = 0; i < 8 && e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                if (!wrap(x, EMPTY)) {
                    break;
                }
            }
        } catch (SSLException alertNotSent) {
            // the alert is a courtesy; the failure is already recorded
        }
        flush();
        closeTransport();
    }

    private void closeTransport() {
        if (transportClosing || lost) {
            return;
        }
        transportClosing = true;
        flush();
        Objects.requireNonNull(transport).loseConnection();
    }

    // ---- ISSLTransport, facing the wrapped protocol --------------------------------------------------

    /**
     * Queues plaintext; it is encrypted and sent once the handshake has completed. Dropped after
     * {@code loseConnection} (unless a producer is registered), after the TLS session ended, or after
     * the connection was lost.
     *
     * @param data the bytes; handed over
     */
    @Override
    public void write(byte[] data) {
        EngineIO x = io;
        if (lost || aborted || tlsFailure != null || data.length == 0 || (x != null && x.engine.isOutboundDone())) {
            return;
        }
        if (close != Close.NONE && !pending.hasProducer()) {
            return;
        }
        pending.add(data);
        if (session.isDone()) {
            drive();
        } else {
            pending.holdProducer(); // Twisted's WantReadError branch: hold the producer until the handshake
        }
    }

    /**
     * Queues the arrays as one write.
     *
     * @param data the arrays, in order
     */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        for (byte[] b : data) {
            write(b);
        }
    }

    /**
     * Closes TLS cleanly after queued writes (and after a registered producer unregisters): sends
     * {@code close_notify}, keeps delivering data, and closes the transport when the peer's {@code
     * close_notify} arrives. Before the handshake with nothing queued it aborts, as Twisted does.
     */
    @Override
    public void loseConnection() {
        if (lost || aborted || close == Close.FULL) {
            return;
        }
        if (!session.isDone() && pending.isEmpty() && tlsFailure == null) {
            abortConnection();
            return;
        }
        close = Close.FULL;
        drive();
    }

    /**
     * Closes the connection at once without {@code close_notify}; nothing more is delivered. The
     * wrapped protocol gets the transport's reason ({@code ConnectionAborted}).
     */
    @Override
    public void abortConnection() {
        if (lost || aborted) {
            return;
        }
        aborted = true;
        close = Close.FULL;
        pending.clear();
        transportClosing = true;
        Objects.requireNonNull(transport, "not connected").abortConnection();
    }

    /**
     * Half-closes under TLS 1.3: sends {@code close_notify} after queued writes, then closes the
     * transport's write side, and keeps reading; a half-closeable wrapped protocol gets {@code
     * writeConnectionLost()} when the transport's half-close completes. On TLS 1.2, or before the
     * handshake, it is {@link #loseConnection()}.
     */
    @Override
    public void loseWriteConnection() {
        if (lost || aborted || close != Close.NONE) {
            return;
        }
        if (!TLS13.equals(session.version())) {
            loseConnection();
            return;
        }
        close = Close.HALF;
        drive();
    }

    /**
     * Registers a streaming producer with the transport beneath. If TLS has already ended, the
     * producer is stopped instead.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered
     */
    @Override
    public void registerProducer(IPushProducer producer) {
        if (accept(producer)) {
            Objects.requireNonNull(transport, "not connected").registerProducer(producer);
        }
    }

    /**
     * Registers a pull producer with the transport beneath. If TLS has already ended, the producer
     * is stopped instead.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered
     */
    @Override
    public void registerProducer(IPullProducer producer) {
        if (accept(producer)) {
            Objects.requireNonNull(transport, "not connected").registerProducer(producer);
        }
    }

    private boolean accept(IProducer candidate) {
        return pending.register(this, candidate, lost || tlsFailure != null);
    }

    /** Unregisters the producer; a pending {@code loseConnection} proceeds. */
    @Override
    public void unregisterProducer() {
        if (!pending.unregister()) {
            return;
        }
        ITransport t = transport;
        if (t != null && !lost) {
            t.unregisterProducer();
            drive();
        }
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
        EngineIO x = Objects.requireNonNull(io, "not connected: the engine is made when the transport connects");
        return x.engine;
    }

    /**
     * Describes the connection.
     *
     * @return e.g. {@code TLSMemoryBIOProtocol[Echo, TLSv1.3]}
     */
    @Override
    public String toString() {
        return "TLSMemoryBIOProtocol[" + wrapped.getClass().getSimpleName() + ", "
                + (session.isDone() ? tlsVersion() : "handshaking") + "]";
    }
}
