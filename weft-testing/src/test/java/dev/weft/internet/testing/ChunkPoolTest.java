package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.buffer.ChunkPool;
import dev.weft.internet.IBufferedProtocol;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a {@link ChunkPool} keeps released chunks, and how {@link AccumulatingProtocol} uses one. */
final class ChunkPoolTest {
    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Every chunk the protocol holds, in order (its data read through writeTo). */
    private static List<ByteBuffer> chunksOf(AccumulatingProtocol p) throws Exception {
        List<ByteBuffer> seen = new ArrayList<>();
        p.writeTo(new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                seen.add(src);
                int n = src.remaining();
                src.position(src.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        });
        return seen;
    }

    @Test
    void anEmptyPoolHandsOutNewDirectChunksOfTheSizeAsked() {
        ChunkPool pool = new ChunkPool(1 << 20);

        ByteBuffer chunk = pool.take(16384);

        assertThat(chunk.isDirect()).isTrue();
        assertThat(chunk.capacity()).isEqualTo(16384);
        assertThat(chunk.position()).isZero();
        assertThat(chunk.limit()).isEqualTo(16384);
        assertThat(pool.idleBytes()).isZero();
    }

    @Test
    void aChunkGivenBackIsHandedOutAgainClearedForTheSameSizeOnly() {
        ChunkPool pool = new ChunkPool(1 << 20);
        ByteBuffer chunk = pool.take(16384);
        chunk.position(100).limit(200);

        assertThat(pool.give(chunk)).isTrue();
        assertThat(pool.idleBytes()).isEqualTo(16384);
        ByteBuffer other = pool.take(32768);
        ByteBuffer again = pool.take(16384);

        assertThat(other).isNotSameAs(chunk);
        assertThat(again).isSameAs(chunk);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(16384);
        assertThat(pool.idleBytes()).isZero();
    }

    @Test
    void thePoolKeepsNoMoreThanItsLimitNorHeapOrReadOnlyBuffers() {
        ChunkPool pool = new ChunkPool(40_000);

        assertThat(pool.give(ByteBuffer.allocateDirect(16384))).isTrue();
        assertThat(pool.give(ByteBuffer.allocateDirect(16384))).isTrue();
        assertThat(pool.give(ByteBuffer.allocateDirect(16384)))
                .as("over the limit")
                .isFalse();
        assertThat(pool.give(ByteBuffer.allocate(10))).as("a heap buffer").isFalse();
        assertThat(pool.give(ByteBuffer.allocateDirect(10).asReadOnlyBuffer()))
                .as("read-only")
                .isFalse();
        assertThat(pool.idleBytes()).isEqualTo(32768);
        assertThat(new ChunkPool(0).give(ByteBuffer.allocateDirect(1))).isFalse();
        assertThat(pool).hasToString("ChunkPool[32768 of 40000 bytes idle]");
    }

    @Test
    void aDirectChunkThatDoesNotFitGoesToTheOverflowHandler() {
        List<ByteBuffer> overflowed = new ArrayList<>();
        ChunkPool pool = new ChunkPool(40_000, overflowed::add);
        ByteBuffer third = ByteBuffer.allocateDirect(16384);

        assertThat(pool.give(ByteBuffer.allocateDirect(16384))).isTrue();
        assertThat(pool.give(ByteBuffer.allocateDirect(16384))).isTrue();
        assertThat(pool.give(third)).as("over the limit").isFalse();
        assertThat(pool.give(ByteBuffer.allocate(10))).as("a heap buffer").isFalse();
        assertThat(pool.give(ByteBuffer.allocateDirect(10).asReadOnlyBuffer()))
                .as("read-only")
                .isFalse();

        assertThat(overflowed).as("only the direct chunk over the limit").hasSize(1);
        assertThat(overflowed.get(0)).isSameAs(third);
        assertThat(pool.idleBytes()).isEqualTo(32768);
    }

    @Test
    void releaseHandsTheOverflowWhatThePoolCannotKeep() {
        List<ByteBuffer> overflowed = new ArrayList<>();
        ChunkPool pool = new ChunkPool(100_000, overflowed::add);
        Recording p = new Recording(pool);
        IBufferedProtocol.deliver(p, random(1_500_000, 7));
        long capacity = p.chunkCapacity();

        p.release();

        Set<ByteBuffer> handed = Collections.newSetFromMap(new IdentityHashMap<>());
        handed.addAll(overflowed);
        assertThat(pool.idleBytes()).isPositive().isLessThanOrEqualTo(100_000);
        assertThat(overflowed.stream().mapToLong(ByteBuffer::capacity).sum() + pool.idleBytes())
                .as("every chunk either pooled or overflowed")
                .isEqualTo(capacity);
        assertThat(p.allocated.stream().filter(handed::contains).count()).isEqualTo(overflowed.size());
    }

