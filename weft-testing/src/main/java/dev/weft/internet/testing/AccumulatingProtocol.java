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
 * Twisted's {@code AccumulatingProtocol}: collects every byte delivered to it and fires a Deferred when it is connected
 * or disconnected.
 *
 * <pre>{@code
 * AccumulatingProtocol p = new AccumulatingProtocol();
 * p.makeConnection(new StringTransport());
 * p.dataReceived("foo".getBytes(US_ASCII));
 * assert Arrays.equals(p.data(), "foo".getBytes(US_ASCII));
 * }</pre>
 *
 * <p>{@link #connectionMade()} notifies a factory that implements {@link ConnectionMadeNotifier}; {@link
 * #connectionLost(Failure)} fires the {@linkplain #closedDeferred() closed Deferred} once. Bytes are held as a list of
 * chunks, never copied into one growing array; at the close the free end of the last chunk is let go, so a closed
 * protocol holds about its bytes (a connection that sent nothing: no chunk). A long-running server should give its
 * protocols a {@link ChunkPool} and call {@link #release()}. A subclass overriding {@link #dataReceived(byte[])} should call {@code super}. Confined to
 * the reactor thread (or the test thread that drives it).
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

    /** Creates a protocol taking chunks from {@code pool} (shareable) and giving them back on {@link #release()}. */
    public AccumulatingProtocol(ChunkPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** Sets {@link #isMade()} and fires the factory's pending {@link ConnectionMadeNotifier} Deferred, if any. */
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

    /** Appends {@code data}, keeping the array itself: it belongs to this protocol and must not be changed. */
    @Override
    public void dataReceived(byte[] data) {
        if (data.length == 0) {
            return;
        }
        ByteBuffer spare = takeEmptyFill();
        fill = null;
        handedOut = false;
        chunks.add(data);
        if (spare != null) { // lent by an empty read: it follows the array and is filled next
            chunks.addEmpty(spare);
            fill = spare;
        }
    }

    /**
     * Takes the chunk {@link #getBuffer(int)} lent off the end of the list if nothing was read into it (an empty read
     * or the end of the stream lends one without {@link #bufferUpdated(int)}), so it is neither stranded behind later
     * bytes nor dropped by a join; returns null otherwise.
     */
    private @Nullable ByteBuffer takeEmptyFill() {
        ByteBuffer f = fill;
        if (f != null && chunks.chunkCount() > 0 && chunks.last() == f && chunks.lastLength() == 0) {
            return chunks.removeLast();
        }
        return null;
    }

    /**
     * Hands out the free end of the newest chunk, allocating one with {@link #allocateChunk(int)} if needed.
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

    /** Allocates a chunk of {@code capacity} (at least 1) bytes: from the pool, else heap first and direct after. */
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

    /** Drops every byte held, returning chunks to the pool; earlier {@link #data()} arrays stay valid, streams not. */
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
     * Counts the {@code nbytes} bytes just written into the buffer from {@link #getBuffer(int)}.
     * @throws IllegalStateException if no buffer is outstanding or its position did not advance
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
     * Records the close and lets go of the space no byte will fill ({@link #trimToBytes()}), then clears and fires the
     * {@linkplain #closedDeferred() closed Deferred}, if any.
     */
    @Override
    public void connectionLost(Failure reason) {
        closed = true;
        closedReason = reason;
        trimToBytes();
        Deferred<Void> d = closedDeferred;
        if (d != null) {
            closedDeferred = null;
            d.callback(null);
        }
    }

    /**
     * Lets go of the free end of the last chunk, so that a closed protocol kept for its bytes holds them and little
     * more: a chunk lent for a read that never came (the end of the stream) is dropped, back to the pool if there is
     * one; without a pool, a partly filled last chunk is replaced by an array of its bytes. A pool's partly filled
     * chunk stays, for {@link #release()} to give back. Streams and {@link #data()} arrays taken before stay valid.
     */
    private void trimToBytes() {
        fill = null;
        handedOut = false;
        if (chunks.chunkCount() == 0) {
            return;
        }
        int used = chunks.lastLength();
        if (used == chunks.last().capacity()) {
            return;
        }
        ChunkPool p = pool;
        if (used == 0) {
            ByteBuffer empty = chunks.removeLast();
            if (p != null) {
                p.give(empty);
            }
        } else if (p == null) {
            byte[] bytes = new byte[used];
            chunks.removeLast().get(0, bytes, 0, used);
            chunks.add(bytes);
        }
    }

    /** Tells whether {@link #connectionMade()} has run (Twisted's {@code made}). */
    public boolean isMade() {
        return made;
    }

    /** Tells whether {@link #connectionLost(Failure)} has run (Twisted's {@code closed}). */
    public boolean isClosed() {
        return closed;
    }

    /** Returns the reason given to the latest {@link #connectionLost(Failure)}, or null before. */
    public @Nullable Failure closedReason() {
        return closedReason;
    }

    /** Returns the Deferred the next {@link #connectionLost(Failure)} fires, or null if none is installed. */
    public @Nullable Deferred<Void> closedDeferred() {
        return closedDeferred;
    }

    /** Installs the Deferred (or null) that the next {@link #connectionLost(Failure)} clears and fires with null. */
    public void setClosedDeferred(@Nullable Deferred<Void> closedDeferred) {
        this.closedDeferred = closedDeferred;
    }

    /**
     * Returns every byte received, in a shared array not to be changed; over 2 GiB, {@link IllegalStateException}. It
     * joins the chunks into that array, changing the list: like every method here, call it on the thread that feeds
     * the protocol (a {@code SinkConnection} of weft-fixture may be read from any thread).
     */
    public byte[] data() {
        ByteBuffer spare = takeEmptyFill();
        byte[] joined = chunks.join();
        if (spare != null) {
            chunks.addEmpty(spare); // still the chunk to fill, and still lent if it was
        } else if (fill != null && chunks.last() != fill) {
            // The join replaced the chunk being filled: the next getBuffer starts a new one.
            fill = null;
            handedOut = false;
        }
        return joined;
    }

    /** Returns how many bytes were received so far, which may exceed what one array can hold. */
    public long dataSize() {
        return chunks.size();
    }

    /** Returns the capacity of the chunks held: the memory {@link #dataSize()} bytes take. */
    protected long chunkCapacity() {
        return chunks.capacity();
    }

    /** Returns a new stream over the bytes received so far, without copying; closing it is not required. */
    public InputStream asInputStream() {
        return chunks.inputStream();
    }

    /**
     * Writes every byte received so far to {@code channel} without copying; returns {@link #dataSize()}.
     * @throws IllegalArgumentException if {@code channel} is a non-blocking selectable channel
     */
    public long writeTo(WritableByteChannel channel) throws IOException {
        return chunks.writeTo(channel);
    }

    /** Writes every byte received so far to {@code out}, without copying; returns {@link #dataSize()}. */
    public long writeTo(OutputStream out) throws IOException {
        return chunks.writeTo(out);
    }

    /** Describes the state, e.g. {@code AccumulatingProtocol[made, 6 bytes, closed: ConnectionDone]}. */
    @Override
    public String toString() {
        Failure reason = closedReason;
        return logPrefix() + "[" + (made ? "made" : "not made") + ", " + chunks.size() + " bytes, "
                + (closed && reason != null ? "closed: " + reason.type().getSimpleName() : "open") + "]";
    }
}
