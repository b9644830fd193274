package dev.weft.cli;

import dev.weft.buffer.ChunkGrowth;
import dev.weft.buffer.ChunkPool;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Where the sink's connections take their chunks: its {@link ChunkPool}, and for large chunks a thread
 * that allocates the next one ahead. The JVM zeroes a new direct chunk as it allocates it, which
 * faults in every page: a connection that holds a gibibyte pays some 262,000 first touches (1.5 to 17
 * µs each, by machine), and without this they all run on the reactor thread, between its reads. When
 * a chunk of at least {@value #AHEAD_FROM} bytes is taken, the {@code weft-sink-alloc} thread
 * allocates another of that size into the pool, so the next take of that size finds its pages in
 * already, faulted on another core. At most {@value #MAX_AHEAD} bytes are being allocated ahead at
 * once, and what waits in the pool is bounded by the pool; an allocation ahead that fails (direct
 * memory exhausted) is dropped: the reactor then allocates, and fails, as without it.
 *
 * <p>The same thread frees the chunks of closed connections that the pool cannot keep ({@link #free}):
 * freed now, their memory is reused by the connections still open instead of new memory being faulted
 * in, and the reactor thread does not wait for it. Thread-safe.
 */
final class ChunksAhead {
    /** The least chunk that is allocated ahead: the largest, 4 MiB (a connection holding 128 MiB or more). */
    static final int AHEAD_FROM = ChunkGrowth.MAX_CHUNK;

    /** The most bytes being allocated ahead at once: 8 MiB, two of the largest chunks. */
    static final long MAX_AHEAD = 8L << 20;

    private final ChunkPool pool;
    private final AtomicLong inFlight = new AtomicLong();
    private final Executor thread;
    private final IntFunction<ByteBuffer> allocate;
    private final Consumer<ByteBuffer> release;

    ChunksAhead(ChunkPool pool) {
        // No thread until the first large chunk; it ends after 10 idle seconds.
        this(
                pool,
                new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "weft-sink-alloc");
                    t.setDaemon(true);
                    return t;
                }),
                ByteBuffer::allocateDirect,
                DirectMemory::free);
    }

    /**
     * For tests: {@code thread} runs the allocations ahead and the frees, {@code allocate} makes each
     * chunk, {@code release} frees one.
     */
    ChunksAhead(ChunkPool pool, Executor thread, IntFunction<ByteBuffer> allocate, Consumer<ByteBuffer> release) {
        this.pool = pool;
        this.thread = thread;
        this.allocate = allocate;
        this.release = release;
    }

    /**
     * Frees {@code chunk} on this class's thread, not the caller's; the caller gives up its only
     * reference. Where freeing is not possible the collector frees it later, as it would have.
     */
    void free(ByteBuffer chunk) {
        thread.execute(() -> release.accept(chunk));
    }

    /** Returns a chunk of exactly {@code capacity} bytes (see {@link ChunkPool#take}); reactor thread. */
    ByteBuffer take(int capacity) {
        ByteBuffer chunk = pool.take(capacity);
        if (capacity >= AHEAD_FROM) {
            allocateAhead(capacity);
        }
        return chunk;
    }

    private void allocateAhead(int capacity) {
        if (inFlight.addAndGet(capacity) > MAX_AHEAD) {
            inFlight.addAndGet(-capacity);
            return;
        }
        thread.execute(() -> {
            try {
                pool.give(allocate.apply(capacity));
            } catch (OutOfMemoryError e) {
                // Direct memory is short: the reactor's own allocation will say so, for its connection.
            } finally {
                inFlight.addAndGet(-capacity);
            }
        });
    }

    /** {@return how many bytes are being allocated ahead now} */
    long inFlight() {
        return inFlight.get();
    }
}
