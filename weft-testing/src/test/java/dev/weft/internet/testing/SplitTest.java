package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class SplitTest {
    private static final byte[] INPUT = "abcdefghij".getBytes(US_ASCII);

    private static List<String> pieces(Split split, byte[] input) {
        List<String> text = new ArrayList<>();
        split.pieces(input).forEach(piece -> text.add(new String(piece, US_ASCII)));
        return text;
    }

    /** A plain protocol that records the arrays it is given. */
    private static final class Recording extends Protocol {
        final List<byte[]> received = new ArrayList<>();

        @Override
        public void dataReceived(byte[] data) {
            received.add(data);
        }
    }

    @Test
    void thePlainCutOfASplitCutsAlike() {
        assertThat(Split.every(3).plainCut(7)).isEqualTo(Split.every(3));
        assertThat(Split.every(4).plainCut(7)).isEqualTo(Split.at(4));
        assertThat(Split.every(7).plainCut(7)).isEqualTo(Split.whole());
        assertThat(Split.every(1).plainCut(0)).isEqualTo(Split.whole());
        assertThat(Split.at(7).plainCut(7)).isEqualTo(Split.whole());
        assertThat(Split.sizes(1, 2).plainCut(7)).isEqualTo(Split.sizes(1, 2));
        assertThat(Split.sizes(3, 3).plainCut(7)).isEqualTo(Split.every(3));
        assertThat(Split.sizes(0, 3).plainCut(7)).isEqualTo(Split.at(3));
        assertThat(Split.at(7).withEmptyReads().plainCut(7))
                .isEqualTo(Split.whole().withEmptyReads());
        byte[] input = new byte[300];
        for (long seed = 0; seed < 50; seed++) {
            Split random = Split.random(seed, 8);
            Split plain = random.plainCut(input.length);
            assertThat(plain.pieces(input)).as("%s as %s", random, plain).hasSameSizeAs(random.pieces(input));
            assertThat(offsets(plain.pieces(input))).isEqualTo(offsets(random.pieces(input)));
        }
    }

    private static List<Integer> offsets(List<byte[]> pieces) {
        List<Integer> offsets = new ArrayList<>();
        int at = 0;
        for (byte[] piece : pieces) {
            at += piece.length;
            offsets.add(at);
        }
        return offsets;
    }

    @Test
    void wholeIsOnePiece() {
        assertThat(pieces(Split.whole(), INPUT)).containsExactly("abcdefghij");
        assertThat(Split.whole().pieceCount(0)).isZero();
    }

    @Test
    void atCutsInTwoAndAnEmptyPieceIsNotDelivered() {
        assertThat(pieces(Split.at(3), INPUT)).containsExactly("abc", "defghij");
        assertThat(pieces(Split.at(10), INPUT)).containsExactly("abcdefghij");
    }

    /** A first piece of nothing is never delivered, so at(0) would be whole in disguise, not an empty read. */
    @Test
    void atZeroIsRefusedNamingWhatToWriteInstead() {
        assertThatThrownBy(() -> Split.at(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Split.at(0) cuts off nothing")
                .hasMessageContaining("write Split.whole()")
                .hasMessageContaining("write Split.whole().withEmptyReads()");
        assertThatThrownBy(() -> Split.at(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("split offset must be 1 or more, not -1");
    }

    @Test
    void everyCutsFixedSizePiecesWithAShorterLastOne() {
        assertThat(pieces(Split.every(3), INPUT)).containsExactly("abc", "def", "ghi", "j");
        assertThat(pieces(Split.oneByteAtATime(), INPUT)).hasSize(10).first().isEqualTo("a");
        assertThat(pieces(Split.every(100), INPUT)).containsExactly("abcdefghij");
    }

    @Test
    void sizesCutAsGivenAndDeliverTheRestAsALastPiece() {
        assertThat(pieces(Split.sizes(1, 0, 4), INPUT)).containsExactly("a", "bcde", "fghij");
        assertThat(pieces(Split.sizes(4, 6), INPUT)).containsExactly("abcd", "efghij");
        assertThat(pieces(Split.sizes(), INPUT)).containsExactly("abcdefghij");
    }

    @Test
    void randomPiecesAreDeterminedByTheSeedAndBoundedByTheLargestPiece() {
        byte[] input = new byte[200_000];
        new Random(1).nextBytes(input);

        List<byte[]> first = Split.random(99L).pieces(input);
        List<byte[]> again = Split.random(99L).pieces(input);
        List<byte[]> small = Split.random(99L, 7).pieces(input);

        assertThat(first).hasSameSizeAs(again);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i)).isEqualTo(again.get(i));
        }
        assertThat(first).allSatisfy(p -> assertThat(p.length).isBetween(1, Split.DEFAULT_MAX_RANDOM_PIECE));
        assertThat(small).allSatisfy(p -> assertThat(p.length).isBetween(1, 7));
        assertThat(first.stream().mapToInt(p -> p.length).distinct().count()).isGreaterThan(10);
        assertThat(Split.random(100L).pieces(input)).isNotEqualTo(first);
    }

    @Test
    void theConcatenationOfThePiecesIsTheInput() {
        byte[] input = new byte[5000];
        new Random(2).nextBytes(input);
        for (Split split : List.of(
                Split.whole(), Split.at(1234), Split.every(7), Split.random(3L, 100), Split.sizes(10, 20, 30))) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            split.pieces(input).forEach(joined::writeBytes);

            assertThat(joined.toByteArray()).as(split.toString()).isEqualTo(input);
            assertThat(split.pieceCount(input.length))
                    .isEqualTo(split.pieces(input).size());
        }
    }

    @Test
    void deliverGivesAPlainProtocolFreshArraysAndLeavesTheInputAlone() {
        byte[] input = INPUT.clone();
        Recording p = new Recording();

        Split.every(4).deliver(input, p);

        assertThat(p.received).hasSize(3);
        assertThat(p.received).allSatisfy(piece -> assertThat(piece).isNotSameAs(input));
        p.received.get(0)[0] = 'X';
        assertThat(input).isEqualTo(INPUT);
    }

    /** A subclass that overrides both paths has taken charge of them: the buffer path is used. */
    @Test
    void deliverUsesTheBufferPathOfABufferedProtocol() {
        int[] updates = {0};
        AccumulatingProtocol p = new AccumulatingProtocol() {
            @Override
            public void dataReceived(byte[] data) {
                throw new AssertionError("dataReceived called instead of the buffer path");
            }

            @Override
            public void bufferUpdated(int nbytes) {
                updates[0]++;
                super.bufferUpdated(nbytes);
            }
        };

        Split.every(3).deliver(INPUT, p);

        assertThat(p.data()).isEqualTo(INPUT);
        assertThat(updates[0]).isEqualTo((INPUT.length + 2) / 3);
    }

    /** A subclass that overrides only dataReceived gets every piece there, as in Twisted. */
    @Test
    void deliverSendsEveryPieceThroughADataReceivedOverride() {
        List<Integer> pieces = new ArrayList<>();
        AccumulatingProtocol p = new AccumulatingProtocol() {
            @Override
            public void dataReceived(byte[] data) {
                pieces.add(data.length);
                super.dataReceived(data);
            }
        };

        Split.every(3).deliver(INPUT, p);

        assertThat(p.data()).isEqualTo(INPUT);
        assertThat(pieces.stream().mapToInt(Integer::intValue).sum()).isEqualTo(INPUT.length);
        assertThat(pieces).hasSize((INPUT.length + 2) / 3);
    }

    /** A buffered protocol that logs each call and keeps what each update brings. */
    private static final class Logging extends Protocol implements IBufferedProtocol {
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final ByteBuffer buffer;

        Logging(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            calls.add("get(" + sizeHint + ")");
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            calls.add("updated(" + nbytes + ")");
            kept.write(buffer.array(), buffer.position() - nbytes, nbytes);
        }
    }

    @Test
    void withEmptyReadsAsksForABufferBeforeEveryPieceAndAtTheEndWithoutUpdating() {
        Logging p = new Logging(64);

        Split.every(4).withEmptyReads().deliver(INPUT, p);

        assertThat(p.calls)
                .containsExactly(
                        "get(1)",
                        "get(4)",
                        "updated(4)",
                        "get(1)",
                        "get(4)",
                        "updated(4)",
                        "get(1)",
                        "get(2)",
                        "updated(2)",
                        "get(1)");
        assertThat(p.kept.toByteArray()).isEqualTo(INPUT);
    }

    @Test
    void withEmptyReadsKeepsThePiecesNameAndReplaysAsWritten() {
        Split split = Split.random(5L, 3).withEmptyReads();

        assertThat(split).hasToString("Split.random(5L, 3).withEmptyReads()");
        assertThat(split.hasEmptyReads()).isTrue();
        assertThat(Split.random(5L, 3).hasEmptyReads()).isFalse();
        assertThat(split.withEmptyReads()).isSameAs(split);
        assertThat(split).isEqualTo(Split.random(5L, 3).withEmptyReads()).isNotEqualTo(Split.random(5L, 3));
        assertThat(split.hashCode())
                .isEqualTo(Split.random(5L, 3).withEmptyReads().hashCode());
        assertThat(split.pieces(INPUT))
                .usingRecursiveComparison()
                .isEqualTo(Split.random(5L, 3).pieces(INPUT));
    }

    @Test
    void withEmptyReadsChangesNothingForAPlainProtocol() {
        Recording p = new Recording();

        Split.every(4).withEmptyReads().deliver(INPUT, p);

        assertThat(p.received).hasSize(3);
    }

    @Test
    void anEmptyReadIntoABufferWithNoRoomIsRefusedWithTheProtocolsName() {
        Logging p = new Logging(0);

        assertThatThrownBy(() -> Split.whole().withEmptyReads().deliver(INPUT, p))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Logging.class.getName() + ".getBuffer returned a buffer with no writable space");
    }

    /** Wrongly pairs each update with the oldest buffer it lent, as if every getBuffer were followed by one. */
    private static final class PairsEveryGetWithAnUpdate extends Protocol implements IBufferedProtocol {
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final List<ByteBuffer> lent = new ArrayList<>();

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            ByteBuffer b = ByteBuffer.allocate(Math.max(1, sizeHint));
            lent.add(b);
            return b;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            ByteBuffer b = lent.remove(0);
            kept.write(b.array(), 0, nbytes);
        }
    }

    @Test
    void theStandardHarnessCatchesAProtocolThatExpectsAnUpdateAfterEveryGetBuffer() {
        assertThatThrownBy(() -> Chunking.forEach(
                        INPUT,
                        PairsEveryGetWithAnUpdate::new,
                        (split, p) -> assertThat(p.kept.toByteArray()).isEqualTo(INPUT)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("as Split.whole().withEmptyReads() failed");
    }

    @Test
    void aSplitThatDoesNotFitTheInputIsRefusedBeforeAnythingIsDelivered() {
        Recording p = new Recording();

        assertThatThrownBy(() -> Split.at(11).deliver(INPUT, p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Split.at(11) needs at least 11 bytes of input, but it has 10");
        assertThatThrownBy(() -> Split.sizes(5, 6).deliver(INPUT, p)).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.received).isEmpty();
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> Split.at(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Split.every(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Split.random(1L, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Split.sizes(1, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringIsTheExpressionThatRecreatesTheSplit() {
        assertThat(Split.whole()).hasToString("Split.whole()");
        assertThat(Split.at(17)).hasToString("Split.at(17)");
        assertThat(Split.every(3)).hasToString("Split.every(3)");
        assertThat(Split.oneByteAtATime()).hasToString("Split.every(1)");
        assertThat(Split.random(-42L)).hasToString("Split.random(-42L)");
        assertThat(Split.random(42L, 100)).hasToString("Split.random(42L, 100)");
        assertThat(Split.sizes(1, 4, 2)).hasToString("Split.sizes(1, 4, 2)");
    }

    @Test
    void splitsAreValuesComparedByKindAndParameters() {
        int[] sizes = {1, 2};
        Split fromArray = Split.sizes(sizes);
        sizes[0] = 9;

        assertThat(Split.at(3)).isEqualTo(Split.at(3)).hasSameHashCodeAs(Split.at(3));
        assertThat(Split.at(3)).isNotEqualTo(Split.every(3)).isNotEqualTo(Split.at(4));
        assertThat(Split.random(5L)).isEqualTo(Split.random(5L, Split.DEFAULT_MAX_RANDOM_PIECE));
        assertThat(Split.random(5L)).isNotEqualTo(Split.random(5L, 10));
        assertThat(fromArray).isEqualTo(Split.sizes(1, 2)).hasSameHashCodeAs(Split.sizes(1, 2));
        assertThat(Split.oneByteAtATime()).isEqualTo(Split.every(1));
        assertThat(Split.whole()).isNotEqualTo(null).isNotEqualTo("Split.whole()");
    }
}
