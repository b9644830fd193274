package dev.weft.internet.nio.internal;

import dev.weft.defer.Failure;
import dev.weft.internet.Addresses;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IOffThreadWrite;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorBound;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITLSStarter;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.Protocol;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One TCP or UNIX-domain connection: the transport a protocol writes to, and the reader that feeds it.
 * The public package's {@code INioTransport} states the contract, and its one subclass of this class
 * adds that interface (made by the loop's {@link ConnectionMaker}), so that this package needs no type of the
 * public one. This comment says how the contract is kept.
 *
 * <h2>Reading</h2>
 *
 * <p>An accepted connection is read first in the loop's turn after the one that accepted it, before
 * that turn's select; only if it is then still open and reading does it join the selector's interest
 * set. On {@code OP_READ} it reads as {@link SocketReads} says: up to {@value #READS_PER_WAKEUP} times,
 * into an {@link IBufferedProtocol}'s own buffer, or as a new array for other protocols.
 *
 * <h2>Writing</h2>
 *
 * <p>{@code write} keeps the caller's array (no copy) in a {@link WriteQueue} and puts the
 * connection on the loop's flush list. A flush sends from the queue until it is empty or the socket
 * is full; then the connection waits for {@code OP_WRITE}. When the queue drains it resumes a pull
 * producer or a paused push producer (which then holds a pending {@code loseConnection} until it
 * unregisters), else finishes a pending {@code loseConnection} (stopping a push producer that is
 * still registered, as Twisted does) or {@code loseWriteConnection}.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #lose(Failure)} runs once: it marks the connection lost, stops and unregisters the
 * producer, drops unsent bytes, readies the socket's close, hands the socket to the loop to close
 * ({@link EventLoop#closeChannel}), calls the protocol's {@code connectionLost}, and then tells its
 * {@link Listener} (the connector of a client). An exception from any protocol callback is logged
 * and closes the connection with that exception as the reason, dropping unsent bytes; an exception
 * from {@code connectionLost} is only logged. The reason of a clean close (end of stream read, a
 * finished {@code loseConnection}, both halves closed) is made by {@link
 * ConnectionDone#withoutStackTrace()}: a stack trace would show only this loop.
 *
 * <p>The peer's end of stream closes a connection whose protocol is not half-closeable as {@code
 * loseConnection} would: what the protocol wrote, in that read's callbacks too, is sent first ({@code
 * peerEnded}); with nothing written and no producer it is lost at once, in the turn of the read.
 *
 * <p>A write that fails (the peer reset the connection) first delivers what the peer sent before
 * its reset, then loses the connection with the write's {@code ConnectionLost} ({@code writeFailed});
 * {@code ConnectionDone} if the peer's end of stream began the close.
 *
 * <p>An accepted socket enters the selector only when it first needs to be watched (its first read
 * left it open and reading, or a write waits for room): a connection that ends at its first read is
 * never registered, and its descriptor is closed at once. A registered socket's descriptor is
 * closed right after the select that deregisters its key (this turn's or the next), so that the
 * close is one {@code close()}: closed while still registered, a JDK socket would first read {@code
 * SO_LINGER} and shut its output down. {@link TcpClose} readies a TCP socket for that close: a reset
 * if aborted, else an output shutdown first unless the peer ended. A connection lost while another
 * thread writes through its {@link #offThreadWriter()} leaves the close to that writer, which closes
 * the socket when its write returns ({@link WriteLease}): the reactor thread does not wait for it.
 *
 * <p>A lost connection lets go of its socket, selection key and write queue before {@code
 * connectionLost}, and of a TLS layer after it (field stores only) unless that layer holds the loss for
 * its paused protocol ({@code ITLSLayer.holdsLoss}), whose resume and close must still reach it: a
 * protocol that keeps its transport keeps its addresses and flags (about 0.15 KB), not the socket. The
 * TCP option methods then throw {@link IllegalStateException}.
 *
 * <p>Confined to the reactor thread, except the writer {@link #offThreadWriter()} lends.
 */
public abstract class Connection implements ITLSTransport, IPushProducer, IReactorBound, IOffThreadWrite, Selectable {
    /** The most reads per wake-up, so one busy connection cannot starve the others. */
    public static final int READS_PER_WAKEUP = 16;

    /**
     * The write-buffer size above which a streaming producer is paused: 65536 bytes, as Twisted. The
     * public {@code INioTransport.HIGH_WATER_MARK} is this constant.
     */
    public static final int HIGH_WATER_MARK = 65536;

    /**
     * Hears that a connection was lost, after its protocol did: the connector of a client connection.
     *
     * <p>Confined to the reactor thread.
     */
    public interface Listener {
        /** Reacts to the loss of {@code connection}, already closed; its protocol was given {@code reason}. */
        void connectionLost(Connection connection, Failure reason);
    }

    private final EventLoop loop;
    /** The socket; null once the connection is lost (Twisted's {@code del self.socket}). */
    private @Nullable SocketChannel channel;

    private final IProtocol protocol;
    /** Who gets the bytes and closes: the protocol, or the TLS layer once startTLS has run. */
    private IProtocol receiver;

    private @Nullable IBufferedProtocol buffered;
    private @Nullable IHalfCloseableProtocol halfCloseable;
    /** The TLS layer's transport view once startTLS has run: the protocol's calls go there. */
    private @Nullable ITCPTransport tls;

    private final IAddress host;
    private final IAddress peer;
    private final boolean unix;
    private final @Nullable Listener listener;
    private final Object description;
    private @Nullable SelectionKey key;
    /** Made by the first {@link #offThreadWriter()}: who closes the socket while another thread writes. */
    private @Nullable WriteLease lease;

    private int interest;

    /** Where the connection is in its life; the I/O flags below are orthogonal to it. */
    private ConnectionPhase phase = ConnectionPhase.NEW;
    /** Twisted's {@code disconnecting}: loseConnection was accepted (it stays set through an abort). */
    private boolean closeRequested;

    private boolean paused;
    /** An accepted connection whose first read the loop has not tried yet: not yet in the interest set. */
    private boolean firstReadPending;

    private boolean readClosed;
    private boolean writeClosing;
    private boolean writeClosed;
    private boolean flushScheduled;
    private boolean waitingWritable;
    private boolean broken;
    /** The peer's end of stream began this close ({@link #peerEnded}): a failing flush is no loss. */
    private boolean closingAtPeerEnd;
    /** Why a write failed: set while {@link #readRemaining} delivers what is left, before the loss. */
    private @Nullable Failure writeFailure;

    private final WriteQueue pending = new WriteQueue();

    private final ProducerSlot producer = new ProducerSlot();

    /**
     * Creates a connection over a connected channel; {@link #start} makes it live.
     *
     * @param loop the loop that owns the channel
     * @param channel a connected, non-blocking channel
     * @param protocol the protocol to drive
     * @param host the local address
     * @param peer the remote address
     * @param unix whether the channel is a UNIX-domain socket
     * @param listener told after {@code connectionLost}, or null
     * @param description how {@link #toString()} names the connection, e.g. {@code "#3 on 8080"}: its
     *     {@code toString()}, called only when the connection is printed
     */
    protected Connection(
            EventLoop loop,
            SocketChannel channel,
            IProtocol protocol,
            IAddress host,
            IAddress peer,
            boolean unix,
            @Nullable Listener listener,
            Object description) {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.receiver = protocol;
        this.buffered = IBufferedProtocol.bufferPathOf(protocol);
        this.halfCloseable = protocol instanceof IHalfCloseableProtocol h ? h : null;
        this.host = host;
        this.peer = peer;
        this.unix = unix;
        this.listener = listener;
        this.description = description;
    }

    /**
     * Takes over {@code selectionKey}, starts reading and calls the protocol's {@code makeConnection}.
     * If that throws, the exception is logged and the connection is lost with it as the reason.
     *
     * @param selectionKey the channel's key in the loop's selector
     */
    public void start(SelectionKey selectionKey) {
        open(selectionKey, false);
    }

    /**
     * Like {@link #start}, for a socket just accepted and not registered: its first read is tried in
     * the loop's next turn, before that turn's select ({@link EventLoop#readFirst}), and the socket is
     * registered with the selector only once it must be watched (still open and reading after that
     * read, or a write waiting for room). A short connection whose bytes and end of stream came with it
     * is thus read and closed without entering the selector at all.
     */
    public void startAccepted() {
        open(null, true);
    }

    private void open(@Nullable SelectionKey selectionKey, boolean readFirst) {
        assert loop.inLoop();
        this.key = selectionKey;
        if (selectionKey != null) {
            selectionKey.attach(this);
        }
        phase = ConnectionPhase.OPEN;
        firstReadPending = readFirst;
        updateInterest();
        loop.track(this);
        if (readFirst) {
            loop.readFirst(this);
        }
        Object outer = loop.timers().handle(this); // a call connectionMade schedules names this connection
        try {
            protocol.makeConnection(this);
        } catch (Throwable t) {
            callbackFailed("connectionMade", t);
        } finally {
            loop.timers().handle(outer);
        }
    }

    /** The first read of an accepted connection ({@link #startAccepted}): the loop's next turn. */
    void firstRead() {
        if (!firstReadPending) {
            return;
        }
        firstReadPending = false;
        if (isReading()) {
            read(true);
        }
        updateInterest();
    }

    /** {@return the protocol this connection drives} */
    public IProtocol protocol() {
        return protocol;
    }

    @Override
    public @Nullable IReactorTime reactor() {
        return loop.reactor();
    }

    // ---------------------------------------------------------------- selector callbacks

    @Override
    public void ready(SelectionKey selected) {
        int ops = selected.readyOps();
        if ((ops & SelectionKey.OP_READ) != 0 && isReading()) {
            read(false);
        }
        if ((ops & SelectionKey.OP_WRITE) != 0 && phase.sends()) {
            flush();
        }
    }

    @Override
    public void reactorStopping() {
        lose(new Failure(
                phase == ConnectionPhase.ABORTING
                        ? new ConnectionAborted()
                        : new ConnectionLost("the reactor stopped")));
    }

    @Override
    public void internalFailure(Throwable error) {
        lose(new Failure(error));
    }

    @Override
    public @Nullable Channel unregisteredChannel() {
        return key == null ? channel : null;
    }

    // ---------------------------------------------------------------- reading

    /** Reads on {@code OP_READ}, or the first read of an accepted connection ({@code toTheEnd}); see {@link SocketReads}. */
    private void read(boolean toTheEnd) {
        SocketChannel ch = channel;
        if (ch != null) {
            SocketReads.read(this, ch, toTheEnd);
        }
    }

    /** Loses the connection because reading failed; while {@link #readRemaining} runs, only stops the reading. */
    void readFailed(IOException error) {
        broken = true;
        if (writeFailure == null) {
            lose(new Failure(ConnectionLost.withoutStackTrace(error)));
        }
    }

    /** After a read of {@code n} <= 0 bytes: takes the end of stream ({@code -1}); returns false, to read no more. */
    boolean nothingRead(int n) {
        if (n < 0 && writeFailure == null) {
            endOfStream();
        }
        return false;
    }

    /**
     * Loses the connection because a write failed (the peer reset it), after {@link #readRemaining}
     * has delivered what the peer sent before: Linux still returns that from {@code read} after the
     * reset. An {@code abortConnection} during that delivery keeps its own reason. A close the peer's
     * end of stream began ({@link #peerEnded}) keeps {@code ConnectionDone}: the peer ended first.
     */
    private void writeFailed(IOException error) {
        broken = true;
        Failure reason = new Failure(
                closingAtPeerEnd ? ConnectionDone.withoutStackTrace() : ConnectionLost.withoutStackTrace(error));
        writeFailure = reason;
        pending.clear();
        readRemaining();
        if (phase != ConnectionPhase.ABORTING) {
            lose(reason);
        }
    }

    /** Delivers what the peer sent before a failed write; see {@link SocketReads#readRemaining}. */
    private void readRemaining() {
        SocketChannel ch = channel;
        if (ch != null) {
            SocketReads.readRemaining(this, ch);
        }
    }

    /** {@return whether {@link #readRemaining} may read again: open (not closing or aborting), read side open} */
    boolean mayReadRemaining() {
        return phase == ConnectionPhase.OPEN && !readClosed;
    }

    /** {@return the buffered protocol (or TLS layer) reads go into, or null to hand arrays to {@link #receiver}} */
    @Nullable
    IBufferedProtocol buffered() {
        return buffered;
    }

    /** {@return who gets the bytes read: the protocol, or the TLS layer once startTLS has run} */
    IProtocol receiver() {
        return receiver;
    }

    /** {@return the loop's shared direct read buffer} */
    ByteBuffer readBuffer() {
        return loop.readBuffer();
    }

    private void endOfStream() {
        readClosed = true;
        IHalfCloseableProtocol half = halfCloseable;
        if (half == null) {
            peerEnded();
            return;
        }
        updateInterest();
        try {
            half.readConnectionLost();
        } catch (Throwable t) {
            callbackFailed("readConnectionLost", t);
            return;
        }
        if (writeClosed && phase.sends()) {
            lose(new Failure(ConnectionDone.withoutStackTrace()));
        }
    }

    /**
     * The peer's end of stream, for a protocol that is not half-closeable: closes as {@code
     * loseConnection} would, so what the protocol wrote, in the callbacks of this very read too, still
     * goes out; with nothing to send and no producer, at once. Twisted closes at once, dropping it.
     */
    private void peerEnded() {
        if (pending.bytes() == 0 && !producer.isRegistered()) {
            lose(new Failure(ConnectionDone.withoutStackTrace()));
            return;
        }
        closingAtPeerEnd = true;
        rawLoseConnection();
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] data) {
        loop.checkThread("write");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.write(data);
            return;
        }
        rawWrite(data);
    }

    /** Writes past the TLS layer, if there is one. */
    void rawWrite(byte[] data) {
        Objects.requireNonNull(data, "data");
        assert loop.inLoop() : "write off the reactor thread";
        if (!acceptsWrites() || data.length == 0) {
            return;
        }
        pending.add(data);
        wrote();
    }

    /** Queues every piece, then checks the high-water mark once, as Twisted's writeSequence does. */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        loop.checkThread("writeSequence");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.writeSequence(data);
            return;
        }
        rawWriteSequence(data);
    }

    void rawWriteSequence(Iterable<byte[]> data) {
        Objects.requireNonNull(data, "data");
        assert loop.inLoop() : "writeSequence off the reactor thread";
        for (byte[] chunk : data) {
            Objects.requireNonNull(chunk, "an element of data");
        }
        if (!acceptsWrites()) {
            return;
        }
        long before = pending.bytes();
        for (byte[] chunk : data) {
            if (chunk.length > 0) {
                pending.add(chunk);
            }
        }
        if (pending.bytes() != before) {
            wrote();
        }
    }

    private boolean acceptsWrites() {
        return phase.sends() && !writeClosing && writeFailure == null;
    }

    /** Pauses a streaming producer once per write call that leaves the buffer over the mark. */
    private void wrote() {
        if (pending.bytes() > HIGH_WATER_MARK) {
            producer.overHighWaterMark();
        }
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled && !waitingWritable) {
            flushScheduled = true;
            loop.scheduleFlush(this);
        }
    }

    /** Flushes on behalf of the loop's flush list. */
    void flushScheduled() {
        flushScheduled = false;
        if (phase.sends() && !waitingWritable) {
            flush();
        }
    }

    private void flush() {
        SocketChannel ch = channel;
        if (pending.bytes() > 0 && ch != null) {
            try {
                pending.sendTo(ch, loop.writeBuffer());
            } catch (IOException e) {
                writeFailed(e);
                return;
            }
            boolean full = pending.bytes() > 0;
            if (full != waitingWritable) {
                waitingWritable = full;
                updateInterest();
            }
            if (full) {
                return;
            }
        }
        drained();
    }

    private void drained() {
        try {
            if (producer.resumeAfterDrain()) {
                return;
            }
        } catch (Throwable t) {
            callbackFailed("resumeProducing of the producer " + producer, t);
            return;
        }
        if (phase == ConnectionPhase.CLOSING) {
            // No producer, or a push producer nobody paused: Twisted's transport closes past the
            // latter too, and lose() stops it before connectionLost.
            lose(new Failure(ConnectionDone.withoutStackTrace()));
            return;
        }
        if (writeClosing && !writeClosed) {
            closeWrite();
        }
    }

    private void closeWrite() {
        writeClosed = true;
        try {
            socket().shutdownOutput();
        } catch (IOException e) {
            // The peer may have gone already; the read side will tell.
        }
        IHalfCloseableProtocol half = halfCloseable;
        if (half != null) {
            try {
                half.writeConnectionLost();
            } catch (Throwable t) {
                callbackFailed("writeConnectionLost", t);
                return;
            }
        }
        if (readClosed && phase.sends()) {
            lose(new Failure(ConnectionDone.withoutStackTrace()));
        }
    }

    @Override
    public IOffThreadWrite.@Nullable Writer offThreadWriter() {
        loop.checkThread("offThreadWriter");
        if (phase != ConnectionPhase.OPEN
                || writeClosing
                || writeFailure != null
                || pending.bytes() > 0
                || waitingWritable) {
            return null; // a close may follow at once, or the worker's bytes would overtake these
        }
        if (lease == null) {
            lease = new WriteLease(socket());
        }
        return lease.writer();
    }

    /** {@return how many written bytes wait to be sent} */
    public long bufferedBytes() {
        return pending.bytes();
    }

    // ---------------------------------------------------------------- producers

    @Override
    public void registerProducer(IPushProducer newProducer) {
        loop.checkThread("registerProducer");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.registerProducer(newProducer);
            return;
        }
        rawRegisterProducer(newProducer, true);
    }

    @Override
    public void registerProducer(IPullProducer newProducer) {
        loop.checkThread("registerProducer");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.registerProducer(newProducer);
            return;
        }
        rawRegisterProducer(newProducer, false);
    }

    void rawRegisterProducer(IProducer newProducer, boolean streaming) {
        assert loop.inLoop() : "registerProducer off the reactor thread";
        producer.register(this, newProducer, streaming, phase.sends());
    }

    @Override
    public void unregisterProducer() {
        loop.checkThread("unregisterProducer");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.unregisterProducer();
            return;
        }
        rawUnregisterProducer();
    }

    void rawUnregisterProducer() {
        assert loop.inLoop() : "unregisterProducer off the reactor thread";
        if (producer.unregister() && phase == ConnectionPhase.CLOSING) {
            scheduleFlush();
        }
    }

    // ---------------------------------------------------------------- startTLS

    @Override
    public <T extends ITCPTransport> T startTLS(ITLSStarter<T> starter) {
        loop.checkThread("startTLS");
        Objects.requireNonNull(starter, "starter");
        if (tls != null) {
            throw new IllegalStateException("startTLS on " + this + ": TLS was already started on this connection");
        }
        if (phase != ConnectionPhase.OPEN || closeRequested || writeClosing) {
            throw new IllegalStateException("startTLS on " + this + ": the connection is "
                    + (phase.isUp() ? "closing" : "not open") + "; start TLS before loseConnection");
        }
        boolean streaming = producer.isStreaming();
        boolean pausedByBuffer = producer.isPausedByBuffer();
        IProducer moved = producer.take();
        ITLSLayer<T> layer = starter.layerOver(protocol);
        T upper = layer.upperTransport();
        receiver = layer;
        buffered = IBufferedProtocol.bufferPathOf(layer);
        halfCloseable = layer instanceof IHalfCloseableProtocol h ? h : null;
        tls = upper;
        layer.makeConnection(new RawTransport(this));
        if (paused && upper instanceof IPushProducer flow) {
            rawResumeProducing(); // the handshake must read; the layer applies the pause after it
            flow.pauseProducing();
        }
        if (moved != null) {
            upper.registerProducer(moved, streaming); // through the layer, back into this slot
            if (pausedByBuffer) {
                producer.keepPaused(); // still paused: the drain of the buffer resumes it
            }
        }
        return upper;
    }

    // ---------------------------------------------------------------- the transport as a producer

    /** Stops reading; after {@code startTLS} the TLS layer decides, so that its handshake is not starved. */
    @Override
    public void pauseProducing() {
        loop.checkThread("pauseProducing");
        if (tls instanceof IPushProducer layer) {
            layer.pauseProducing();
            return;
        }
        rawPauseProducing();
    }

    void rawPauseProducing() {
        assert loop.inLoop() : "pauseProducing off the reactor thread";
        paused = true;
        updateInterest();
    }

    /** Reads again; after {@code startTLS} through the TLS layer, which first delivers what it held. */
    @Override
    public void resumeProducing() {
        loop.checkThread("resumeProducing");
        if (tls instanceof IPushProducer layer) {
            layer.resumeProducing();
            return;
        }
        rawResumeProducing();
    }

    void rawResumeProducing() {
        assert loop.inLoop() : "resumeProducing off the reactor thread";
        if (phase.isUp() && !closeRequested) {
            paused = false;
            updateInterest();
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void loseConnection() {
        loop.checkThread("loseConnection");
        ITCPTransport layer = tls;
        if (layer != null) {
            if (phase != ConnectionPhase.ABORTING) {
                layer.loseConnection();
            }
            return;
        }
        rawLoseConnection();
    }

    void rawLoseConnection() {
        assert loop.inLoop() : "loseConnection off the reactor thread";
        if (phase != ConnectionPhase.OPEN) {
            return;
        }
        phase = ConnectionPhase.CLOSING;
        closeRequested = true;
        updateInterest();
        scheduleFlush();
    }

    @Override
    public void loseWriteConnection() {
        loop.checkThread("loseWriteConnection");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.loseWriteConnection();
            return;
        }
        rawLoseWriteConnection();
    }

    void rawLoseWriteConnection() {
        assert loop.inLoop() : "loseWriteConnection off the reactor thread";
        if (phase != ConnectionPhase.OPEN || writeClosing) {
            return;
        }
        writeClosing = true;
        scheduleFlush();
    }

    @Override
    public void abortConnection() {
        loop.checkThread("abortConnection");
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.abortConnection();
            return;
        }
        rawAbortConnection();
    }

    void rawAbortConnection() {
        assert loop.inLoop() : "abortConnection off the reactor thread";
        if (!phase.sends()) {
            return;
        }
        phase = ConnectionPhase.ABORTING;
        pending.clear();
        updateInterest();
        loop.callLater(0, () -> lose(new Failure(new ConnectionAborted())));
    }

    /** Logs that the protocol's {@code method} threw {@code error} and loses the connection with it as the reason. */
    void callbackFailed(String method, Throwable error) {
        Faults.callbackFailed(protocolName() + "." + method + " on " + this + " from " + Addresses.text(peer), error);
        lose(new Failure(error));
    }

    /**
     * Closes the connection now and delivers {@code connectionLost(reason)}; does nothing if already
     * lost. See the class comment for the order of events.
     *
     * @param reason the reason the protocol gets
     */
    public void lose(Failure reason) {
        assert loop.inLoop() : "lose off the reactor thread";
        if (!phase.isUp()) {
            return;
        }
        boolean aborted = phase == ConnectionPhase.ABORTING;
        phase = ConnectionPhase.LOST;
        IProducer p = producer.take();
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                Faults.callbackFailed("stopProducing of the producer " + p + " on " + this, t);
            }
        }
        pending.clear();
        SocketChannel ch = socket();
        if (!unix) {
            TcpClose.prepare(ch, aborted, !readClosed && !writeClosed && !broken);
        }
        WriteLease writing = lease;
        if (writing == null || writing.closeNowOrLeave()) {
            loop.closeChannel(key, ch);
        } else if (key != null) {
            key.cancel(); // a write from another thread is under way: it closes the socket when done
        }
        channel = null; // a transport kept past the loss keeps neither the socket nor its key
        key = null;
        lease = null;
        loop.untrack(this);
        try {
            receiver.connectionLost(reason);
        } catch (Throwable t) {
            Faults.callbackFailed(protocolName() + ".connectionLost on " + this, t);
        }
        Listener l = listener;
        if (l != null) {
            l.connectionLost(this, reason);
        }
        if (!(tls != null && receiver instanceof ITLSLayer<?> layer && layer.holdsLoss())) {
            tls = null; // a layer that holds the loss for its paused protocol still hears the protocol's calls
        }
        receiver = protocol; // nor a TLS layer and its buffers
        buffered = null;
        halfCloseable = null;
    }

    /** Returns the socket of a connection that is up; only a lost connection has let go of it. */
    private SocketChannel socket() {
        SocketChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException(this + " has closed and let go of its socket");
        }
        return ch;
    }

    // ---------------------------------------------------------------- state

    private void updateInterest() {
        if (!phase.isUp()) {
            return;
        }
        int ops = (isReading() && !firstReadPending ? SelectionKey.OP_READ : 0)
                | (waitingWritable && phase.sends() ? SelectionKey.OP_WRITE : 0);
        if (ops == interest) {
            return;
        }
        interest = ops;
        SelectionKey k = key;
        if (k != null) {
            k.interestOps(ops);
            return;
        }
        try {
            key = loop.register(socket(), ops, this);
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // The reactor is stopping: the socket cannot be watched any more.
            lose(new Failure(new ConnectionLost(e)));
        }
    }

    /** {@return whether incoming bytes are delivered: connected, not paused, not closing, not half-closed} */
    public boolean isReading() {
        return phase == ConnectionPhase.OPEN && !paused && !readClosed;
    }

    /** {@return whether the connection is up (Twisted's {@code connected}): false inside {@code connectionLost}} */
    public boolean isConnected() {
        return phase.isUp();
    }

    @Override
    public boolean isDisconnecting() {
        return closeRequested;
    }

    /** {@return whether the connection has been lost (Twisted's {@code disconnected})} */
    public boolean isDisconnected() {
        return phase == ConnectionPhase.LOST;
    }

    @Override
    public IAddress getPeer() {
        return peer;
    }

    @Override
    public IAddress getHost() {
        return host;
    }

    // ---------------------------------------------------------------- socket options

    @Override
    public boolean getTcpNoDelay() {
        return TcpFlags.get(channel, unix, StandardSocketOptions.TCP_NODELAY, this);
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        TcpFlags.set(channel, unix, StandardSocketOptions.TCP_NODELAY, enabled, this);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return TcpFlags.get(channel, unix, StandardSocketOptions.SO_KEEPALIVE, this);
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        TcpFlags.set(channel, unix, StandardSocketOptions.SO_KEEPALIVE, enabled, this);
    }

    String protocolName() {
        if (protocol instanceof Protocol p) {
            return p.logPrefix();
        }
        String simple = protocol.getClass().getSimpleName();
        return simple.isEmpty() ? protocol.getClass().getName() : simple;
    }

    /**
     * Names the connection as Twisted's {@code repr} does, e.g. {@code "<Echo #0 on 8080>"}.
     *
     * @return the protocol's name and where the connection is
     */
    @Override
    public String toString() {
        return "<" + protocolName() + " " + description + ">";
    }
}
