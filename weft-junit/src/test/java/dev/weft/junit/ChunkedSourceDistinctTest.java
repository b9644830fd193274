package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link ChunkedSource} runs each way of cutting the input once, deterministically, and as many times as its Javadoc
 * says; {@link Chunking#splits(int)} lists them so. Before, 2 bytes gave 21 invocations: {@code Split.at(1)} repeated
 * {@code Split.oneByteAtATime()}, and the 16 random splits each repeated one of those or {@code Split.whole()}.
 */
class ChunkedSourceDistinctTest {
    /** The splits the case was given, in order. */
    static final List<Split> SEEN = new ArrayList<>();

    /** The cases; run only through EngineTestKit. */
    @ExtendWith(OnlyInTestKit.class)
    static class Cases {
        @ParameterizedTest
        @ChunkedSource("ab")
        void twoBytes(Split split, byte[] input) {
            SEEN.add(split);
        }
    }

    @Test
    void twoBytesRunWholeAndOneByteAtATimeWithAndWithoutEmptyReadsOnly() {
        SEEN.clear();
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, "twoBytes", Split.class.getName() + ", byte[]"))
                .execute()
                .testEvents();

        assertThat(events.failed().count()).isZero();
        assertThat(events.succeeded().list())
                .extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly(
                        "[1] Split.whole(), 2 bytes",
                        "[2] Split.every(1), 2 bytes",
                        "[3] Split.whole().withEmptyReads(), 2 bytes",
                        "[4] Split.every(1).withEmptyReads(), 2 bytes");
        assertThat(SEEN).hasSize(4);
    }

    /** The count {@link ChunkedSource}'s Javadoc gives for n bytes under the default limits. */
    private static long documentedCount(int n, int randomSplits) {
        if (n <= 1) {
            return n + 1;
        }
        long everyCut = n - 1 < 62 ? 1L << (n - 1) : Long.MAX_VALUE;
        return Math.min(everyCut, n + (n - 1) / 2 + randomSplits) + 2;
    }

    @ParameterizedTest
    @ValueSource(longs = {Chunking.DEFAULT_SEED, 1L, 5L, 42L})
    void eachCutRunsOnceAndNBytesGiveTheDocumentedCount(long seed) {
        for (int n = 0; n <= 80; n++) {
            for (int randomSplits : new int[] {0, 3, Chunking.DEFAULT_RANDOM_SPLITS}) {
                Chunking chunking = Chunking.standard().withRandomSplits(randomSplits, seed);
                assertThat(distinctSplits(chunking, n)).isEqualTo(documentedCount(n, randomSplits));
                // whole, one byte at a time, n - 1 two-piece, every(2), every(3), random, with empty reads
                if (n > 6) {
                    assertThat(distinctSplits(chunking.withMaxFixedSize(3), n)).isEqualTo(n + 3 + randomSplits + 2);
                }
            }
        }
    }

    /** Checks the splits cut pairwise differently and come the same again, and returns how many there are. */
    private static long distinctSplits(Chunking chunking, int n) {
        List<Split> splits = chunking.splits(n).toList();

        byte[] input = new byte[n];
        List<List<Integer>> cuts =
                splits.stream().map(s -> cutOffsets(s, input)).collect(Collectors.toList());
        assertThat(cuts.stream().distinct().count())
                .as("%d bytes, %s: %s", n, chunking, splits)
                .isEqualTo(splits.size());
        assertThat(chunking.splits(n).toList()).as("the same splits again").isEqualTo(splits);
        return splits.size();
    }

    /** Returns where {@code split} cuts {@code input}, and -1 last if it has empty reads. */
    private static List<Integer> cutOffsets(Split split, byte[] input) {
        List<Integer> offsets = new ArrayList<>();
        int at = 0;
        for (byte[] piece : split.pieces(input)) {
            at += piece.length;
            offsets.add(at);
        }
        if (split.hasEmptyReads()) {
            offsets.add(-1);
        }
        return offsets;
    }
}
