package dev.weft.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps released direct chunks, up to {@link #maxIdleBytes()} in all, for the next {@link #take} of the same size (a
 * reused chunk holds old bytes). A chunk that does not fit goes to the pool's overflow handler, if it has one (to free
 * its memory at once rather than when the collector finds it), or else is dropped. Thread-safe.
 */
public final class ChunkPool {
    private static final Consumer<ByteBuffer> DROP = chunk -> {};

    private final long maxIdleBytes;
    private final Consumer<ByteBuffer> overflow;
    private final Map<Integer, ArrayDeque<ByteBuffer>> idle = new HashMap<>();
    private long idleBytes;

    /** Creates an empty pool keeping at most {@code maxIdleBytes} (0: none, not negative) of idle chunks. */
    public ChunkPool(long maxIdleBytes) {
        this(maxIdleBytes, DROP);
    }

    /**
     * Creates an empty pool keeping at most {@code maxIdleBytes} of idle chunks; {@link #give} hands {@code overflow}
     * each direct chunk that does not fit, on the giving thread and outside the pool's lock. The chunk is the
     * handler's: nobody uses it again.
     */
    public ChunkPool(long maxIdleBytes, Consumer<ByteBuffer> overflow) {
        this.overflow = Objects.requireNonNull(overflow, "overflow");
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

    /**
     * Keeps {@code chunk} for a later {@link #take} if it is direct and fits, or else hands a direct one to the
     * overflow handler (the caller must not use it again either way); returns whether the pool kept it.
     */
    public boolean give(ByteBuffer chunk) {
        if (!chunk.isDirect() || chunk.isReadOnly()) {
            return false;
        }
        int capacity = chunk.capacity();
        synchronized (this) {
            if (idleBytes + capacity <= maxIdleBytes) {
                idle.computeIfAbsent(capacity, c -> new ArrayDeque<>()).addLast(chunk);
                idleBytes += capacity;
                return true;
            }
        }
        overflow.accept(chunk);
        return false;
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
