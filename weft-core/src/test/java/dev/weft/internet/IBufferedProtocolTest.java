package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class IBufferedProtocolTest {
    /** Hands out buffers of a fixed capacity and collects what is written into them. */
    private static final class Buffered extends Protocol implements IBufferedProtocol {
        final int capacity;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Integer> hints = new ArrayList<>();
        final List<Integer> updates = new ArrayList<>();
        int dataReceivedCalls;
        private ByteBuffer buffer;

        Buffered(int capacity) {
            this.capacity = capacity;
            this.buffer = ByteBuffer.allocate(capacity);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            hints.add(sizeHint);
            if (!buffer.hasRemaining()) {
                buffer = ByteBuffer.allocate(capacity);
            }
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            updates.add(nbytes);
            received.write(buffer.array(), buffer.position() - nbytes, nbytes);
        }

        @Override
        public void dataReceived(byte[] data) {
            dataReceivedCalls++;
            received.writeBytes(data);
        }
    }

    /** Records the arrays it receives. */
    private static final class Plain extends Protocol {
        final List<byte[]> chunks = new ArrayList<>();

        @Override
        public void dataReceived(byte[] data) {
            chunks.add(data);
        }
    }

    @Test
    void deliverToAPlainProtocolCallsDataReceivedOnceWithTheSameArray() {
        Plain p = new Plain();
        byte[] data = {1, 2, 3};

        IBufferedProtocol.deliver(p, data);

        assertThat(p.chunks).hasSize(1);
        assertThat(p.chunks.get(0)).isSameAs(data);
    }

    @Test
    void deliverToABufferedProtocolFillsItsBuffersInsteadOfCallingDataReceived() {
        Buffered p = new Buffered(3);

        IBufferedProtocol.deliver(p, "abcdefgh".getBytes());

        assertThat(p.received.toString()).isEqualTo("abcdefgh");
        assertThat(p.updates).containsExactly(3, 3, 2);
        assertThat(p.hints).containsExactly(8, 5, 2);
        assertThat(p.dataReceivedCalls).isZero();
    }

    @Test
    void deliverWritesFromTheBuffersPositionAndLeavesTheLimit() {
        ByteBuffer buffer = ByteBuffer.allocate(10);
        buffer.position(4).limit(8);
        List<String> seen = new ArrayList<>();
        IBufferedProtocol p = new BufferedStub(buffer, seen);

        IBufferedProtocol.deliver(p, new byte[] {9, 8, 7});

        assertThat(buffer.position()).isEqualTo(7);
        assertThat(buffer.limit()).isEqualTo(8);
        assertThat(buffer.get(4)).isEqualTo((byte) 9);
        assertThat(buffer.get(6)).isEqualTo((byte) 7);
        assertThat(seen).containsExactly("getBuffer(3)", "bufferUpdated(3)");
    }

    @Test
    void deliverOfAnEmptyArrayCallsNothing() {
        Buffered buffered = new Buffered(4);
        Plain plain = new Plain();

        IBufferedProtocol.deliver(buffered, new byte[0]);
        IBufferedProtocol.deliver(plain, new byte[0]);

        assertThat(buffered.hints).isEmpty();
        assertThat(plain.chunks).isEmpty();
    }

    @Test
    void deliverRejectsABufferWithNoSpaceRemaining() {
        ByteBuffer full = ByteBuffer.allocate(2);
        full.position(2);
        IBufferedProtocol p = new BufferedStub(full, new ArrayList<>());

        assertThatThrownBy(() -> IBufferedProtocol.deliver(p, new byte[] {1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BufferedStub")
                .hasMessageContaining("no space remaining");
    }

    @Property
    void deliverPassesEveryByteInOrderWhateverTheBufferSize(
            @ForAll byte[] data, @ForAll @IntRange(min = 1, max = 64) int capacity) {
        Buffered p = new Buffered(capacity);

        IBufferedProtocol.deliver(p, data.clone());

        assertThat(p.received.toByteArray()).isEqualTo(data);
        assertThat(p.updates).allMatch(n -> n >= 1 && n <= capacity);
    }

    /** Returns one given buffer and records the calls. */
    private static final class BufferedStub extends Protocol implements IBufferedProtocol {
        private final ByteBuffer buffer;
        private final List<String> seen;

        BufferedStub(ByteBuffer buffer, List<String> seen) {
            this.buffer = buffer;
            this.seen = seen;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            seen.add("getBuffer(" + sizeHint + ")");
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            seen.add("bufferUpdated(" + nbytes + ")");
        }
    }
}
