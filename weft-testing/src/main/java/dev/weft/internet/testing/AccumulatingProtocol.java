package dev.weft.internet.testing;

import dev.weft.buffer.ChunkGrowth;
import dev.weft.buffer.ChunkList;
import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Collects every byte delivered to it and fires a Deferred when it is connected or disconnected:
 * Twisted's {@code AccumulatingProtocol}, the seed of weft.
 *
 * <p>Twisted's members map one to one: {@code made} is {@link #isMade()}, {@code closed} is {@link
 * #isClosed()}, {@code closedReason} is {@link #closedReason()}, {@code closedDeferred} is {@link
 * #closedDeferred()}/{@link #setClosedDeferred}, {@code data} is {@link #data()}, and {@code
 * factory}, {@code makeConnection}, {@code connected}, {@code transport} and {@code logPrefix} are
 * inherited from {@link Protocol}.
 *
 * <pre>{@code
 * AccumulatingProtocol p = new AccumulatingProtocol();
 * p.makeConnection(new StringTransport());
 * p.dataReceived("foo".getBytes(US_ASCII));
 * p.dataReceived("bar".getBytes(US_ASCII));
 * assert Arrays.equals(p.data(), "foobar".getBytes(US_ASCII));
 * }</pre>
 *
 * <h2>Notifications</h2>
 *
 * <p>{@link #connectionMade()} notifies a factory that implements {@link ConnectionMadeNotifier}
 * (see there); a factory that does not is not notified (DEVIATIONS.md). {@link #connectionLost(Failure)} fires the {@linkplain #closedDeferred() closed
 * Deferred} with null, once, after clearing it. As in Twisted there is no guard against a second
 * {@code connectionLost}: it overwrites {@link #closedReason()} and fires nothing unless a new
 * Deferred was installed.
 *
 * <h2>Memory</h2>
 *
 * <p>The bytes are kept as a list of chunks, never as one array that is grown by copying. A transport
 * that uses the {@link IBufferedProtocol} path reads straight into a chunk handed out by {@link
 * #getBuffer(int)}. Without a pool, the first chunk is a {@value #MIN_CHUNK}-byte heap array, cheap
 * to allocate and freed young, so a short connection never touches direct memory; every later chunk
 * is a direct buffer, which a socket read fills straight from the kernel: one copy per byte, where a
 * heap buffer costs two (the JDK reads a heap buffer through a direct one). Each new chunk holds
 * 1/{@value #GROWTH_DIVISOR} of what is already held, rounded down to a power of two (at least
 * {@value #MIN_CHUNK} bytes, at most {@value #MAX_CHUNK}), so the chunks' capacity never exceeds what
 * is held by more than 1/{@value #GROWTH_DIVISOR} once 512 KiB have arrived, and below that by at
 * most {@value #MIN_CHUNK} bytes. The size hint is not used: a connection's chunks are sized by what
 * it sent, not by what the reactor could read.
 *
 * <p>Direct memory is given back when the garbage collector finds the chunks unreachable, which a
 * process that allocates little on the heap may take long to do (the JDK collects when a direct
 * allocation would pass {@code -XX:MaxDirectMemorySize}, by default the heap's maximum). A
 * long-running server should give its protocols a {@link ChunkPool} and {@link #release()} each one
 * when it is done with the bytes: every chunk then comes from the pool, and returns to it, so memory
 * is reused at once, already zeroed and faulted in. {@link #allocateChunk(int)} can be overridden to
 * choose otherwise (every chunk on the heap, say).
 *
 * <p>A subclass may override {@link #dataReceived(byte[])} to watch or react to the bytes, calling
 * {@code super.dataReceived(data)} to keep them: every transport then delivers every read through
 * it, as Twisted's do (see {@link IBufferedProtocol#bufferPathOf}); it gives up the buffer path's one
 * copy unless it also overrides {@link #bufferUpdated(int)}.
 *
 * <p>{@link #dataReceived(byte[])} keeps the caller's array itself as a chunk (it belongs to the
 * protocol): no copy, but many tiny arrays cost the JVM's per-array overhead each. {@link #data()}
 * joins the chunks into one heap array on demand, once, and keeps only that array (the direct chunks
 * are then freed by the garbage collector, as every direct buffer is); {@link #dataSize()}, {@link
 * #asInputStream()} and {@link #writeTo(WritableByteChannel)} copy nothing.
 *
 * <p>Confined to the reactor thread (or the test thread that drives it).
 */
public class AccumulatingProtocol extends Protocol implements IBufferedProtocol {
    /** The size of the first chunk {@link #getBuffer(int)} allocates, and the least of any chunk. */
    static final int MIN_CHUNK = ChunkGrowth.MIN_CHUNK;

    /** The largest chunk {@link #getBuffer(int)} allocates. */
    static final int MAX_CHUNK = ChunkGrowth.MAX_CHUNK;

    /** A new chunk holds this fraction of what is held (rounded down to a power of two). */
    static final int GROWTH_DIVISOR = ChunkGrowth.GROWTH_DIVISOR;

    private final @Nullable ChunkPool pool;
    private final ChunkList chunks = new ChunkList();
    private @Nullable ByteBuffer fill;
    private boolean handedOut;
    private boolean made;
    private boolean closed;
    private @Nullable Failure closedReason;
    private @Nullable Deferred<Void> closedDeferred;

    /** Creates a protocol that is not connected yet, holds no data, has no factory and no pool. */
    public AccumulatingProtocol() {
        this.pool = null;
    }

    /**
     * Creates a protocol that takes every chunk from {@code pool} and gives them back on {@link
     * #release()}; otherwise like {@link #AccumulatingProtocol()}.
     *
     * @param pool the pool, which may be shared by any number of protocols on any threads
     */
    public AccumulatingProtocol(ChunkPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Records that the connection is made and notifies the factory: sets {@link #isMade()}, then, if
     * the factory is a {@link ConnectionMadeNotifier} with a pending {@code protocolConnectionMade}
     * Deferred, clears the factory's field and fires that Deferred with this protocol.
     */
    @Override
    public void connectionMade() {
        made = true;
        IProtocolFactory factory = factory();
        if (factory instanceof ConnectionMadeNotifier notifier) {
            Deferred<AccumulatingProtocol> d = notifier.protocolConnectionMade();
            if (d != null) {
                notifier.setProtocolConnectionMade(null);
                d.callback(this);
            }
        }
    }

    /**
     * Appends {@code data} to what this protocol holds, keeping the array itself as a chunk.
     *
     * @param data the bytes; the array belongs to this protocol from now on and must not be changed
     */
    @Override
    public void dataReceived(byte[] data) {
        if (data.length == 0) {
            return;
        }
        fill = null;
        handedOut = false;
        chunks.add(data);
    }

    /**
     * Hands out the free space at the end of the newest chunk, allocating a new chunk through {@link
     * #allocateChunk(int)} when there is none (see the class Javadoc for the sizes). The buffer is the
     * chunk itself, not a copy or a new view: nothing is allocated per call.
     *
     * @param sizeHint how many bytes the caller would like to write; not used (chunks are sized by what
     *     is held)
     * @return the newest chunk, position at its first free byte, limit at its capacity
     * @throws IllegalStateException if {@link #allocateChunk(int)} returned an unusable buffer
     */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        ByteBuffer f = fill;
        int used = f == null ? 0 : chunks.lastLength();
        if (f == null || used == f.capacity()) {
            int capacity = nextChunkSize(chunks.size());
            f = allocateChunk(capacity);
            if (f.capacity() < 1 || f.position() != 0 || f.isReadOnly()) {
                throw new IllegalStateException(logPrefix() + ".allocateChunk(" + capacity + ") returned " + f
                        + ": it must return a writable buffer with position 0");
            }
            chunks.addEmpty(f);
            fill = f;
            used = 0;
        }
        f.limit(f.capacity()).position(used);
        handedOut = true;
        return f;
    }

    /**
     * Allocates a chunk for {@link #getBuffer(int)} to hand out: from the {@link ChunkPool} if this
     * protocol has one; otherwise a heap buffer for the first chunk of a connection (nothing held yet)
     * and a direct buffer for every later one. Override to choose otherwise (every chunk on the heap:
     * {@code return ByteBuffer.allocate(capacity);}).
     *
     * @param capacity the size the chunk should have; a buffer of any capacity of at least 1 is
     *     accepted
     * @return a new writable buffer, position 0, limit at its capacity, which this protocol keeps
     */
    protected ByteBuffer allocateChunk(int capacity) {
        ChunkPool p = pool;
        if (p != null) {
            return p.take(capacity);
        }
        return chunks.size() == 0 ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
    }

    /** Returns the size of the next chunk when {@code held} bytes are held. */
    static int nextChunkSize(long held) {
        return ChunkGrowth.nextChunkSize(held);
    }

    /**
     * Drops every byte held and gives the chunks back to this protocol's {@link ChunkPool} (without a
     * pool, leaves them to the garbage collector). Afterwards {@link #dataSize()} is 0, and bytes that
     * arrive later are held as if from the start.
     *
     * <p>Call it once nothing reads the bytes any more: a stream from {@link #asInputStream()} made
     * before must not be read after it, since the pool hands its chunks to other protocols. An array
     * returned by {@link #data()} stays valid: it is a heap array, which no pool takes (and the chunks
     * it was joined from were left to the collector, since a stream may still read them). Like the rest of this
     * class, call it on the reactor thread, or once the connection is lost on any one thread.
     */
    public void release() {
        ChunkPool p = pool;
        if (p == null) {
            chunks.clear();
        } else {
            chunks.drainTo(p::give);
        }
        fill = null;
        handedOut = false;
    }

    /**
     * Counts the {@code nbytes} bytes just written into the buffer from {@link #getBuffer(int)} as
     * received.
     *
     * @param nbytes how many bytes were written, from 1 to the buffer's remaining space
     * @throws IllegalStateException if no buffer is outstanding (no {@code getBuffer} since the last
     *     {@code bufferUpdated}), or if the buffer's position did not advance by {@code nbytes}
     * @throws IllegalArgumentException if {@code nbytes} is outside 1..remaining
     */
    @Override
    public void bufferUpdated(int nbytes) {
        ByteBuffer f = fill;
        if (!handedOut || f == null) {
            throw new IllegalStateException(
                    "bufferUpdated(" + nbytes + ") without an outstanding buffer: call getBuffer(sizeHint) first");
        }
        int used = chunks.lastLength();
        if (nbytes < 1 || nbytes > f.capacity() - used) {
            throw new IllegalArgumentException("bufferUpdated(" + nbytes + "): must be between 1 and the "
                    + (f.capacity() - used) + " bytes the buffer from getBuffer had remaining");
        }
        if (f.position() != used + nbytes) {
            throw new IllegalStateException("bufferUpdated(" + nbytes + ") but the buffer's position moved by "
                    + (f.position() - used) + ": write the bytes with put(...), which advances the position");
        }
        handedOut = false;
        chunks.grewLast(nbytes);
    }

    /**
     * Records that the connection ended and fires the closed Deferred: sets {@link #isClosed()} and
     * {@link #closedReason()}, then, if a {@linkplain #closedDeferred() closed Deferred} is installed,
     * clears it and fires it with null.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Failure reason) {
        closed = true;
        closedReason = reason;
        Deferred<Void> d = closedDeferred;
        if (d != null) {
            closedDeferred = null;
            d.callback(null);
        }
    }

    /**
     * Tells whether {@link #connectionMade()} has run (Twisted's {@code made}).
     *
     * @return {@code true} once connected
     */
    public boolean isMade() {
        return made;
    }

    /**
     * Tells whether {@link #connectionLost(Failure)} has run (Twisted's {@code closed}).
     *
     * @return {@code true} once the connection ended
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns the reason given to the latest {@link #connectionLost(Failure)} (Twisted's {@code
     * closedReason}).
     *
     * @return the reason, or null while the connection has not ended
     */
    public @Nullable Failure closedReason() {
        return closedReason;
    }

    /**
     * Returns the Deferred that the next {@link #connectionLost(Failure)} fires (Twisted's {@code
     * closedDeferred}).
     *
     * @return the pending Deferred, or null if none is installed (or it has fired)
     */
    public @Nullable Deferred<Void> closedDeferred() {
        return closedDeferred;
    }

    /**
     * Installs the Deferred that the next {@link #connectionLost(Failure)} fires with null, after
     * clearing this field.
     *
     * @param closedDeferred the Deferred, or null to clear it
     */
    public void setClosedDeferred(@Nullable Deferred<Void> closedDeferred) {
        this.closedDeferred = closedDeferred;
    }

    /**
     * Returns every byte received so far, in order (Twisted's {@code data}).
     *
     * <p>Joins the chunks into one array the first time it is called after new data arrived, and
     * returns that same array until more data arrives. Do not modify it: it is what this protocol
     * holds.
     *
     * @return the bytes; an empty array if nothing arrived
     * @throws IllegalStateException if more than about 2 GiB arrived, which no array can hold; read
     *     {@link #asInputStream()} or {@link #writeTo(WritableByteChannel)} instead
     */
    public byte[] data() {
        byte[] joined = chunks.join();
        if (fill != null && chunks.last() != fill) {
            // The join replaced the chunk being filled: the next getBuffer starts a new one.
            fill = null;
            handedOut = false;
        }
        return joined;
    }

    /**
     * Returns how many bytes were received so far.
     *
     * @return the byte count, which may exceed what one array can hold
     */
    public long dataSize() {
        return chunks.size();
    }

    /** Returns the capacity of the chunks held: the memory {@link #dataSize()} bytes take. */
    long chunkCapacity() {
        return chunks.capacity();
    }

    /**
     * Returns a stream over the bytes received so far, reading the held chunks in place (no copy).
     * Bytes that arrive later are not part of it.
     *
     * @return a new stream; closing it is not required
     */
    public InputStream asInputStream() {
        return chunks.inputStream();
    }

    /**
     * Writes every byte received so far to {@code channel}, straight from the held chunks (no copy).
     *
     * @param channel a channel in blocking mode
     * @return how many bytes were written ({@link #dataSize()})
     * @throws IOException if the channel fails
     * @throws IllegalArgumentException if {@code channel} is a non-blocking selectable channel
     */
    public long writeTo(WritableByteChannel channel) throws IOException {
        return chunks.writeTo(channel);
    }

    /**
     * Writes every byte received so far to {@code out}, straight from the held chunks (no copy).
     *
     * @param out the stream
     * @return how many bytes were written ({@link #dataSize()})
     * @throws IOException if the stream fails
     */
    public long writeTo(OutputStream out) throws IOException {
        return chunks.writeTo(out);
    }

    /**
     * Describes the state, for test failure messages.
     *
     * @return e.g. {@code AccumulatingProtocol[made, 6 bytes, closed: ConnectionDone]}
     */
    @Override
    public String toString() {
        Failure reason = closedReason;
        return logPrefix() + "[" + (made ? "made" : "not made") + ", " + chunks.size() + " bytes, "
                + (closed && reason != null ? "closed: " + reason.type().getSimpleName() : "open") + "]";
    }
}
