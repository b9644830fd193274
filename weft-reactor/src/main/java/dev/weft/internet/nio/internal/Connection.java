package dev.weft.internet.nio.internal;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import dev.weft.internet.nio.INioTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One TCP or UNIX-domain connection: the {@link INioTransport} a protocol writes to, and the reader
 * that feeds it. See {@link INioTransport} for the contract; this comment says how it is kept.
 *
 * <h2>Reading</h2>
 *
 * <p>On {@code OP_READ} the connection reads up to {@value #READS_PER_WAKEUP} times, stopping early
 * when a read returns less than it asked for, when the protocol pauses or closes, or at end of
 * stream. An {@link IBufferedProtocol} is read into the buffer it returns ({@code
 * getBuffer(sizeHint)}, {@code read}, {@code bufferUpdated(n)}; nothing is allocated): straight from
 * the kernel if the buffer is direct, through the loop's direct read buffer (one copy, as the JDK
 * itself would make) if it is a heap buffer. Other
 * protocols get {@code dataReceived} with a new array holding exactly the bytes read, copied once
 * from the reactor's shared direct read buffer.
 *
 * <h2>Writing</h2>
 *
 * <p>{@code write} keeps the caller's array (no copy) in a queue and puts the connection on the
 * loop's flush list. A flush copies up to 256 KiB at a time from the queue into the loop's direct
 * write buffer and sends it, until the queue is empty or the socket is full; then the connection
 * waits for {@code OP_WRITE}. When the queue drains it resumes a pull producer or a paused push
 * producer, else finishes a pending {@code loseConnection} (once no producer is registered) or
 * {@code loseWriteConnection}.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #lose(Failure)} runs once: it marks the connection lost, stops and unregisters the
 * producer, drops unsent bytes, closes the socket (with {@code SO_LINGER 0}, so the peer gets a
 * reset, after {@link #abortConnection()}), calls the protocol's {@code connectionLost}, and then
 * tells its {@link Listener} (the connector of a client). An exception from any protocol callback
 * is logged and closes the connection with that exception as the reason, dropping unsent bytes;
 * an exception from {@code connectionLost} is only logged.
 *
 * <p>Confined to the reactor thread.
 */
public final class Connection implements INioTransport, Selectable {
    /** The most reads per wake-up, so one busy connection cannot starve the others. */
    public static final int READS_PER_WAKEUP = 16;

    private static final int WRITE_SPINS = 16;

    /**
     * Hears that a connection was lost, after its protocol did: the connector of a client connection.
     *
     * <p>Confined to the reactor thread.
     */
    public interface Listener {
        /**
         * Reacts to the loss of {@code connection}.
         *
         * @param connection the connection, already closed
         * @param reason the reason its protocol was given
         */
        void connectionLost(Connection connection, Failure reason);
    }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final IProtocol protocol;
    private final @Nullable IBufferedProtocol buffered;
    private final @Nullable IHalfCloseableProtocol halfCloseable;
    private final IAddress host;
    private final IAddress peer;
    private final boolean unix;
    private final @Nullable Listener listener;
    private final String description;
    private @Nullable SelectionKey key;
    private int interest;

    private boolean connected;
    private boolean lost;
    private boolean disconnecting;
    private boolean aborting;
    private boolean paused;
    private boolean readClosed;
    private boolean writeClosing;
    private boolean writeClosed;
    private boolean flushScheduled;
    private boolean waitingWritable;

    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;

    private @Nullable IProducer producer;
    private boolean streaming;
    private boolean producerPaused;

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
     * @param description how {@link #toString()} names the connection, e.g. {@code "#3 on 8080"}
     */
    public Connection(
            EventLoop loop,
            SocketChannel channel,
            IProtocol protocol,
            IAddress host,
            IAddress peer,
            boolean unix,
            @Nullable Listener listener,
            String description) {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.buffered = protocol instanceof IBufferedProtocol b ? b : null;
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
        assert loop.inLoop();
        this.key = selectionKey;
        selectionKey.attach(this);
        connected = true;
        interest = SelectionKey.OP_READ;
        selectionKey.interestOps(interest);
        loop.track(this);
        try {
            protocol.makeConnection(this);
        } catch (Throwable t) {
            callbackFailed("connectionMade", t);
        }
    }

    /**
     * Returns the protocol this connection drives.
     *
     * @return the protocol
     */
    public IProtocol protocol() {
        return protocol;
    }

    // ---------------------------------------------------------------- selector callbacks

    @Override
    public void ready(SelectionKey selected) {
        int ops = selected.readyOps();
        if ((ops & SelectionKey.OP_READ) != 0 && isReading()) {
            read();
        }
        if ((ops & SelectionKey.OP_WRITE) != 0 && connected && !aborting) {
            flush();
        }
    }

    @Override
    public void reactorStopping() {
        lose(new Failure(aborting ? new ConnectionAborted() : new ConnectionLost("the reactor stopped")));
    }

    @Override
    public void internalFailure(Throwable error) {
        lose(new Failure(error));
    }

    // ---------------------------------------------------------------- reading

    private void read() {
        for (int i = 0; i < READS_PER_WAKEUP && isReading(); i++) {
            int requested;
            int n;
            if (buffered != null) {
                ByteBuffer target;
                try {
                    target = buffered.getBuffer(EventLoop.READ_BUFFER_SIZE);
                    if (!target.hasRemaining() || target.isReadOnly()) {
                        throw new IllegalStateException(
                                protocolName() + ".getBuffer returned a buffer with no" + " writable space: " + target);
                    }
                } catch (Throwable t) {
                    callbackFailed("getBuffer", t);
                    return;
                }
                try {
                    if (target.isDirect()) {
                        requested = target.remaining();
                        n = channel.read(target);
                    } else {
                        // The JDK would read a heap buffer through a temporary direct buffer of the
                        // heap buffer's size; use the loop's bounded one for that single copy instead.
                        ByteBuffer readBuffer = loop.readBuffer();
                        readBuffer.clear();
                        requested = Math.min(readBuffer.capacity(), target.remaining());
                        readBuffer.limit(requested);
                        n = channel.read(readBuffer);
                        if (n > 0) {
                            readBuffer.flip();
                            target.put(readBuffer);
                        }
                    }
                } catch (IOException e) {
                    lose(new Failure(new ConnectionLost(e)));
                    return;
                }
                if (n > 0) {
                    try {
                        buffered.bufferUpdated(n);
                    } catch (Throwable t) {
                        callbackFailed("bufferUpdated", t);
                        return;
                    }
                }
            } else {
                ByteBuffer readBuffer = loop.readBuffer();
                readBuffer.clear();
                requested = readBuffer.capacity();
                try {
                    n = channel.read(readBuffer);
                } catch (IOException e) {
                    lose(new Failure(new ConnectionLost(e)));
                    return;
                }
                if (n > 0) {
                    byte[] data = new byte[n];
                    readBuffer.flip();
                    readBuffer.get(data);
                    try {
                        protocol.dataReceived(data);
                    } catch (Throwable t) {
                        callbackFailed("dataReceived", t);
                        return;
                    }
                }
            }
            if (n < 0) {
                endOfStream();
                return;
            }
            if (n < requested) {
                return;
            }
        }
    }

    private void endOfStream() {
        IHalfCloseableProtocol half = halfCloseable;
        if (half == null) {
            lose(new Failure(new ConnectionDone()));
            return;
        }
        readClosed = true;
        updateInterest();
        try {
            half.readConnectionLost();
        } catch (Throwable t) {
            callbackFailed("readConnectionLost", t);
            return;
        }
        if (writeClosed && connected && !aborting) {
            lose(new Failure(new ConnectionDone()));
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        assert loop.inLoop() : "write off the reactor thread";
        if (!connected || aborting || writeClosing || data.length == 0) {
            return;
        }
        pending.add(ByteBuffer.wrap(data));
        pendingBytes += data.length;
        IProducer p = producer;
        if (p != null && streaming && pendingBytes > HIGH_WATER_MARK) {
            producerPaused = true;
            ((IPushProducer) p).pauseProducing();
        }
        scheduleFlush();
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        Objects.requireNonNull(data, "data");
        for (byte[] chunk : data) {
            write(Objects.requireNonNull(chunk, "an element of data"));
        }
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
        if (connected && !aborting && !waitingWritable) {
            flush();
        }
    }

    private void flush() {
        if (pendingBytes > 0) {
            try {
                send();
            } catch (IOException e) {
                lose(new Failure(new ConnectionLost(e)));
                return;
            }
            boolean full = pendingBytes > 0;
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

    private void send() throws IOException {
        ByteBuffer out = loop.writeBuffer();
        for (int spin = 0; spin < WRITE_SPINS && pendingBytes > 0; spin++) {
            out.clear();
            for (ByteBuffer b : pending) {
                int n = Math.min(b.remaining(), out.remaining());
                out.put(out.position(), b, b.position(), n);
                out.position(out.position() + n);
                if (!out.hasRemaining()) {
                    break;
                }
            }
            out.flip();
            int attempted = out.remaining();
            int sent = channel.write(out);
            if (sent <= 0) {
                return;
            }
            pendingBytes -= sent;
            int left = sent;
            while (left > 0) {
                ByteBuffer head = pending.peekFirst();
                int n = Math.min(left, head.remaining());
                head.position(head.position() + n);
                left -= n;
                if (!head.hasRemaining()) {
                    pending.pollFirst();
                }
            }
            if (sent < attempted) {
                return;
            }
        }
    }

    private void drained() {
        IProducer p = producer;
        if (p != null && (!streaming || producerPaused)) {
            producerPaused = false;
            try {
                if (streaming) {
                    ((IPushProducer) p).resumeProducing();
                } else {
                    ((IPullProducer) p).resumeProducing();
                }
            } catch (Throwable t) {
                callbackFailed("resumeProducing of the producer " + p, t);
            }
            return;
        }
        if (disconnecting) {
            if (p == null) {
                lose(new Failure(new ConnectionDone()));
            }
            return;
        }
        if (writeClosing && !writeClosed) {
            closeWrite();
        }
    }

    private void closeWrite() {
        writeClosed = true;
        try {
            channel.shutdownOutput();
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
        if (readClosed && connected && !aborting) {
            lose(new Failure(new ConnectionDone()));
        }
    }

    @Override
    public long bufferedBytes() {
        return pendingBytes;
    }

    // ---------------------------------------------------------------- producers

    @Override
    public void registerProducer(IProducer newProducer, boolean isStreaming) {
        Objects.requireNonNull(newProducer, "producer");
        if (producer != null) {
            throw new IllegalStateException("a producer is already registered (" + producer
                    + "); unregisterProducer() before registering " + newProducer);
        }
        if (isStreaming && !(newProducer instanceof IPushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be an IPushProducer: " + newProducer);
        }
        if (!isStreaming && !(newProducer instanceof IPullProducer)) {
            throw new IllegalArgumentException("a non-streaming producer must be an IPullProducer: " + newProducer);
        }
        if (!connected || aborting) {
            newProducer.stopProducing();
            return;
        }
        producer = newProducer;
        streaming = isStreaming;
        producerPaused = false;
        if (!isStreaming) {
            ((IPullProducer) newProducer).resumeProducing();
        }
    }

    @Override
    public void unregisterProducer() {
        if (producer == null) {
            return;
        }
        producer = null;
        producerPaused = false;
        if (connected && disconnecting) {
            scheduleFlush();
        }
    }

    // ---------------------------------------------------------------- the transport as a producer

    @Override
    public void pauseProducing() {
        paused = true;
        updateInterest();
    }

    @Override
    public void resumeProducing() {
        if (connected && !disconnecting) {
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
        if (!connected || disconnecting || aborting) {
            return;
        }
        disconnecting = true;
        updateInterest();
        scheduleFlush();
    }

    @Override
    public void loseWriteConnection() {
        if (!connected || disconnecting || aborting || writeClosing) {
            return;
        }
        writeClosing = true;
        scheduleFlush();
    }

    @Override
    public void abortConnection() {
        if (!connected || aborting) {
            return;
        }
        aborting = true;
        pending.clear();
        pendingBytes = 0;
        updateInterest();
        loop.callLater(0, () -> lose(new Failure(new ConnectionAborted())));
    }

    private void callbackFailed(String method, Throwable error) {
        Faults.callbackFailed(protocolName() + "." + method + " on " + this, error);
        lose(new Failure(error));
    }

    /**
     * Closes the connection now and delivers {@code connectionLost(reason)}; does nothing if already
     * lost. See the class comment for the order of events.
     *
     * @param reason the reason the protocol gets
     */
    public void lose(Failure reason) {
        if (!connected) {
            return;
        }
        connected = false;
        lost = true;
        IProducer p = producer;
        producer = null;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                Faults.callbackFailed("stopProducing of the producer " + p + " on " + this, t);
            }
        }
        pending.clear();
        pendingBytes = 0;
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        if (aborting && !unix) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // Closed already: nothing to reset.
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            Faults.ioProblem("closing " + this, e);
        }
        loop.untrack(this);
        try {
            protocol.connectionLost(reason);
        } catch (Throwable t) {
            Faults.callbackFailed(protocolName() + ".connectionLost on " + this, t);
        }
        Listener l = listener;
        if (l != null) {
            l.connectionLost(this, reason);
        }
    }

    // ---------------------------------------------------------------- state

    private void updateInterest() {
        SelectionKey k = key;
        if (!connected || k == null) {
            return;
        }
        int ops = (isReading() ? SelectionKey.OP_READ : 0) | (waitingWritable && !aborting ? SelectionKey.OP_WRITE : 0);
        if (ops != interest) {
            interest = ops;
            k.interestOps(ops);
        }
    }

    @Override
    public boolean isReading() {
        return connected && !disconnecting && !aborting && !paused && !readClosed;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting;
    }

    @Override
    public boolean isDisconnected() {
        return lost;
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
        return !unix && getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        setOption(StandardSocketOptions.TCP_NODELAY, enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return !unix && getOption(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
    }

    private boolean getOption(SocketOption<Boolean> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " of " + this, e);
        }
    }

    private void setOption(SocketOption<Boolean> option, boolean enabled) {
        if (unix) {
            throw new UnsupportedOperationException(option + " does not apply to a UNIX-domain socket: " + this);
        }
        try {
            channel.setOption(option, enabled);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + option + " of " + this, e);
        }
    }

    private String protocolName() {
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
