package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IBufferedProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How AccumulatingProtocol holds its bytes: linear chunks, no re-copying, views that copy nothing.
 * Some tests change a chunk after handing it over (which the contract forbids) only to prove that
 * the protocol holds that very array rather than a copy.
 */
final class AccumulatingProtocolStorageTest {
    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

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

    @Test
    void dataReceivedKeepsTheCallersArrayWithoutCopying() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] chunk = ascii("abc");

        p.dataReceived(chunk);
        chunk[0] = 'X';

        assertThat(p.data()).isSameAs(chunk).isEqualTo(ascii("Xbc"));
    }

    @Test
    void dataIsJoinedOnceAndTheSameArrayIsReturnedUntilMoreDataArrives() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.dataReceived(ascii("foo"));
        p.dataReceived(ascii("bar"));

        byte[] first = p.data();
        byte[] again = p.data();
        p.dataReceived(ascii("baz"));
        byte[] extended = p.data();

        assertThat(again).isSameAs(first);
        assertThat(first).isEqualTo(ascii("foobar"));
        assertThat(extended).isEqualTo(ascii("foobarbaz"));
        assertThat(p.data()).isSameAs(extended);
    }

    @Test
    void getBufferHandsOutTheFreeSpaceOfTheCurrentChunkUntilItIsFull() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        ByteBuffer first = p.getBuffer(-1);
        first.put(ascii("ab"));
        p.bufferUpdated(2);
        ByteBuffer second = p.getBuffer(-1);

        assertThat(first.remaining()).isEqualTo(AccumulatingProtocol.MIN_CHUNK - 2);
        assertThat(second.array()).isSameAs(first.array());
        assertThat(second.position()).isEqualTo(2);
        assertThat(second.remaining()).isEqualTo(AccumulatingProtocol.MIN_CHUNK - 2);
    }

    @Test
    void bytesStayInTheChunkTheyWereReadIntoAsMoreChunksAreAdded() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        ByteBuffer first = p.getBuffer(-1);
        byte[] firstChunk = first.array();
        first.put(ascii("hello"));
        p.bufferUpdated(5);
        byte[] rest = random(3 * AccumulatingProtocol.MIN_CHUNK, 1);

        IBufferedProtocol.deliver(p, rest.clone());
        firstChunk[0] = 'J';

        assertThat(p.dataSize()).isEqualTo(5 + rest.length);
        assertThat(new String(p.data(), 0, 5, US_ASCII)).isEqualTo("Jello");
    }

    @Test
    void getBufferHandsOutTheChunkItselfSoNothingIsAllocatedPerRead() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        ByteBuffer first = p.getBuffer(-1);
        first.put(ascii("abc"));
        p.bufferUpdated(3);
        ByteBuffer second = p.getBuffer(-1);

        assertThat(second).isSameAs(first);
        assertThat(second.position()).isEqualTo(3);
        assertThat(second.limit()).isEqualTo(second.capacity());
    }

    @Test
    void getBufferRestoresTheLimitACallerNarrowed() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        ByteBuffer buffer = p.getBuffer(-1);
        buffer.limit(1).put((byte) 'a');
        p.bufferUpdated(1);

        assertThat(p.getBuffer(-1).remaining()).isEqualTo(AccumulatingProtocol.MIN_CHUNK - 1);
    }

    @Test
    void theFirstChunkIsAHeapArrayAndEveryLaterChunkIsDirect() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        ByteBuffer first = p.getBuffer(-1);
        put(p, random(first.remaining(), 2));
        ByteBuffer second = p.getBuffer(-1);
        put(p, random(second.remaining(), 3));
        ByteBuffer third = p.getBuffer(-1);

        assertThat(first.isDirect()).isFalse();
        assertThat(first.capacity()).isEqualTo(16 * 1024);
        assertThat(second.isDirect()).isTrue();
        assertThat(third.isDirect()).isTrue();
        assertThat(third).isNotSameAs(second);
    }

    @Test
    void chunksStartAtSixteenKibibytesAndGrowByAThirtySecondOfWhatIsHeldRoundedDownToAPowerOfTwo() {
        assertThat(AccumulatingProtocol.nextChunkSize(0)).isEqualTo(16 * 1024);
        assertThat(AccumulatingProtocol.nextChunkSize(512 * 1024)).isEqualTo(16 * 1024);
        assertThat(AccumulatingProtocol.nextChunkSize(1024 * 1024 - 1)).isEqualTo(16 * 1024);
        assertThat(AccumulatingProtocol.nextChunkSize(1024 * 1024)).isEqualTo(32 * 1024);
        assertThat(AccumulatingProtocol.nextChunkSize(2 * 1024 * 1024 - 1)).isEqualTo(32 * 1024);
        assertThat(AccumulatingProtocol.nextChunkSize(64L << 20)).isEqualTo(2 << 20);
        assertThat(AccumulatingProtocol.nextChunkSize(128L << 20)).isEqualTo(AccumulatingProtocol.MAX_CHUNK);
        assertThat(AccumulatingProtocol.nextChunkSize(1L << 40)).isEqualTo(4 << 20);
    }

    @Test
    void theChunksNeverHoldMoreThanAThirtySecondOverWhatArrived() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] read = random(65536, 4);

        while (p.dataSize() < (32L << 20)) {
            ByteBuffer buffer = p.getBuffer(read.length);
            int n = Math.min(read.length, buffer.remaining());
            buffer.put(read, 0, n);
            p.bufferUpdated(n);
            long held = p.dataSize();
            assertThat(p.chunkCapacity())
                    .as("capacity with %d bytes held", held)
                    .isLessThanOrEqualTo(held + Math.max(AccumulatingProtocol.MIN_CHUNK, held / 32));
        }
    }

    @Test
    void theSizeHintDoesNotSizeTheChunks() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        assertThat(p.getBuffer(64 * 1024 * 1024).remaining()).isEqualTo(AccumulatingProtocol.MIN_CHUNK);
    }

    @Test
    void allocateChunkCanKeepEveryChunkOnTheHeap() {
        List<Integer> asked = new ArrayList<>();
        AccumulatingProtocol p = new AccumulatingProtocol() {
            @Override
            protected ByteBuffer allocateChunk(int capacity) {
                asked.add(capacity);
                return ByteBuffer.allocate(capacity);
            }
        };
        byte[] input = random(3 * AccumulatingProtocol.MIN_CHUNK + 5, 6);

        IBufferedProtocol.deliver(p, input.clone());

        assertThat(asked).containsExactly(16 * 1024, 16 * 1024, 16 * 1024, 16 * 1024);
        assertThat(p.data()).isEqualTo(input);
    }

    @Test
    void anUnusableChunkFromAllocateChunkIsRefusedWithTheReason() {
        AccumulatingProtocol p = new AccumulatingProtocol() {
            @Override
            protected ByteBuffer allocateChunk(int capacity) {
                return ByteBuffer.allocate(capacity).asReadOnlyBuffer();
            }
        };

        assertThatThrownBy(() -> p.getBuffer(-1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allocateChunk(16384)")
                .hasMessageContaining("writable buffer with position 0");
    }

    @Test
    void directChunksReadBackWholeThroughEveryView() throws IOException {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] input = random(300_000, 7);
        Split.random(8).deliver(input, p);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ByteArrayOutputStream transferred = new ByteArrayOutputStream();
        ByteArrayOutputStream channelled = new ByteArrayOutputStream();

        assertThat(p.writeTo(streamed)).isEqualTo(input.length);
        assertThat(p.asInputStream().transferTo(transferred)).isEqualTo(input.length);
        assertThat(p.writeTo(Channels.newChannel(channelled))).isEqualTo(input.length);
        InputStream in = p.asInputStream();
        byte[] head = new byte[20_000];
        assertThat(in.read(head, 0, head.length)).isEqualTo(head.length);
        assertThat(in.skip(200_000)).isEqualTo(200_000);
        assertThat(in.read()).isEqualTo(input[220_000] & 0xff);

        assertThat(streamed.toByteArray()).isEqualTo(input);
        assertThat(transferred.toByteArray()).isEqualTo(input);
        assertThat(channelled.toByteArray()).isEqualTo(input);
        assertThat(head).isEqualTo(Arrays.copyOf(input, head.length));
        assertThat(p.data()).isEqualTo(input);
    }

    @Test
    void bufferUpdatedWithoutGetBufferThrows() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        assertThatThrownBy(() -> p.bufferUpdated(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call getBuffer");
    }

    @Test
    void bufferUpdatedTwiceForOneBufferThrows() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        put(p, ascii("a"));

        assertThatThrownBy(() -> p.bufferUpdated(1)).isInstanceOf(IllegalStateException.class);
        assertThat(p.data()).isEqualTo(ascii("a"));
    }

    @Test
    void bufferUpdatedOutsideOneToRemainingThrows() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        ByteBuffer buffer = p.getBuffer(-1);
        int remaining = buffer.remaining();

        assertThatThrownBy(() -> p.bufferUpdated(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.bufferUpdated(remaining + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(remaining));
        assertThat(p.dataSize()).isZero();
    }

    @Test
    void bufferUpdatedThatDoesNotMatchTheBuffersPositionThrows() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        ByteBuffer buffer = p.getBuffer(-1);
        buffer.put(ascii("abc"));

        assertThatThrownBy(() -> p.bufferUpdated(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moved by 3");
    }

    @Test
    void dataReceivedBetweenGetBufferAndBufferUpdatedInvalidatesTheBuffer() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        ByteBuffer buffer = p.getBuffer(-1);
        buffer.put(ascii("x"));

        p.dataReceived(ascii("y"));

        assertThatThrownBy(() -> p.bufferUpdated(1)).isInstanceOf(IllegalStateException.class);
        assertThat(p.data()).isEqualTo(ascii("y"));
    }

    @Test
    void bothDeliveryPathsMixInOrder() {
        AccumulatingProtocol p = new AccumulatingProtocol();

        put(p, ascii("one "));
        p.dataReceived(ascii("two "));
        put(p, ascii("three "));
        p.data();
        put(p, ascii("four"));

        assertThat(new String(p.data(), US_ASCII)).isEqualTo("one two three four");
    }

    @Test
    void inputStreamReadsTheHeldChunksInPlaceAndIgnoresLaterData() throws IOException {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] first = ascii("abc");
        p.dataReceived(first);
        put(p, ascii("defg"));
        InputStream in = p.asInputStream();
        first[1] = 'B';
        p.dataReceived(ascii("later"));

        assertThat(in.available()).isEqualTo(7);
        assertThat(in.read()).isEqualTo('a');
        byte[] two = new byte[2];
        assertThat(in.read(two, 0, 2)).isEqualTo(2);
        assertThat(two).isEqualTo(ascii("Bc"));
        assertThat(in.skip(1)).isEqualTo(1);
        assertThat(in.readAllBytes()).isEqualTo(ascii("efg"));
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(two, 0, 2)).isEqualTo(-1);
        assertThat(in.read(two, 0, 0)).isZero();
    }

    @Test
    void inputStreamTransferToWritesStraightFromTheChunks() throws IOException {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] chunk = ascii("payload");
        p.dataReceived(chunk);
        List<byte[]> arraysSeen = new ArrayList<>();
        OutputStream recorder = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("byte-at-a-time write");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                arraysSeen.add(b);
            }
        };

        assertThat(p.asInputStream().transferTo(recorder)).isEqualTo(7);
        assertThat(arraysSeen).singleElement().isSameAs(chunk);
    }

    @Test
    void writeToChannelWritesEveryByteFromTheChunksThemselves() throws IOException {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] chunk = ascii("hello ");
        p.dataReceived(chunk);
        put(p, ascii("world"));
        List<ByteBuffer> buffersSeen = new ArrayList<>();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WritableByteChannel target = Channels.newChannel(sink);
        WritableByteChannel recorder = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                buffersSeen.add(src);
                return target.write(src);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };

        long written = p.writeTo(recorder);

        assertThat(written).isEqualTo(11);
        assertThat(sink.toString(US_ASCII)).isEqualTo("hello world");
        assertThat(buffersSeen).hasSize(2);
        assertThat(buffersSeen.get(0).array()).isSameAs(chunk);
        assertThat(buffersSeen.get(1).isDirect())
                .as("the direct chunk itself, not a heap copy")
                .isTrue();
    }

    @Test
    void writeToOutputStreamWritesEveryByte() throws IOException {
        AccumulatingProtocol p = new AccumulatingProtocol();
        byte[] input = random(100_000, 5);
        Split.random(7).deliver(input, p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(p.writeTo(out)).isEqualTo(input.length);
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void writeToANonBlockingChannelIsRefused() throws IOException {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.dataReceived(ascii("x"));
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink();
                Pipe.SourceChannel source = pipe.source()) {
            sink.configureBlocking(false);

            assertThatThrownBy(() -> p.writeTo(sink))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-blocking");
        }
    }
}
