package dev.weft.junit;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a JUnit 5 {@code @ParameterizedTest} once per {@link Split} of an input, as {@link Chunking#splits(int)} lists
 * them. Each invocation, named by the split's replay expression, receives the {@link Split} and a fresh copy of the
 * input as a {@code byte[]}: the method takes {@code (Split split, byte[] input)} or {@code (Split split)}, either
 * followed by parameters another extension resolves (e.g. {@link WeftExtension}'s {@code Clock}); any other signature
 * fails once, before any invocation, naming the method and what it takes. Read by JUnit on the test thread. A failing
 * invocation's message starts with its split ({@code split Split.at(2): ...}, see {@link SplitFailures}), as Maven
 * Surefire's reports name an invocation by its index only.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @ChunkedSource("hello\r\nworld\r\n")
 * void countsLinesInAnyChunking(Split split, byte[] input) {
 *     LineCounter p = new LineCounter();
 *     p.makeConnection(new StringTransport());
 *     split.deliver(input, p);
 *     assertThat(p.lines()).containsExactly("hello", "world");
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(ChunkedArgumentsProvider.class)
@ExtendWith(SplitFailures.class)
public @interface ChunkedSource {
    /** Returns the input, as text encoded in UTF-8. */
    String value();

    /** Returns the largest fixed piece size to try (see {@link Chunking#withMaxFixedSize(int)}). */
    int maxFixedSize() default Chunking.DEFAULT_MAX_FIXED_SIZE;

    /** Returns the largest number of two-piece splits to try (see {@link Chunking#withMaxSplitPoints(int)}). */
    int maxSplitPoints() default Chunking.DEFAULT_MAX_SPLIT_POINTS;

    /** Returns how many random splits to try (see {@link Chunking#withRandomSplits(int, long)}). */
    int randomSplits() default Chunking.DEFAULT_RANDOM_SPLITS;

    /** Returns the base seed of the random splits. */
    long seed() default Chunking.DEFAULT_SEED;

    /**
     * Returns whether to add the splits with empty reads, whole and one byte at a time (see {@link
     * Chunking#withEmptyReads(boolean)}).
     */
    boolean emptyReads() default true;
}
