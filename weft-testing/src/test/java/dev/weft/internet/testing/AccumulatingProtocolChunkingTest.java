package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.Protocol;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** AccumulatingProtocol fed random data in every chunking the harness offers. */
final class AccumulatingProtocolChunkingTest {
    private static final int MIB = 1024 * 1024;

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Supplier<AccumulatingProtocol> connected() {
        return () -> {
            AccumulatingProtocol p = new AccumulatingProtocol();
            p.makeConnection(new StringTransport());
            return p;
        };
    }

    private static void assertHoldsExactly(AccumulatingProtocol p, byte[] input) {
        assertThat(p.isMade()).isTrue();
        assertThat(p.dataSize()).isEqualTo(input.length);
        // Arrays.equals rather than AssertJ: a mismatch is reported by the harness with the split.
        int mismatch = Arrays.mismatch(p.data(), input);
        assertThat(mismatch).as("first differing index").isEqualTo(-1);
    }

    @Test
    void oneMebibyteArrivesIntactWholeOneByteAtATimeInEveryPieceSizeUpTo4096AndInRandomPieces() {
        byte[] input = random(MIB, 1);
        Chunking chunking = Chunking.standard().withMaxSplitPoints(0).withMaxFixedSize(4096);
        int[] runs = {0};

        chunking.run(input, connected(), (split, p) -> {
            assertHoldsExactly(p, input);
            runs[0]++;
        });

        // whole + one byte at a time + sizes 2..4096 + 16 random splits + the first two with empty reads
        assertThat(runs[0]).isEqualTo(2 + 4095 + Chunking.DEFAULT_RANDOM_SPLITS + 2);
    }

    @Test
    void sixteenKibibytesArriveIntactSplitInTwoAtEveryOffset() {
        byte[] input = random(16 * 1024, 2);
        Chunking chunking = Chunking.standard().withMaxSplitPoints(Integer.MAX_VALUE);

        chunking.run(input, connected(), (split, p) -> assertHoldsExactly(p, input));

        assertThat(chunking.splits(input.length).filter(s -> s.toString().startsWith("Split.at(")))
                .hasSize(input.length - 1);
    }

    @Test
    void oneMebibyteThroughDataReceivedOneByteAtATimeKeepsEveryArray() {
        byte[] input = random(MIB, 3);
        AccumulatingProtocol p = connected().get();

        for (byte b : input) {
            p.dataReceived(new byte[] {b});
        }

        assertHoldsExactly(p, input);
    }

    /** A plain protocol that checks each piece against the input as it arrives. */
    private static final class Comparing extends Protocol {
        private final byte[] input;
        private int offset;

        Comparing(byte[] input) {
            this.input = input;
        }

        @Override
        public void dataReceived(byte[] data) {
            assertThat(data).isNotSameAs(input);
            assertThat(data).isEqualTo(Arrays.copyOfRange(input, offset, offset + data.length));
            offset += data.length;
        }
    }

    @Test
    void aPlainProtocolGetsAFreshArrayForEveryPieceInOrder() {
        byte[] input = random(1000, 4);

        Chunking.forEach(
                input,
                () -> new Comparing(input),
                (split, p) -> assertThat(p.offset).isEqualTo(input.length));
    }
}
