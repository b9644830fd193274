package dev.weft.internet.testing;

import dev.weft.internet.IAddress;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IOffThreadWrite;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorBound;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITLSStarter;
import dev.weft.internet.ITLSTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One end of an in-memory TCP connection: Twisted's iosim {@code FakeTransport}. Writes are queued here; an {@link
 * IOPump} moves them to the peer and delivers the closes. Most tests get a pair from {@link
 * IOPump#connectedServerAndClient} or {@link ConnectionCompleter}.
 *
 * <p>Writes after this side closes are dropped. Unlike iosim, and as on real TCP: {@link #loseWriteConnection()}
 * half-closes toward the peer, and a half-closeable side is lost ({@code ConnectionDone}) once both its directions have
 * ended; the peer's end of stream closes a side that is not half-closeable as {@link #loseConnection()} does, so what
 * it queued still reaches the peer first (a peer that paused its reading gets it when it resumes), as on the reactor;
 * {@link #abortConnection()} drops the bytes queued both ways ({@code ConnectionAborted}
 * here, {@code ConnectionLost} at the peer); {@link #pauseProducing()} holds all delivery to this side; a registered
 * producer is stopped and unregistered before {@code connectionLost}.
 *
 * <p>The write buffer has no limit by default, as in iosim: a push producer is never paused, a pull producer is
 * resumed once per pump. {@link #setWriteBufferLimit} (or {@link IOPump#setWriteBufferLimit} for both ends) makes it
 * behave as the reactor's: each write that leaves more than the limit queued pauses a push producer, and the pump that
 * takes the bytes resumes it; with a reader that pauses its transport, the bytes stay queued and the producer paused.
 *
 * <p>{@link #startTLS} works as on a real connection: bytes queued before it leave first, in clear; later writes,
 * closes and producer calls go through the TLS layer, which the pump then feeds.
 *
 * <p>Confined to the test thread (or the thread of the reactor or clock driving the pump).
 */
public final class FakeTransport implements ITLSTransport, IOffThreadWrite, IPushProducer, IReactorBound {
    /** The address of the server end of a pair built with default addresses: {@code 10.0.0.1:12345}. */
    public static final IPv4Address DEFAULT_SERVER_ADDRESS = IPv4Address.tcp("10.0.0.1", 12345);

    /** The address of the client end of a pair built with default addresses: {@code 192.168.1.1:54321}. */
    public static final IPv4Address DEFAULT_CLIENT_ADDRESS = IPv4Address.tcp("192.168.1.1", 54321);

    /** The {@link #setWriteBufferLimit write-buffer limit} that means none, the default. */
    public static final long NO_WRITE_BUFFER_LIMIT = -1;

    enum WriteState {
        OPEN,
        CLOSING,
        CLOSED
    }

    private final IProtocol protocol;
    private IProtocol receiver;
    private @Nullable ITCPTransport tls;
    private final boolean isServer;
    private final IAddress host;
    private final IAddress peer;
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingSize;
    // Close state, read and written by IOPump.
    WriteState writeState = WriteState.OPEN;
    boolean fullCloseRequested;
    /** The peer's end of stream reached this half-closeable side ({@code readConnectionLost}). */
    boolean readClosed;

    boolean aborted;
    boolean resetByPeer;
    boolean lost;
    private boolean paused;
    private @Nullable IProducer producer;
    private boolean streamingProducer;
    private boolean tcpNoDelay;
    private boolean tcpKeepAlive;
    private @Nullable Runnable activityListener;
    private long offThreadTake = -1;
    private int offThreadWrites;
    private long writeBufferLimit = NO_WRITE_BUFFER_LIMIT;
    /** The push producer was paused because the queued bytes passed {@link #writeBufferLimit}. */
    private boolean producerPausedByBuffer;

    private @Nullable IReactorTime reactor;

    /**
     * Creates one end with the default addresses, delivering to {@code protocol}; {@code isServer} for the accepting
     * end.
     */
    public FakeTransport(IProtocol protocol, boolean isServer) {
        this(
                protocol,
                isServer,
                isServer ? DEFAULT_SERVER_ADDRESS : DEFAULT_CLIENT_ADDRESS,
                isServer ? DEFAULT_CLIENT_ADDRESS : DEFAULT_SERVER_ADDRESS);
    }

    /**
     * Creates one end delivering to {@code protocol}, with the addresses {@link #getHost()} and {@link #getPeer()}
     * return.
     */
    public FakeTransport(IProtocol protocol, boolean isServer, IAddress host, IAddress peer) {
        this.protocol = protocol;
        this.receiver = protocol;
        this.isServer = isServer;
        this.host = host;
        this.peer = peer;
    }

    // ---- ITransport ----

    /**
     * Queues {@code data} (handed over, do not change it) for the peer's next {@link IOPump#pump()}; dropped after
     * close.
     */
    @Override
    public void write(byte[] data) {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.write(data);
            return;
        }
        rawWrite(data);
    }

    void rawWrite(byte[] data) {
        if (writeState != WriteState.OPEN || lost || resetByPeer || data.length == 0) {
            return;
        }
        pending.add(data);
        pendingSize += data.length;
        checkWriteBuffer();
        notifyActivity();
    }

    /** Queues each non-empty array, then checks the write-buffer limit once, as the reactor's writeSequence. */
    void rawWriteSequence(Iterable<byte[]> data) {
        if (writeState != WriteState.OPEN || lost || resetByPeer) {
            return;
        }
        int before = pendingSize;
        for (byte[] chunk : data) {
            if (chunk.length > 0) {
                pending.add(chunk);
                pendingSize += chunk.length;
            }
        }
        if (pendingSize != before) {
            checkWriteBuffer();
            notifyActivity();
        }
    }

    /** Pauses a push producer once per write that leaves more than the limit queued, as the reactor does. */
    private void checkWriteBuffer() {
        if (writeBufferLimit >= 0
                && pendingSize > writeBufferLimit
                && streamingProducer
                && producer instanceof IPushProducer push) {
            producerPausedByBuffer = true;
            push.pauseProducing();
        }
    }

    /**
     * Gives this end's write buffer a limit, as the reactor's high-water mark ({@code INioTransport.HIGH_WATER_MARK},
     * 65536 bytes): each write or {@code writeSequence} that leaves more than {@code bytes} queued calls a registered
     * push producer's {@code pauseProducing} (again while it stays over), and the {@link IOPump#pump()} that leaves
     * at most {@code bytes} queued (by taking them to the peer) calls its {@code resumeProducing}, before the peer
     * receives them. A pull producer is then resumed only by a pump that leaves at most {@code bytes} queued. A peer
     * that pauses its transport takes nothing, so its writer stays paused: a slow reader. {@link
     * #NO_WRITE_BUFFER_LIMIT}, the default, turns it off.
     * @throws IllegalArgumentException if {@code bytes} is negative and not {@link #NO_WRITE_BUFFER_LIMIT}
     */
    public void setWriteBufferLimit(long bytes) {
        if (bytes < 0 && bytes != NO_WRITE_BUFFER_LIMIT) {
            throw new IllegalArgumentException("the write-buffer limit is 0 bytes or more, or"
                    + " NO_WRITE_BUFFER_LIMIT (-1) for none, not " + bytes);
        }
        writeBufferLimit = bytes;
    }

    /**
     * Gives this end a reactor's clock, as the reactor's transports have theirs ({@link #reactor()}): a TLS layer
     * connected over it without a clock of its own, or started by {@link #startTLS}, then schedules its timers and
     * later turns there. {@code IOPump.connect} and {@code IOPump.connectedServerAndClient} given a clock give it
     * to both ends. Call before connecting the protocol.
     */
    public void setReactor(@Nullable IReactorTime clock) {
        reactor = clock;
    }

    /** {@return the clock {@link #setReactor} gave this end, or null} */
    @Override
    public @Nullable IReactorTime reactor() {
        return reactor;
    }

    /** {@return the write-buffer limit, or {@link #NO_WRITE_BUFFER_LIMIT}} */
    public long writeBufferLimit() {
        return writeBufferLimit;
    }

    /** {@return how many written bytes wait for the pump} */
    public long bufferedBytes() {
        return pendingSize;
    }

    /** {@return whether the push producer is paused because the write buffer passed its limit} */
    public boolean isProducerPausedByBuffer() {
        return producerPausedByBuffer && producer != null;
    }

    /**
     * Lets a TLS layer's worker write the handshake flight its delegated task made straight to this end, as
     * the reactor's TCP transport does ({@link IOffThreadWrite}); the "socket" takes at most {@code
     * maxBytesPerWrite} of each such write, and the layer sends the rest from the connection's thread.
     * Off by default. A test runs the worker's task on its own thread ({@code DelegatedTasks.on}).
     */
    public void allowOffThreadWrites(long maxBytesPerWrite) {
        if (maxBytesPerWrite < 0) {
            throw new IllegalArgumentException("maxBytesPerWrite must be 0 or more, not " + maxBytesPerWrite);
        }
        offThreadTake = maxBytesPerWrite;
    }

    /** {@return how many off-thread writes took bytes} */
    public int offThreadWrites() {
        return offThreadWrites;
    }

    /** {@return null unless {@link #allowOffThreadWrites} was called, nothing is queued and writes are open} */
    @Override
    public IOffThreadWrite.@Nullable Writer offThreadWriter() {
        if (offThreadTake < 0 || !pending.isEmpty() || writeState != WriteState.OPEN || lost || resetByPeer) {
            return null;
        }
        return data -> {
            if (writeState != WriteState.OPEN || lost || resetByPeer) {
                return 0;
            }
            byte[] taken = new byte[(int) Math.min(offThreadTake, remaining(data))];
            int at = 0;
            for (ByteBuffer b : data) {
                int n = Math.min(b.remaining(), taken.length - at);
                b.get(taken, at, n);
                at += n;
            }
            if (at > 0) {
                offThreadWrites++;
                rawWrite(taken);
            }
            return at;
        };
    }

    private static long remaining(ByteBuffer[] data) {
        long n = 0;
        for (ByteBuffer b : data) {
            n += b.remaining();
        }
        return n;
    }

    /** Queues each array in turn, as {@link #write(byte[])}; the write-buffer limit is checked once, after all. */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.writeSequence(data);
            return;
        }
        rawWriteSequence(data);
    }

    /** Asks for a clean close once the queued bytes are delivered; later writes are dropped. */
    @Override
    public void loseConnection() {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.loseConnection();
            return;
        }
        rawLoseConnection();
    }

    void rawLoseConnection() {
        if (lost || fullCloseRequested || aborted) {
            return;
        }
        fullCloseRequested = true;
        if (writeState == WriteState.OPEN) {
            writeState = WriteState.CLOSING;
        }
        notifyActivity();
    }

    /** Aborts: drops queued and later writes; this side, then the peer, lose the connection. */
    @Override
    public void abortConnection() {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.abortConnection();
            return;
        }
        rawAbortConnection();
    }

    void rawAbortConnection() {
        if (lost || aborted) {
            return;
        }
        aborted = true;
        clearPending();
        writeState = WriteState.CLOSED;
        notifyActivity();
    }

    /** {@return the peer's address given at construction}, also after the connection is lost. */
    @Override
    public IAddress getPeer() {
        return peer;
    }

    /** {@return this end's address given at construction}, also after the connection is lost. */
    @Override
    public IAddress getHost() {
        return host;
    }

    // ---- ITCPTransport ----

    /** Half-closes once the queued bytes are delivered; reading goes on. */
    @Override
    public void loseWriteConnection() {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.loseWriteConnection();
            return;
        }
        rawLoseWriteConnection();
    }

    void rawLoseWriteConnection() {
        if (lost || writeState != WriteState.OPEN) {
            return;
        }
        writeState = WriteState.CLOSING;
        notifyActivity();
    }

    /** {@return the remembered {@code TCP_NODELAY} setting}; false until set. */
    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    /** Remembers the {@code TCP_NODELAY} setting; it changes nothing else. */
    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    /** {@return the remembered {@code SO_KEEPALIVE} setting}; false until set. */
    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    /** Remembers the {@code SO_KEEPALIVE} setting; it changes nothing else. */
    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcpKeepAlive = enabled;
    }

    // ---- IConsumer ----

    /**
     * Registers a streaming producer, paused and resumed only under a {@link #setWriteBufferLimit write-buffer limit};
     * throws {@link IllegalStateException} if one is registered.
     */
    @Override
    public void registerProducer(IPushProducer producer) {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.registerProducer(producer);
            return;
        }
        store(producer, true);
    }

    /**
     * Registers a pull producer, resumed at once and then once per pump (under a {@link #setWriteBufferLimit limit},
     * per pump that leaves no more than it queued); throws {@link IllegalStateException} if one is.
     */
    @Override
    public void registerProducer(IPullProducer producer) {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.registerProducer(producer);
            return;
        }
        rawRegisterPull(producer);
    }

    void rawRegisterPull(IPullProducer producer) {
        if (store(producer, false)) {
            producer.resumeProducing();
        }
    }

    void rawRegisterPush(IPushProducer producer) {
        store(producer, true);
    }

    /** Stores the producer; returns false when the connection is lost (the producer is stopped). */
    private boolean store(IProducer candidate, boolean streaming) {
        Objects.requireNonNull(candidate, "producer");
        IProducer current = this.producer;
        if (current != null) {
            throw IConsumer.alreadyRegistered(this, current, candidate);
        }
        if (lost) {
            candidate.stopProducing();
            return false;
        }
        this.producer = candidate;
        this.streamingProducer = streaming;
        this.producerPausedByBuffer = false;
        return true;
    }

    /** Unregisters the producer, if any; it gets no further calls. */
    @Override
    public void unregisterProducer() {
        ITCPTransport layer = tls;
        if (layer != null) {
            layer.unregisterProducer();
            return;
        }
        rawUnregisterProducer();
    }

    void rawUnregisterProducer() {
        producer = null;
        streamingProducer = false;
        producerPausedByBuffer = false;
    }

    // ---- ITLSTransport ----

    /**
     * Puts the TLS layer {@code starter} (weft-protocols' TLS options) makes under this end's protocol, as {@link
     * ITLSTransport#startTLS} does; the pump feeds the layer from now on.
     * @return the layer's transport, e.g. an {@code ISSLTransport}
     * @throws IllegalStateException if TLS was already started, or this end is closing or closed
     */
    @Override
    public <T extends ITCPTransport> T startTLS(ITLSStarter<T> starter) {
        Objects.requireNonNull(starter, "starter");
        if (tls != null) {
            throw new IllegalStateException("startTLS on " + this + ": TLS was already started on this connection");
        }
        if (lost || fullCloseRequested || aborted || writeState != WriteState.OPEN) {
            throw new IllegalStateException(
                    "startTLS on " + this + ": the connection is closing or closed; start TLS before loseConnection");
        }
        IProducer moved = producer;
        boolean streaming = streamingProducer;
        boolean pausedByBuffer = producerPausedByBuffer;
        rawUnregisterProducer();
        ITLSLayer<T> layer = starter.layerOver(protocol);
        T upper = layer.upperTransport();
        receiver = layer;
        tls = upper;
        layer.makeConnection(new FakeRawTransport(this));
        if (paused && upper instanceof IPushProducer flow) {
            rawResumeProducing(); // the handshake must read; the layer applies the pause after it
            flow.pauseProducing();
        }
        if (moved != null) {
            upper.registerProducer(moved, streaming);
            if (pausedByBuffer && streamingProducer) {
                producerPausedByBuffer = true; // still paused, as on the reactor: the drain resumes it
            }
        }
        return upper;
    }

    /** {@return whether {@link #startTLS} has run} */
    public boolean isTLSStarted() {
        return tls != null;
    }

    // ---- IPushProducer: the protocol pausing its reading ----

    /**
     * Stops delivering to this side's protocol (bytes and closes) until {@link #resumeProducing()};
     * after {@link #startTLS} the TLS layer decides, so that its handshake still reads.
     */
    @Override
    public void pauseProducing() {
        if (tls instanceof IPushProducer layer) {
            layer.pauseProducing();
            return;
        }
        rawPauseProducing();
    }

    void rawPauseProducing() {
        paused = true;
    }

    /** Lets the pump deliver to this side's protocol again (after {@link #startTLS}, through the layer). */
    @Override
    public void resumeProducing() {
        if (tls instanceof IPushProducer layer) {
            layer.resumeProducing();
            return;
        }
        rawResumeProducing();
    }

    void rawResumeProducing() {
        paused = false;
        notifyActivity();
    }

    /** Closes the connection, as {@link #loseConnection()} (what a real transport does). */
    @Override
    public void stopProducing() {
        loseConnection();
    }

    // ---- inspection ----

    /** {@return the protocol this end delivers to} */
    public IProtocol protocol() {
        return protocol;
    }

    /** {@return whether this is the accepting end} */
    public boolean isServer() {
        return isServer;
    }

    /** {@return whether this end's protocol has not been given {@code connectionLost} yet} */
    public boolean isConnected() {
        return !lost;
    }

    /** {@return whether this end is closing or closed} (Twisted's {@code disconnecting}) */
    public boolean isDisconnecting() {
        return fullCloseRequested || aborted || lost;
    }

    /** {@return whether this end's protocol has been given {@code connectionLost}} */
    public boolean isDisconnected() {
        return lost;
    }

    /**
     * {@return whether delivery to this side is held: by {@link #pauseProducing()}, or after {@link #startTLS} by
     * the TLS layer}
     */
    public boolean isPaused() {
        return paused;
    }

    /** {@return the registered producer, or null} */
    public @Nullable IProducer producer() {
        return producer;
    }

    /** {@return whether the registered producer is a push producer}; false when there is none. */
    public boolean isStreamingProducer() {
        return streamingProducer;
    }

    /** {@return a copy of the bytes written and not yet delivered, in order} */
    public byte[] pendingBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pendingSize);
        for (byte[] chunk : pending) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** {@return this end's side, protocol class and state, for failure messages} */
    @Override
    public String toString() {
        return "FakeTransport<" + (isServer ? "S" : "C") + ","
                + protocol.getClass().getSimpleName() + ","
                + (lost ? "lost" : writeState.name().toLowerCase(java.util.Locale.ROOT)) + ">";
    }

    // ---- for IOPump and Loopback ----

    /** Who gets the bytes and closes: the protocol, or the TLS layer once TLS has started. */
    IProtocol receiver() {
        return receiver;
    }

    /** Takes the queued bytes as one array, or returns null when nothing is queued. */
    byte @Nullable [] takePending() {
        if (pending.isEmpty()) {
            return null;
        }
        byte[] data = pending.size() == 1 ? pending.get(0) : pendingBytes();
        clearPending();
        return data;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    void clearPending() {
        pending.clear();
        pendingSize = 0;
    }

    /** Tells whether the pump may deliver to this side's protocol now. */
    boolean isReading() {
        return !lost && !paused;
    }

    /**
     * Resumes a registered pull producer, as Twisted's {@code _checkProducer}; under a write-buffer limit, only when
     * at most the limit is queued, and then also a push producer the limit paused, as the reactor's drain does.
     */
    void pollProducer() {
        if (lost) {
            return;
        }
        if (writeBufferLimit >= 0 && pendingSize > writeBufferLimit) {
            return; // still full: the reader has not taken the bytes
        }
        IProducer p = producer;
        if (streamingProducer) {
            if (producerPausedByBuffer && p instanceof IPushProducer push) {
                producerPausedByBuffer = false;
                push.resumeProducing();
            }
        } else if (p instanceof IPullProducer pull) {
            pull.resumeProducing();
        }
    }

    /** Marks the connection lost, stops the producer, and tells the protocol, in that order. */
    void lose(dev.weft.defer.Failure reason) {
        lost = true;
        clearPending();
        if (writeState == WriteState.OPEN) {
            writeState = WriteState.CLOSING;
        }
        IProducer p = producer;
        producer = null;
        streamingProducer = false;
        producerPausedByBuffer = false;
        if (p != null) {
            p.stopProducing();
        }
        receiver.connectionLost(reason);
    }

    void setActivityListener(@Nullable Runnable listener) {
        this.activityListener = listener;
    }

    private void notifyActivity() {
        Runnable listener = activityListener;
        if (listener != null) {
            listener.run();
        }
    }
}
