package dev.weft.junit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class ChunkedSourceTest {
    private static final String TEXT = "PING\r\nPONG\r\n";

    @ParameterizedTest
    @ChunkedSource(TEXT)
    void everySplitDeliversTheWholeInput(Split split, byte[] input) {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());

        split.deliver(input, p);

        assertThat(new String(p.data(), UTF_8)).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @ChunkedSource(value = "héllo", randomSplits = 0)
    void aMethodMayTakeTheSplitOnly(Split split) {
        assertThat(split.pieceCount("héllo".getBytes(UTF_8).length)).isBetween(1, 6);
    }

    static List<Split> splits() {
        return Chunking.standard().withRandomSplits(2, 1L).splits(TEXT.length()).collect(Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("splits")
    void theSplitsAlsoServeAsAMethodSource(Split split) {
        AccumulatingProtocol p = new AccumulatingProtocol();

        split.deliver(TEXT.getBytes(UTF_8), p);

        assertThat(p.dataSize()).isEqualTo(TEXT.length());
    }

    @ChunkedSource(value = "abc", maxFixedSize = 1, maxSplitPoints = 1, randomSplits = 2, seed = 5L)
    private static void configured(Split split, byte[] input) {}

    @ChunkedSource(value = "abc", randomSplits = 0, emptyReads = false)
    private static void withoutEmptyReads(Split split, byte[] input) {}

    @Test
    void theEmptyReadSplitsCanBeLeftOut() throws Exception {
        Method method = ChunkedSourceTest.class.getDeclaredMethod("withoutEmptyReads", Split.class, byte[].class);
        ChunkedArgumentsProvider provider = new ChunkedArgumentsProvider();
        provider.accept(method.getAnnotation(ChunkedSource.class));

        List<String> names = provider.provideArguments(MethodContext.of(method))
                .map(a -> ((Named<?>) a.get()[0]).getName())
                .collect(Collectors.toList());

        assertThat(names).isNotEmpty().noneMatch(name -> name.contains("withEmptyReads"));
    }

    @Test
    void theProviderYieldsOneNamedSplitAndAFreshInputCopyPerSplitHonouringTheLimits() throws Exception {
        Method method = ChunkedSourceTest.class.getDeclaredMethod("configured", Split.class, byte[].class);
        ChunkedArgumentsProvider provider = new ChunkedArgumentsProvider();
        provider.accept(method.getAnnotation(ChunkedSource.class));

        List<? extends Arguments> arguments =
                provider.provideArguments(MethodContext.of(method)).collect(Collectors.toList());

        // 3 bytes cut 4 ways: 3 are tried before the random splits, which add the 4th only
        List<Split> expected = List.of(Split.whole(), Split.oneByteAtATime(), Split.at(1));
        assertThat(arguments).hasSize(6);
        for (int i = 0; i < arguments.size(); i++) {
            Object[] args = arguments.get(i).get();
            Named<?> split = (Named<?>) args[0];
            Named<?> input = (Named<?>) args[1];
            if (i < expected.size()) {
                assertThat(split.getPayload()).isEqualTo(expected.get(i));
            }
            assertThat(split.getName()).isEqualTo(split.getPayload().toString());
            assertThat(input.getName()).isEqualTo("3 bytes");
            assertThat((byte[]) input.getPayload()).isEqualTo("abc".getBytes(UTF_8));
        }
        assertThat(((Split) ((Named<?>) arguments.get(3).get()[0]).getPayload()).pieces("abc".getBytes(UTF_8)))
                .extracting(p -> new String(p, UTF_8))
                .containsExactly("ab", "c");
        assertThat(arguments.subList(4, 6))
                .extracting(a -> (Object) ((Named<?>) a.get()[0]).getPayload())
                .containsExactly(
                        Split.whole().withEmptyReads(), Split.oneByteAtATime().withEmptyReads());
        assertThat(((Named<?>) arguments.get(0).get()[1]).getPayload())
                .isNotSameAs(((Named<?>) arguments.get(1).get()[1]).getPayload());
    }
}
