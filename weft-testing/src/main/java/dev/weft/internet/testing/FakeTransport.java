package dev.weft.internet.testing;

import dev.weft.internet.IAddress;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITCPTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One end of an in-memory TCP connection: Twisted's iosim {@code FakeTransport}. Writes are queued
 * here; an {@link IOPump} moves them to the other end's protocol and delivers the closes. Nothing
 * happens between pumps, and no method of this class calls a protocol method.
 *
 * <p>Most tests get a pair from {@link IOPump#connectedServerAndClient} or {@link
 * ConnectionCompleter}; see {@link IOPump} for when each event is delivered.
 *
 * <ul>
 *   <li>{@link #write(byte[])} queues the bytes (empty arrays are ignored). Writes after this side's
 *       {@link #loseConnection()}, {@link #loseWriteConnection()} or {@link #abortConnection()}, or
 *       after its connection is lost, are dropped silently. A real TCP transport still sends what is
 *       written after {@code loseConnection} and before the close completes; this fake, like
 *       Twisted's, drops it.
 *   <li>{@link #loseConnection()} closes cleanly once the queued bytes are delivered; both ends get
 *       {@code connectionLost(ConnectionDone)}, the peer on one pump and this side on the next, as in
 *       Twisted's iosim. Until then this side still receives the peer's bytes (as in Twisted's iosim;
 *       a real transport stops reading at once). A peer that is an {@link
 *       dev.weft.internet.IHalfCloseableProtocol} gets {@code readConnectionLost()} instead, as on
 *       real TCP, where a close and a half-close look the same to the other end, and must close its
 *       side itself; Twisted's iosim gives it {@code connectionLost}. Each reason is a new {@code
 *       ConnectionDone} (Twisted's iosim shares one instance between all connections).
 *   <li>{@link #loseWriteConnection()} half-closes: after the queued bytes, the peer gets {@code
 *       readConnectionLost()} if it is an {@link dev.weft.internet.IHalfCloseableProtocol}, else a
 *       full {@code connectionLost(ConnectionDone)}; this side gets {@code writeConnectionLost()} if
 *       half-closeable, and keeps receiving. Twisted's iosim ignores {@code loseWriteConnection};
 *       weft carries it to the peer, as real TCP does.
 *   <li>{@link #abortConnection()} behaves like real TCP, not like Twisted's iosim (which treats it
 *       as {@code loseConnection}): the bytes queued in both directions are dropped, this side gets
 *       {@code connectionLost(ConnectionAborted)} on the next pump and the peer {@code
 *       connectionLost(ConnectionLost)} on the pump after.
 *   <li>A pull producer is resumed when it registers and once per pump; a push producer is never
 *       paused or resumed (the fake's buffer never fills). When the connection is lost, the
 *       producer gets {@code stopProducing()} and is unregistered before the protocol's {@code
 *       connectionLost}, as on real TCP (Twisted's iosim leaves it registered).
 *   <li>As a push producer itself, the transport stops reading when the protocol calls {@link
 *       #pauseProducing()}: nothing (bytes or close) is delivered to it until {@link
 *       #resumeProducing()}. {@link #stopProducing()} is {@link #loseConnection()}. Twisted's iosim
 *       ignores pause and resume.
 *   <li>{@link #getHost()} and {@link #getPeer()} keep returning the addresses given at
 *       construction, also after the connection is lost. The TCP options are only remembered.
 * </ul>
 *
 * <p>Confined to the test thread (or the thread of the reactor or clock driving the pump).
 */
public final class FakeTransport implements ITCPTransport, IPushProducer {
    /** The address of the server end of a pair built with default addresses: {@code 10.0.0.1:12345}. */
    public static final IPv4Address DEFAULT_SERVER_ADDRESS = IPv4Address.tcp("10.0.0.1", 12345);

    /** The address of the client end of a pair built with default addresses: {@code 192.168.1.1:54321}. */
    public static final IPv4Address DEFAULT_CLIENT_ADDRESS = IPv4Address.tcp("192.168.1.1", 54321);

    /** How far this side's write direction has got. */
    enum WriteState {
        /** Writes are accepted. */
        OPEN,
        /** A close was asked for; queued bytes still go out, then the end of stream. */
        CLOSING,
        /** The end of stream has reached the peer (or the connection was aborted). */
        CLOSED
    }

    private final IProtocol protocol;
    private final boolean isServer;
    private final IAddress host;
    private final IAddress peer;
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingSize;
    // Close state, read and written by IOPump.
    WriteState writeState = WriteState.OPEN;
    boolean fullCloseRequested;
    boolean aborted;
    boolean resetByPeer;
    boolean lost;
    private boolean paused;
    private @Nullable IProducer producer;
    private boolean streamingProducer;
    private boolean tcpNoDelay;
    private boolean tcpKeepAlive;
    private @Nullable Runnable activityListener;

    /**
     * Creates one end with the default addresses: a server end's host is {@link
     * #DEFAULT_SERVER_ADDRESS} and its peer {@link #DEFAULT_CLIENT_ADDRESS}, and a client end's the
     * other way round, so two default ends form a consistent pair.
     *
     * @param protocol the protocol this end delivers to (the one that writes to it)
     * @param isServer {@code true} for the accepting end
     */
    public FakeTransport(IProtocol protocol, boolean isServer) {
        this(
                protocol,
                isServer,
                isServer ? DEFAULT_SERVER_ADDRESS : DEFAULT_CLIENT_ADDRESS,
                isServer ? DEFAULT_CLIENT_ADDRESS : DEFAULT_SERVER_ADDRESS);
    }

    /**
     * Creates one end with the given addresses.
     *
     * @param protocol the protocol this end delivers to (the one that writes to it)
     * @param isServer {@code true} for the accepting end
     * @param host what {@link #getHost()} returns
     * @param peer what {@link #getPeer()} returns
     */
    public FakeTransport(IProtocol protocol, boolean isServer, IAddress host, IAddress peer) {
        this.protocol = protocol;
        this.isServer = isServer;
        this.host = host;
        this.peer = peer;
    }

    // ---- ITransport ----

    /**
     * Queues {@code data} for the peer; it arrives on a later {@link IOPump#pump()}. Dropped after
     * this side closed its write direction or lost the connection; ignored when empty.
     *
     * @param data the bytes; the array is handed over and must not be changed afterwards
     */
    @Override
    public void write(byte[] data) {
        if (writeState != WriteState.OPEN || lost || resetByPeer || data.length == 0) {
            return;
        }
        pending.add(data);
        pendingSize += data.length;
        notifyActivity();
    }

    /**
     * Queues each array in turn, as {@link #write(byte[])}.
     *
     * @param data the arrays, in order
     */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    /**
     * Asks for a clean close: writes are dropped from now on; once the queued bytes are delivered,
     * the peer and then this side get {@code connectionLost(ConnectionDone)}, on later pumps. Does
     * nothing the second time, or after the connection is lost.
     */
    @Override
    public void loseConnection() {
        if (lost || fullCloseRequested || aborted) {
            return;
        }
        fullCloseRequested = true;
        if (writeState == WriteState.OPEN) {
            writeState = WriteState.CLOSING;
        }
        notifyActivity();
    }

    /**
     * Aborts: drops the queued bytes and all later writes; on the next pump this side gets {@code
     * connectionLost(ConnectionAborted)}, and on the pump after the peer gets {@code
     * connectionLost(ConnectionLost)} having received none of the bytes still queued toward it. Does
     * nothing the second time, or after the connection is lost; overrides an earlier {@link
     * #loseConnection()} whose close has not completed.
     */
    @Override
    public void abortConnection() {
        if (lost || aborted) {
            return;
        }
        aborted = true;
        clearPending();
        writeState = WriteState.CLOSED;
        notifyActivity();
    }

    /**
     * Returns the peer's address given at construction.
     *
     * @return the peer's address, also after the connection is lost
     */
    @Override
    public IAddress getPeer() {
        return peer;
    }

    /**
     * Returns this end's address given at construction.
     *
     * @return the local address, also after the connection is lost
     */
    @Override
    public IAddress getHost() {
        return host;
    }

    // ---- ITCPTransport ----

    /**
     * Half-closes: writes are dropped from now on; once the queued bytes are delivered the peer
     * learns that no more data will come (see the class comment) and this side, if it is an {@link
     * dev.weft.internet.IHalfCloseableProtocol}, gets {@code writeConnectionLost()}. Reading goes on.
     * Does nothing if the write direction is already closing or the connection is lost.
     */
    @Override
    public void loseWriteConnection() {
        if (lost || writeState != WriteState.OPEN) {
            return;
        }
        writeState = WriteState.CLOSING;
        notifyActivity();
    }

    /**
     * Returns the remembered {@code TCP_NODELAY} setting.
     *
     * @return {@code false} until {@link #setTcpNoDelay(boolean)} says otherwise
     */
    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    /**
     * Remembers the {@code TCP_NODELAY} setting; it changes nothing else.
     *
     * @param enabled the setting
     */
    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    /**
     * Returns the remembered {@code SO_KEEPALIVE} setting.
     *
     * @return {@code false} until {@link #setTcpKeepAlive(boolean)} says otherwise
     */
    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    /**
     * Remembers the {@code SO_KEEPALIVE} setting; it changes nothing else.
     *
     * @param enabled the setting
     */
    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcpKeepAlive = enabled;
    }

    // ---- IConsumer ----

    /**
     * Registers a streaming producer, which is never paused or resumed. On a transport whose
     * connection is lost, the producer is not registered but sent {@code stopProducing()}, as on
     * real TCP.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered (it stays registered)
     */
    @Override
    public void registerProducer(IPushProducer producer) {
        store(producer, true);
    }

    /**
     * Registers a pull producer, which is resumed at once, and then once per pump. On a transport
     * whose connection is lost, the producer is not registered but sent {@code stopProducing()}.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered (it stays registered)
     */
    @Override
    public void registerProducer(IPullProducer producer) {
        if (store(producer, false)) {
            producer.resumeProducing();
        }
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
        return true;
    }

    /** Unregisters the producer, if any; it gets no further calls. */
    @Override
    public void unregisterProducer() {
        producer = null;
        streamingProducer = false;
    }

    // ---- IPushProducer: the protocol pausing its reading ----

    /** Stops delivering to this side's protocol (bytes and closes) until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        paused = true;
    }

    /** Lets the pump deliver to this side's protocol again. */
    @Override
    public void resumeProducing() {
        paused = false;
        notifyActivity();
    }

    /** Closes the connection, as {@link #loseConnection()} (what a real transport does). */
    @Override
    public void stopProducing() {
        loseConnection();
    }

    // ---- inspection ----

    /**
     * Returns the protocol this end delivers to.
     *
     * @return the protocol given at construction
     */
    public IProtocol protocol() {
        return protocol;
    }

    /**
     * Tells whether this is the accepting end.
     *
     * @return the flag given at construction
     */
    public boolean isServer() {
        return isServer;
    }

    /**
     * Tells whether this end's protocol has not been given {@code connectionLost} yet (Twisted's
     * iosim has no {@code connected} attribute; this one lets {@code waitUntilAllDisconnected}-style
     * helpers work).
     *
     * @return {@code false} once the connection is lost
     */
    public boolean isConnected() {
        return !lost;
    }

    /**
     * Tells whether this end is closing or closed (Twisted's {@code disconnecting}): {@link
     * #loseConnection()} or {@link #abortConnection()} was called, or the peer closed and this end
     * follows.
     *
     * @return {@code true} once the full close has begun
     */
    public boolean isDisconnecting() {
        return fullCloseRequested || aborted || lost;
    }

    /**
     * Tells whether this end's protocol has been given {@code connectionLost}.
     *
     * @return {@code true} once it has
     */
    public boolean isDisconnected() {
        return lost;
    }

    /**
     * Tells whether the protocol has paused reading with {@link #pauseProducing()}.
     *
     * @return {@code true} while paused
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Returns the registered producer.
     *
     * @return the producer, or null
     */
    public @Nullable IProducer producer() {
        return producer;
    }

    /**
     * Tells whether the registered producer is a push producer.
     *
     * @return the {@code streaming} flag it was registered with; {@code false} when there is none
     */
    public boolean isStreamingProducer() {
        return streamingProducer;
    }

    /**
     * Returns the bytes written and not yet delivered, without taking them.
     *
     * @return a copy of the queued bytes, in order
     */
    public byte[] pendingBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pendingSize);
        for (byte[] chunk : pending) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /**
     * Describes this end for failure messages.
     *
     * @return the side, the protocol's class and the state
     */
    @Override
    public String toString() {
        return "FakeTransport<" + (isServer ? "S" : "C") + ","
                + protocol.getClass().getSimpleName() + ","
                + (lost ? "lost" : writeState.name().toLowerCase(java.util.Locale.ROOT)) + ">";
    }

    // ---- for IOPump and Loopback ----

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

    /** Resumes a registered pull producer, as Twisted's {@code _checkProducer}. */
    void pollProducer() {
        if (!lost && producer instanceof IPullProducer pull && !streamingProducer) {
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
        if (p != null) {
            p.stopProducing();
        }
        protocol.connectionLost(reason);
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
