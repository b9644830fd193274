package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The harness itself: which splits it tries, and how it reports a failure. */
final class ChunkingTest {
    private static List<String> names(Chunking chunking, int length) {
        return chunking.splits(length).map(Split::toString).collect(Collectors.toList());
    }

    /** Breaks when a given byte arrives as the first byte of a piece: a typical chunking bug. */
    private static final class BrokenAtPieceStart extends Protocol {
        private final byte poison;
        int received;

        BrokenAtPieceStart(byte poison) {
            this.poison = poison;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (data[0] == poison && data.length < 4) {
                throw new IllegalStateException("lost track at a piece boundary");
            }
            received += data.length;
        }
    }

    @Test
    void aSmallInputGetsWholeOneByteEverySplitPointEveryPieceSizeRandomSplitsAndEmptyReadsInThatOrder() {
        Chunking chunking = Chunking.standard().withRandomSplits(2, 7L);

        List<String> names = names(chunking, 5);

        // every(3) and every(4) of 5 bytes cut once, as at(3) and at(4): left out
        assertThat(names.subList(0, 7))
                .containsExactly(
                        "Split.whole()",
                        "Split.every(1)",
                        "Split.at(1)",
                        "Split.at(2)",
                        "Split.at(3)",
                        "Split.at(4)",
                        "Split.every(2)");
        assertThat(names).hasSize(11);
        assertThat(names.subList(7, 9)).allSatisfy(name -> assertThat(name).startsWith("Split.random("));
        assertThat(names.subList(9, 11))
                .containsExactly("Split.whole().withEmptyReads()", "Split.every(1).withEmptyReads()");
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
    }

    @Test
    void aSplitCuttingWhereAnEarlierOneDidIsLeftOut() {
        // Split.at(1) of 2 bytes is one byte at a time, and 2 bytes can be cut no other way: no random split
        assertThat(names(Chunking.standard(), 2))
                .containsExactly(
                        "Split.whole()",
                        "Split.every(1)",
                        "Split.whole().withEmptyReads()",
                        "Split.every(1).withEmptyReads()");
        // 3 bytes have 4 ways to cut, all taken before the random splits (every(2) is at(2)): none is added
        assertThat(names(Chunking.standard().withRandomSplits(5, 3L).withEmptyReads(false), 3))
                .containsExactly("Split.whole()", "Split.every(1)", "Split.at(1)", "Split.at(2)");
        // every(2) and every(3) of 4 bytes cut once
        assertThat(names(Chunking.standard().withRandomSplits(0, 3L).withEmptyReads(false), 4))
                .containsExactly("Split.whole()", "Split.every(1)", "Split.at(1)", "Split.at(2)", "Split.at(3)");
    }

    @Test
    void theRandomSplitsOfAFewBytesAreFilledInWithTheCutsLeftInOrder() {
        // 4 bytes cut 8 ways, 5 taken before the random splits: the 3 left come, whether the seeds find them or not
        List<Split> splits = Chunking.standard()
                .withRandomSplits(16, 1L)
                .withEmptyReads(false)
                .splits(4)
                .toList();

        assertThat(splits).hasSize(8);
        byte[] input = new byte[4];
        assertThat(splits.subList(5, 8).stream()
                        .map(s -> s.pieces(input).stream().map(p -> p.length).toList()))
                .containsExactlyInAnyOrder(List.of(1, 1, 2), List.of(1, 2, 1), List.of(2, 1, 1));
    }

    @Test
    void emptyAndOneByteInputsAreDeliveredWholeOnly() {
        assertThat(names(Chunking.standard(), 0)).containsExactly("Split.whole()");
        assertThat(names(Chunking.standard(), 1)).containsExactly("Split.whole()", "Split.whole().withEmptyReads()");
        assertThat(names(Chunking.standard().withEmptyReads(false), 1)).containsExactly("Split.whole()");
    }

    @Test
    void theEmptyReadSplitsCanBeLeftOut() {
        Chunking chunking = Chunking.standard().withRandomSplits(0, 0L).withMaxFixedSize(1);

        assertThat(names(chunking.withEmptyReads(false), 3))
                .containsExactly("Split.whole()", "Split.every(1)", "Split.at(1)", "Split.at(2)");
        assertThat(names(chunking.withEmptyReads(false).withEmptyReads(true), 3))
                .endsWith("Split.whole().withEmptyReads()", "Split.every(1).withEmptyReads()");
    }

    @Test
    void fixedSizesStopAtTheCap() {
        Chunking chunking = Chunking.standard()
                .withMaxFixedSize(3)
                .withMaxSplitPoints(0)
                .withRandomSplits(0, 0L)
                .withEmptyReads(false);

        assertThat(names(chunking, 100))
                .containsExactly("Split.whole()", "Split.every(1)", "Split.every(2)", "Split.every(3)");
    }

