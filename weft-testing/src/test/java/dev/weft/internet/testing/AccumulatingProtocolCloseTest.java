package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * At {@code connectionLost} a protocol lets go of the space no byte will fill: a server that keeps its closed
 * connections for the test to read (weft-fixture's {@code SinkServer}) holds their bytes, not a free 16 KiB chunk each.
 */
final class AccumulatingProtocolCloseTest {
    private static final Failure DONE = new Failure(new ConnectionDone());

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void put(AccumulatingProtocol p, byte[] bytes) {
        ByteBuffer buffer = p.getBuffer(bytes.length);
        buffer.put(bytes);
        p.bufferUpdated(bytes.length);
    }

    private static AccumulatingProtocol connected() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        return p;
    }

    @Test
    void aConnectionThatSentNothingHoldsNoChunkOnceClosed() {
        AccumulatingProtocol p = connected();
        p.getBuffer(65536); // the read that returns -1 lends a chunk and fills nothing

        p.connectionLost(DONE);

        assertThat(p.chunkCapacity()).isZero();
        assertThat(p.data()).isEmpty();
        assertThat(p.isClosed()).isTrue();
    }

    @Test
    void aFewBytesReadIntoTheFirstChunkAreKeptInAnArrayOfTheirSize() throws IOException {
        AccumulatingProtocol p = connected();
        put(p, "hello\n".getBytes(US_ASCII));
        InputStream before = p.asInputStream();
        p.getBuffer(65536);

        p.connectionLost(DONE);

        assertThat(p.chunkCapacity()).isEqualTo(6);
        assertThat(p.data()).asString(US_ASCII).isEqualTo("hello\n");
        assertThat(before)
                .as("a stream taken before the close still reads the bytes")
                .hasContent("hello\n");
    }

    @Test
    void everySplitWholeAndOneByteAtATimeIsKeptIntactInExactlyItsBytes() {
        byte[] input = random(1000, 11);
        Chunking every = Chunking.standard().withMaxSplitPoints(Integer.MAX_VALUE);

        every.run(input, AccumulatingProtocolCloseTest::connected, (split, p) -> assertClosedHoldsExactly(p, input));
    }

    @Test
    void bytesPastTheFirstChunkAreKeptIntactInExactlyTheirBytesInEveryChunking() {
        byte[] input = random(AccumulatingProtocol.MIN_CHUNK + 700, 12); // fills the first chunk, starts a direct one

        Chunking.standard()
                .run(input, AccumulatingProtocolCloseTest::connected, (split, p) -> assertClosedHoldsExactly(p, input));
    }

    private static void assertClosedHoldsExactly(AccumulatingProtocol p, byte[] input) {
        p.connectionLost(DONE);
        assertThat(p.chunkCapacity()).isEqualTo(input.length);
        assertThat(Arrays.mismatch(p.data(), input)).as("first differing index").isEqualTo(-1);
    }

    @Test
    void aPoolGetsTheLentEmptyChunkBackAtTheCloseAndKeepsThePartlyFilledOneForRelease() {
        ChunkPool pool = new ChunkPool(64L << 20);
        AccumulatingProtocol empty = new AccumulatingProtocol(pool);
        empty.makeConnection(new StringTransport());
        ByteBuffer lent = empty.getBuffer(1);

        empty.connectionLost(DONE);

        assertThat(pool.idleBytes()).isEqualTo(lent.capacity());
        assertThat(empty.chunkCapacity()).isZero();

        AccumulatingProtocol some = new AccumulatingProtocol(pool);
        some.makeConnection(new StringTransport());
        put(some, "abc".getBytes(US_ASCII)); // takes the idle chunk back
        some.getBuffer(1);
        some.connectionLost(DONE);

        assertThat(some.chunkCapacity()).as("the pool's chunk, not copied").isEqualTo(lent.capacity());
        assertThat(some.asInputStream()).hasContent("abc");
        some.release();
        assertThat(pool.idleBytes()).isEqualTo(lent.capacity());
    }

    @Test
    void bytesDeliveredAfterTheCloseAreStillKept() {
        AccumulatingProtocol p = connected();
        put(p, "ab".getBytes(US_ASCII));
        p.connectionLost(DONE);

        put(p, "cd".getBytes(US_ASCII));
        p.dataReceived("ef".getBytes(US_ASCII));

        assertThat(p.data()).asString(US_ASCII).isEqualTo("abcdef");
    }
}
