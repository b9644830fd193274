package dev.weft.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the direct chunks that accumulating protocols release (weft-testing's {@code
 * AccumulatingProtocol.release()}, the {@code weft sink} command's connections), and hands them to
 * the next protocols that need a chunk of the same size, so that a long-running server stops paying for fresh memory: a reused chunk is
 * neither zeroed nor faulted in again, and its memory is given back at once rather than when the
 * garbage collector finds it.
 *
 * <pre>{@code
 * ChunkPool pool = new ChunkPool(256L << 20); // keep up to 256 MiB of idle chunks
 * ServerFactory factory = ServerFactory.forProtocol(() -> new AccumulatingProtocol(pool) {
 *     @Override
 *     public void connectionLost(Failure reason) {
 *         super.connectionLost(reason);
 *         consume(this); // read data(), asInputStream() or writeTo(...)
 *         release(); // the chunks go back to the pool
 *     }
 * });
 * }</pre>
 *
 * <p>Chunks are kept by capacity, and only up to {@link #maxIdleBytes()} in all; a chunk given back
 * beyond that, or a heap buffer, is left to the collector. A chunk taken from the pool still holds
 * the bytes of the connection that used it last: a {@link ChunkList} only ever reads what was
 * written into it.
 *
 * <p>Thread-safe: protocols on a reactor thread take chunks while another thread (one that wrote a
 * finished connection's bytes to disk, say) gives them back.
 */
public final class ChunkPool {
    private final long maxIdleBytes;
    private final Map<Integer, ArrayDeque<ByteBuffer>> idle = new HashMap<>();
    private long idleBytes;

    /**
     * Creates an empty pool.
     *
     * @param maxIdleBytes the most bytes of idle chunks to keep; 0 keeps none
     * @throws IllegalArgumentException if {@code maxIdleBytes} is negative
     */
    public ChunkPool(long maxIdleBytes) {
        if (maxIdleBytes < 0) {
            throw new IllegalArgumentException(
                    "maxIdleBytes is " + maxIdleBytes + ": give the most bytes of idle chunks to keep, 0 or more");
        }
        this.maxIdleBytes = maxIdleBytes;
    }

    /**
     * Returns an idle chunk of exactly {@code capacity} bytes, or a new direct one if there is none.
     *
     * @param capacity the size wanted, at least 1
     * @return a direct buffer, position 0, limit at its capacity
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public ByteBuffer take(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity is " + capacity + ": a chunk holds at least 1 byte");
        }
        synchronized (this) {
            ArrayDeque<ByteBuffer> same = idle.get(capacity);
            ByteBuffer chunk = same == null ? null : same.pollLast();
            if (chunk != null) {
                idleBytes -= capacity;
                return chunk.clear();
            }
        }
        return ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Keeps {@code chunk} for a later {@link #take}, if it is direct and the pool has room for it;
     * otherwise leaves it to the garbage collector. The caller must not use it afterwards.
     *
     * @param chunk a chunk that nothing reads or writes any more
     * @return whether the pool kept it
     */
    public boolean give(ByteBuffer chunk) {
        if (!chunk.isDirect() || chunk.isReadOnly()) {
            return false;
        }
        int capacity = chunk.capacity();
        synchronized (this) {
            if (idleBytes + capacity > maxIdleBytes) {
                return false;
            }
            idle.computeIfAbsent(capacity, c -> new ArrayDeque<>()).addLast(chunk);
            idleBytes += capacity;
            return true;
        }
    }

    /**
     * Returns how many bytes of idle chunks the pool holds now.
     *
     * @return the sum of their capacities
     */
    public synchronized long idleBytes() {
        return idleBytes;
    }

    /**
     * Returns the most bytes of idle chunks this pool keeps.
     *
     * @return the limit given at construction
     */
    public long maxIdleBytes() {
        return maxIdleBytes;
    }

    /**
     * Describes the pool, for logs.
     *
     * @return e.g. {@code ChunkPool[12582912 of 268435456 bytes idle]}
     */
    @Override
    public synchronized String toString() {
        return "ChunkPool[" + idleBytes + " of " + maxIdleBytes + " bytes idle]";
    }
}
