package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A transport calls {@code getBuffer} before every read, and {@code bufferUpdated} only when the read
 * returned bytes: an empty read (a spurious wake-up) or the end of the stream lends the buffer and
 * takes nothing. No byte may be lost or doubled, and no chunk stranded, whatever follows.
 */
final class AccumulatingProtocolEmptyReadTest {
    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static void put(AccumulatingProtocol p, byte[] bytes) {
        ByteBuffer buffer = p.getBuffer(bytes.length);
        buffer.put(bytes);
        p.bufferUpdated(bytes.length);
    }

    /** Records every chunk it allocates. */
    private static final class Recording extends AccumulatingProtocol {
        final List<ByteBuffer> allocated = new ArrayList<>();

        Recording() {}

        Recording(ChunkPool pool) {
            super(pool);
        }

        @Override
        protected ByteBuffer allocateChunk(int capacity) {
            ByteBuffer chunk = super.allocateChunk(capacity);
            allocated.add(chunk);
            return chunk;
        }

        long allocatedBytes() {
            return allocated.stream().mapToLong(ByteBuffer::capacity).sum();
        }
    }

    @Test
    void anEmptyReadThenARealOneKeepsExactlyTheBytesReadInTheSameChunk() {
        Recording p = new Recording();
        put(p, ascii("one "));

        ByteBuffer lent = p.getBuffer(65536); // read returned 0: no bufferUpdated
        ByteBuffer again = p.getBuffer(65536);
        again.put(ascii("two"));
        p.bufferUpdated(3);

        assertThat(again).isSameAs(lent);
        assertThat(p.data()).asString(US_ASCII).isEqualTo("one two");
        assertThat(p.allocated).hasSize(1);
    }

    @Test
    void getBufferTwiceWithDifferentHintsHandsOutTheSameFreeSpace() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        put(p, ascii("abc"));

        ByteBuffer small = p.getBuffer(1);
        int position = small.position();
        int remaining = small.remaining();
        ByteBuffer large = p.getBuffer(1 << 20);
        ByteBuffer none = p.getBuffer(-1);

        assertThat(large).isSameAs(small).isSameAs(none);
        assertThat(none.position()).isEqualTo(position).isEqualTo(3);
        assertThat(none.remaining()).isEqualTo(remaining);
        none.put(ascii("d"));
        p.bufferUpdated(1);
        assertThat(p.data()).asString(US_ASCII).isEqualTo("abcd");
    }

    @Test
    void theEndOfStreamAfterAGetBufferLosesNothingAndReleaseReturnsEveryChunk() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Recording p = new Recording(pool);
        p.makeConnection(new StringTransport());
        byte[] input = new byte[AccumulatingProtocol.MIN_CHUNK]; // fills the first chunk exactly
        new Random(7).nextBytes(input);
        put(p, input);

        p.getBuffer(65536); // the read that returns -1: a new chunk is lent, nothing written
        p.connectionLost(new Failure(new ConnectionDone()));

        assertThat(p.dataSize()).isEqualTo(input.length);
        assertThat(p.asInputStream()).hasBinaryContent(input);
        assertThat(p.allocated).hasSize(2);
        p.release();
        assertThat(pool.idleBytes()).as("every chunk taken is back in the pool").isEqualTo(p.allocatedBytes());
    }

    @Test
    void dataReceivedAfterAnEmptyReadLeavesNoEmptyChunkBehind() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Recording p = new Recording(pool);
        put(p, new byte[AccumulatingProtocol.MIN_CHUNK]); // the next getBuffer needs a new chunk

        ByteBuffer lent = p.getBuffer(65536); // an empty read lends a fresh chunk
        p.dataReceived(ascii("xyz")); // then bytes arrive the other way (e.g. after startTLS)
        ByteBuffer next = p.getBuffer(1);
        next.put(ascii("!"));
        p.bufferUpdated(1);

        assertThat(next).as("the lent chunk is filled next, after the array").isSameAs(lent);
        assertThat(p.allocated).hasSize(2);
        assertThat(p.dataSize()).isEqualTo(AccumulatingProtocol.MIN_CHUNK + 4L);
        assertThat(p.chunkCapacity())
                .as("held: the two chunks and the array, no stranded chunk")
                .isEqualTo(p.allocatedBytes() + 3);
        byte[] data = p.data();
        assertThat(new String(data, AccumulatingProtocol.MIN_CHUNK, 4, US_ASCII))
                .isEqualTo("xyz!");
    }

    @Test
    void dataReceivedAfterAnEmptyReadThenTheEndOfStreamGivesEveryChunkBackOnRelease() {
        ChunkPool pool = new ChunkPool(64L << 20);
        Recording p = new Recording(pool);
        p.makeConnection(new StringTransport());
        put(p, new byte[AccumulatingProtocol.MIN_CHUNK]);

        p.getBuffer(65536);
        p.dataReceived(ascii("xyz"));
        p.getBuffer(65536); // the end of the stream
        p.connectionLost(new Failure(new ConnectionDone()));

        assertThat(p.allocated).hasSize(2);
        assertThat(p.chunkCapacity())
                .as("the lent chunk went back to the pool at the close")
                .isEqualTo(p.allocated.get(0).capacity() + 3);
        p.release();
        assertThat(pool.idleBytes()).isEqualTo(p.allocatedBytes());
    }

    @Test
    void dataAfterAnEmptyReadKeepsTheChunkItLentAndCopiesNothing() {
        Recording p = new Recording();
        byte[] input = new byte[AccumulatingProtocol.MIN_CHUNK];
        new Random(8).nextBytes(input);
        put(p, input); // the first, heap chunk, full

        ByteBuffer lent = p.getBuffer(65536);
        byte[] data = p.data();
        ByteBuffer next = p.getBuffer(65536);

        assertThat(data == p.allocated.get(0).array())
                .as("data() is the full heap chunk itself, not a copy")
                .isTrue();
        assertThat(next).as("the chunk lent before data()").isSameAs(lent);
        assertThat(p.allocated).hasSize(2);
        next.put(ascii("more"));
        p.bufferUpdated(4);
        assertThat(p.dataSize()).isEqualTo(input.length + 4L);
        assertThat(new String(p.data(), input.length, 4, US_ASCII)).isEqualTo("more");
    }

    @Test
    void anyMixOfReadsEmptyReadsArraysAndJoinsKeepsEveryByteOnceInOrder() {
        Random random = new Random(20261206L);
        for (int round = 0; round < 200; round++) {
            ChunkPool pool = new ChunkPool(1L << 30);
            Recording p = new Recording(pool);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int step = 0; step < 60; step++) {
                int op = random.nextInt(10);
                if (op < 4) {
                    p.getBuffer(random.nextBoolean() ? 65536 : random.nextInt(100) - 1);
                } else if (op < 8) {
                    ByteBuffer b = p.getBuffer(65536);
                    byte[] bytes = new byte[1 + random.nextInt(Math.min(b.remaining(), 9000))];
                    random.nextBytes(bytes);
                    b.put(bytes);
                    p.bufferUpdated(bytes.length);
                    expected.writeBytes(bytes);
                } else if (op == 8) {
                    byte[] bytes = new byte[1 + random.nextInt(50)];
                    random.nextBytes(bytes);
                    p.dataReceived(bytes.clone());
                    expected.writeBytes(bytes);
                } else {
                    assertThat(p.data()).isEqualTo(expected.toByteArray());
                }
                assertThat(p.dataSize()).isEqualTo(expected.size());
            }
            assertThat(p.data()).as("round %d", round).isEqualTo(expected.toByteArray());
        }
    }
}
