package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.weft.buffer.ChunkGrowth;
import dev.weft.buffer.ChunkPool;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The sink's chunks: a large one taken has the next of its size allocated ahead into the pool. */
class ChunksAheadTest {
    private static final int LARGEST = ChunkGrowth.MAX_CHUNK;

    /** For the tests that free nothing: fails if asked to. */
    private static final Consumer<ByteBuffer> NOT_FREED = chunk -> {
        throw new AssertionError("freed " + chunk);
    };

    /** Runs what it is given when the test says so. */
    private static final class Later implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            for (Runnable r = queued.poll(); r != null; r = queued.poll()) {
                r.run();
            }
        }
    }

    @Test
    void takingALargestChunkAllocatesTheNextOneIntoThePool() {
        ChunkPool pool = new ChunkPool(64L << 20);
        AtomicInteger allocated = new AtomicInteger();
        ChunksAhead chunks = new ChunksAhead(
                pool,
                Runnable::run,
                n -> {
                    allocated.incrementAndGet();
                    return ByteBuffer.allocateDirect(n);
                },
                NOT_FREED);

        ByteBuffer first = chunks.take(LARGEST);
        assertThat(first.capacity()).isEqualTo(LARGEST);
        assertThat(allocated.get()).as("the one allocated ahead").isEqualTo(1);
        assertThat(pool.idleBytes()).isEqualTo(LARGEST);

        ByteBuffer second = chunks.take(LARGEST);
        assertThat(second).isNotSameAs(first);
        assertThat(second.capacity()).isEqualTo(LARGEST);
        assertThat(allocated.get())
                .as("the second came from the pool; one more ahead")
                .isEqualTo(2);
        assertThat(pool.idleBytes()).isEqualTo(LARGEST);
        assertThat(chunks.inFlight()).isZero();
    }

    @Test
    void smallerChunksAreNotAllocatedAhead() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Later later = new Later();
        ChunksAhead chunks = new ChunksAhead(pool, later, ByteBuffer::allocateDirect, NOT_FREED);

        for (int size = ChunkGrowth.MIN_CHUNK; size < LARGEST; size *= 2) {
            assertThat(chunks.take(size).capacity()).isEqualTo(size);
        }
        assertThat(later.queued).isEmpty();
        assertThat(pool.idleBytes()).isZero();
    }

    @Test
    void atMostEightMebibytesAreBeingAllocatedAheadAtOnce() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Later later = new Later();
        ChunksAhead chunks = new ChunksAhead(pool, later, ByteBuffer::allocateDirect, NOT_FREED);

        for (int i = 0; i < 5; i++) {
            chunks.take(LARGEST);
        }
        assertThat(later.queued).hasSize((int) (ChunksAhead.MAX_AHEAD / LARGEST));
        assertThat(chunks.inFlight()).isEqualTo(ChunksAhead.MAX_AHEAD);

        later.runAll();
        assertThat(chunks.inFlight()).isZero();
        assertThat(pool.idleBytes()).isEqualTo(ChunksAhead.MAX_AHEAD);
    }

    @Test
    void anAllocationAheadThatRunsOutOfMemoryIsDroppedQuietly() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Later later = new Later();
        ChunksAhead chunks = new ChunksAhead(
                pool,
                later,
                n -> {
                    throw new OutOfMemoryError("Cannot reserve " + n + " bytes of direct buffer memory");
                },
                NOT_FREED);

        assertThat(chunks.take(LARGEST).capacity()).isEqualTo(LARGEST);
        assertThatCode(later::runAll).doesNotThrowAnyException();
        assertThat(chunks.inFlight()).isZero();
        assertThat(pool.idleBytes()).isZero();
    }

    @Test
    void chunksThePoolCannotKeepAreFreedOnTheAllocatingThreadNotTheCallers() {
        Later later = new Later();
        List<ByteBuffer> freed = new ArrayList<>();
        ChunksAhead[] ahead = new ChunksAhead[1];
        ChunkPool pool = new ChunkPool(LARGEST, chunk -> ahead[0].free(chunk));
        ahead[0] = new ChunksAhead(pool, later, ByteBuffer::allocateDirect, freed::add);
        ByteBuffer kept = ByteBuffer.allocateDirect(LARGEST);
        ByteBuffer over = ByteBuffer.allocateDirect(LARGEST);

        assertThat(pool.give(kept)).isTrue();
        assertThat(pool.give(over)).isFalse();
        assertThat(freed).as("nothing freed on the giving thread").isEmpty();
        later.runAll();

        assertThat(freed).hasSize(1);
        assertThat(freed.get(0)).isSameAs(over);
        assertThat(pool.take(LARGEST)).isSameAs(kept);
    }

    @Test
    void aSinkConnectionsChunksOverThePoolLimitAreFreedWhenItCloses() {
        Later later = new Later();
        List<ByteBuffer> freed = new ArrayList<>();
        ChunksAhead[] ahead = new ChunksAhead[1];
        ChunkPool pool = new ChunkPool(1 << 20, chunk -> ahead[0].free(chunk));
        ahead[0] = new ChunksAhead(pool, later, ByteBuffer::allocateDirect, freed::add);
        long[] held = {0};
        AccumulatingProtocol p = new AccumulatingProtocol(pool) {
            @Override
            protected ByteBuffer allocateChunk(int capacity) {
                held[0] += capacity;
                return ahead[0].take(capacity);
            }
        };
        byte[] input = new byte[5 << 20];
        new Random(11).nextBytes(input);
        IBufferedProtocol.deliver(p, input);
        assertThat(p.dataSize()).isEqualTo(input.length);

        p.release();
        later.runAll();

        assertThat(pool.idleBytes()).isPositive().isLessThanOrEqualTo(1 << 20);
        assertThat(freed.stream().mapToLong(ByteBuffer::capacity).sum() + pool.idleBytes())
                .as("every chunk pooled or freed")
                .isEqualTo(held[0]);
    }
}