    @Test
    void badArgumentsAreRefusedWithWhatToGive() {
        assertThatThrownBy(() -> new ChunkPool(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdleBytes is -1");
        assertThatThrownBy(() -> new ChunkPool(10, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> new ChunkPool(10).take(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity is 0");
    }

    @Test
    void aProtocolWithAPoolTakesEveryChunkFromItEvenTheFirst() throws Exception {
        ChunkPool pool = new ChunkPool(64L << 20);
        AccumulatingProtocol p = new AccumulatingProtocol(pool);
        byte[] input = random(200_000, 1);

        IBufferedProtocol.deliver(p, input.clone());

        assertThat(chunksOf(p)).allMatch(ByteBuffer::isDirect).hasSize(13);
        assertThat(p.data()).isEqualTo(input);
    }

    /** Records the chunks it allocates. */
    private static final class Recording extends AccumulatingProtocol {
        final List<ByteBuffer> allocated = new ArrayList<>();

        Recording(ChunkPool pool) {
            super(pool);
        }

        @Override
        protected ByteBuffer allocateChunk(int capacity) {
            ByteBuffer chunk = super.allocateChunk(capacity);
            allocated.add(chunk);
            return chunk;
        }
    }

    @Test
    void releaseGivesTheChunksBackAndTheNextConnectionReusesThem() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Recording first = new Recording(pool);
        IBufferedProtocol.deliver(first, random(1_500_000, 2));
        long capacity = first.chunkCapacity();

        first.release();
        long idleAfterRelease = pool.idleBytes();
        Recording second = new Recording(pool);
        byte[] input = random(1_500_000, 3);
        IBufferedProtocol.deliver(second, input.clone());

        assertThat(first.dataSize()).isZero();
        assertThat(first.data()).isEmpty();
        assertThat(idleAfterRelease).isEqualTo(capacity);
        assertThat(pool.idleBytes()).isZero();
        Set<ByteBuffer> firstChunks = Collections.newSetFromMap(new IdentityHashMap<>());
        firstChunks.addAll(first.allocated);
        assertThat(second.allocated).hasSameSizeAs(first.allocated).allMatch(firstChunks::contains);
        assertThat(second.data()).isEqualTo(input);
    }

    @Test
    void aReleasedProtocolHoldsWhatArrivesLaterFromTheStart() {
        ChunkPool pool = new ChunkPool(1 << 20);
        AccumulatingProtocol p = new AccumulatingProtocol(pool);
        IBufferedProtocol.deliver(p, random(50_000, 4));
        byte[] kept = p.data();

        p.release();
        IBufferedProtocol.deliver(p, "after".getBytes(US_ASCII));

        assertThat(p.data()).asString(US_ASCII).isEqualTo("after");
        assertThat(kept).isEqualTo(random(50_000, 4));
    }

    @Test
    void chunksThatDataJoinedAreLeftToTheCollectorNotPooled() {
        ChunkPool pool = new ChunkPool(1 << 20);
        AccumulatingProtocol p = new AccumulatingProtocol(pool);
        IBufferedProtocol.deliver(p, random(50_000, 6));

        p.data();
        p.release();

        assertThat(pool.idleBytes()).isZero();
    }

    @Test
    void releaseWithoutAPoolOnlyDropsTheBytes() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        IBufferedProtocol.deliver(p, random(100_000, 5));

        p.release();

        assertThat(p.dataSize()).isZero();
        assertThat(p.chunkCapacity()).isZero();
    }

    @Test
    void protocolsOnOneThreadAndReleasesOnAnotherShareThePoolSafely() throws Exception {
        ChunkPool pool = new ChunkPool(8L << 20);
        ExecutorService releaser = Executors.newSingleThreadExecutor();
        try {
            List<Future<?>> releases = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(200);
            for (int i = 0; i < 200; i++) {
                AccumulatingProtocol p = new AccumulatingProtocol(pool);
                byte[] input = random(40_000 + i, i);
                IBufferedProtocol.deliver(p, input.clone());
                assertThat(p.asInputStream().readAllBytes())
                        .as("connection %d", i)
                        .isEqualTo(input);
                releases.add(releaser.submit(() -> {
                    p.release();
                    done.countDown();
                }));
            }
            assertThat(done.await(1, TimeUnit.MINUTES)).isTrue();
            for (Future<?> f : releases) {
                f.get();
            }
        } finally {
            releaser.shutdownNow();
        }
        assertThat(pool.idleBytes()).isBetween(1L, 8L << 20);
    }
}