    @Test
    void tooManySplitPointsAreSampledKeepingBothEndsExhaustive() {
        Chunking chunking =
                Chunking.standard().withMaxSplitPoints(40).withMaxFixedSize(1).withRandomSplits(0, 0L);

        List<Integer> offsets = chunking.splits(1000)
                .map(Split::toString)
                .filter(name -> name.startsWith("Split.at("))
                .map(name -> Integer.parseInt(name.substring(9, name.length() - 1)))
                .collect(Collectors.toList());

        assertThat(offsets).hasSize(40).doesNotHaveDuplicates().isSorted();
        assertThat(offsets.subList(0, 10)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(offsets.subList(30, 40)).containsExactly(990, 991, 992, 993, 994, 995, 996, 997, 998, 999);
        assertThat(offsets.subList(10, 30)).allSatisfy(o -> assertThat(o).isBetween(11, 989));
        assertThat(offsets.get(20) - offsets.get(19)).isBetween(40, 50);
    }

    @Test
    void randomSplitsAreTheSameOnEveryRunAndChangeWithTheSeed() {
        Chunking one = Chunking.standard().withRandomSplits(5, 1L);

        assertThat(names(one, 50)).isEqualTo(names(Chunking.standard().withRandomSplits(5, 1L), 50));
        assertThat(names(one, 50)).isNotEqualTo(names(Chunking.standard().withRandomSplits(5, 2L), 50));
    }

    @Test
    void everySplitGetsAFreshProtocolAndTheCheckSeesTheSplit() {
        byte[] input = "hello world".getBytes(US_ASCII);
        List<Split> checked = new ArrayList<>();
        List<AccumulatingProtocol> protocols = new ArrayList<>();

        Chunking.forEach(input, AccumulatingProtocol::new, (split, p) -> {
            assertThat(p.data()).isEqualTo(input);
            checked.add(split);
            protocols.add(p);
        });

        assertThat(checked)
                .containsExactlyElementsOf(
                        Chunking.standard().splits(input.length).toList());
        assertThat(new HashSet<>(protocols)).hasSameSizeAs(protocols);
    }

    @Test
    void aFailingCheckIsReportedWithTheSplitToReplay() {
        byte[] input = "abcdef".getBytes(US_ASCII);

        assertThatThrownBy(() -> Chunking.forEach(input, AccumulatingProtocol::new, (split, p) -> {
                    if (split.equals(Split.at(4))) {
                        throw new AssertionError("expected something else");
                    }
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Delivering 6 bytes as Split.at(4) failed")
                .hasMessageContaining("replay with Split.at(4).deliver(input, protocol)")
                .hasMessageContaining("expected something else")
                .cause()
                .hasMessage("expected something else");
    }

    @Test
    void anExceptionFromTheProtocolIsReportedWithTheSplitAndTheHarnessStops() {
        byte[] input = "xyzzy".getBytes(US_ASCII);
        List<Split> checked = new ArrayList<>();

        assertThatThrownBy(() -> Chunking.forEach(
                        input, () -> new BrokenAtPieceStart((byte) 'z'), (split, p) -> checked.add(split)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("as Split.every(1) failed")
                .hasMessageContaining("lost track at a piece boundary")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(checked).containsExactly(Split.whole());
    }

    @Test
    void aFailingRandomSplitIsReportedByItsSeedAndReplaysTheSamePieces() {
        byte[] input = new byte[3000];
        new Random(3).nextBytes(input);
        Chunking chunking = Chunking.standard().withRandomSplits(3, 9L);
        Split firstRandom = chunking.splits(input.length)
                .filter(s -> s.toString().startsWith("Split.random("))
                .findFirst()
                .orElseThrow();
        List<Integer> sizesSeen = new ArrayList<>();

        assertThatThrownBy(() -> chunking.run(input, AccumulatingProtocol::new, (split, p) -> {
                    if (split.toString().startsWith("Split.random(")) {
                        split.pieces(input).forEach(piece -> sizesSeen.add(piece.length));
                        throw new AssertionError("random split broke it");
                    }
                }))
                .hasMessageContaining("as " + firstRandom + " failed")
                .hasMessageMatching("(?s).*Split\\.random\\(-?\\d+L\\).*");
        List<Integer> replayed = new ArrayList<>();
        firstRandom.pieces(input).forEach(piece -> replayed.add(piece.length));
        assertThat(replayed).isEqualTo(sizesSeen);
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> Chunking.standard().withMaxFixedSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunking.standard().withMaxSplitPoints(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunking.standard().withRandomSplits(-1, 0L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Chunking.standard().splits(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTheLimits() {
        assertThat(Chunking.standard())
                .hasToString("Chunking[maxFixedSize=4096, maxSplitPoints=4096, randomSplits=16, seed=20240601,"
                        + " emptyReads=true, stopWhenDisconnecting=false]");
    }
}
