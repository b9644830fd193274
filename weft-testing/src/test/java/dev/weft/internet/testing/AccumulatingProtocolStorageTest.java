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
    void chunksStartAtSixteenKibibytesAndGrowWithWhatIsHeld() {
        AccumulatingProtocol p = new AccumulatingProtocol();
        assertThat(p.getBuffer(-1).remaining()).isEqualTo(16 * 1024);

        put(p, random(16 * 1024, 2));
        put(p, random(16 * 1024, 3));
        put(p, random(32 * 1024, 4));

        assertThat(p.getBuffer(1).remaining()).isEqualTo(64 * 1024);
    }

    @Test
    void aLargeSizeHintGetsAChunkOfThatSizeUpToTheCap() {
        AccumulatingProtocol big = new AccumulatingProtocol();
        AccumulatingProtocol huge = new AccumulatingProtocol();

        assertThat(big.getBuffer(100_000).remaining()).isEqualTo(100_000);
        assertThat(huge.getBuffer(64 * 1024 * 1024).remaining()).isEqualTo(AccumulatingProtocol.MAX_CHUNK);
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
        List<byte[]> arraysSeen = new ArrayList<>();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WritableByteChannel target = Channels.newChannel(sink);
        WritableByteChannel recorder = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                arraysSeen.add(src.array());
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
        assertThat(arraysSeen).hasSize(2);
        assertThat(arraysSeen.get(0)).isSameAs(chunk);
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
