package dev.weft.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps released direct chunks, up to {@link #maxIdleBytes()} in all, for the next {@link #take} of the same size (a
 * reused chunk holds old bytes). Thread-safe.
 */
public final class ChunkPool {
    private final long maxIdleBytes;
    private final Map<Integer, ArrayDeque<ByteBuffer>> idle = new HashMap<>();
    private long idleBytes;

    /** Creates an empty pool keeping at most {@code maxIdleBytes} (0: none, not negative) of idle chunks. */
    public ChunkPool(long maxIdleBytes) {
        if (maxIdleBytes < 0) {
            throw new IllegalArgumentException(
                    "maxIdleBytes is " + maxIdleBytes + ": give the most bytes of idle chunks to keep, 0 or more");
        }
        this.maxIdleBytes = maxIdleBytes;
    }

    /** Returns an idle direct chunk of exactly {@code capacity} (at least 1) bytes, or a new one, cleared. */
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

    /** Keeps {@code chunk} for a later {@link #take} if it is direct and fits (the caller must not use it again). */
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

    /** {@return how many bytes of idle chunks the pool holds now} */
    public synchronized long idleBytes() {
        return idleBytes;
    }

    /** {@return the most bytes of idle chunks this pool keeps} */
    public long maxIdleBytes() {
        return maxIdleBytes;
    }

    /** {@return a description of the pool, for logs} */
    @Override
    public synchronized String toString() {
        return "ChunkPool[" + idleBytes + " of " + maxIdleBytes + " bytes idle]";
    }
}
