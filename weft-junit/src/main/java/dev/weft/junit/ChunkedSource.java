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
 * them: each way of cutting once (see below). Each invocation, named by the split's replay expression, receives the {@link Split} and a fresh copy of the
 * input as a {@code byte[]}: the method takes {@code (Split split, byte[] input)} or {@code (Split split)}, either
 * followed by parameters another extension resolves (e.g. {@link WeftExtension}'s {@code Clock}); any other signature
 * fails once, before any invocation, naming the method and what it takes. Read by JUnit on the test thread. A failing
 * invocation's message starts with its split ({@code split Split.at(2): ...}, see {@link SplitFailures}), as Maven
 * Surefire's reports name an invocation by its index only.
 *
 * <p>Each way of cutting the input runs once ({@link Chunking#splits(int)} lists them so): a split that cuts where an
 * earlier one did, with or without empty reads alike, is left out ({@code Split.at(1)} of 2 bytes is {@code Split.oneByteAtATime()}; {@code Split.every(2)} of 3
 * bytes is {@code Split.at(2)}). The random splits are the first {@link #randomSplits()} of the seeded sequence
 * ({@code Split.random(s)}, drawn from {@link #seed()} as {@link Chunking} does) that cut elsewhere; for a few bytes,
 * whose seeds rarely find the cuts left, those fill in, in order, as {@code Split.sizes(...)}. A run is
 * deterministic. So, under the default limits, n bytes give 1 invocation for n = 0, 2 for n = 1, and for 2 &le; n
 * &le; 4097 {@code min(2^(n-1), n + (n-1)/2 + randomSplits) + 2} (integer division): whole and one byte at a time,
 * the n - 1 two-piece splits, {@code every(k)} for 2 &le; k &lt; n/2, the random ones, and whole and one byte at a
 * time with empty reads. That is 4, 6, 10 and 18 for 2 to 5 bytes and {@code n + (n-1)/2 + 18} from 6 bytes (35 for
 * 12); {@code emptyReads = false} takes 2 off (1 for n = 1). Above 4097 bytes, {@link #maxSplitPoints()} and {@link
 * #maxFixedSize()} cap the two-piece and fixed-size splits.
 *
 * <p>The input is text ({@code @ChunkedSource("PING\r\n")}, UTF-8), hex ({@code @ChunkedSource(hex = "00 05 ff")})
 * or a resource file ({@code @ChunkedSource(resource = "/frames/ping.bin")}); exactly one of them.
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
    /** Returns the input as text, encoded in UTF-8. Give the input once: this, {@link #hex()} or {@link #resource()}. */
    String value() default "";

    /**
     * Returns the input as hex digits, two per byte ({@code 0-9}, {@code a-f}, {@code A-F}), with spaces or line
     * breaks between bytes if you like: {@code "00 01 ff"} or {@code "0001FF"}. A character that is not a digit, or a
     * byte's digit alone, fails the test once, naming the character and its offset.
     */
    String hex() default "";

    /**
     * Returns the name of a resource holding the input, found as {@link Class#getResourceAsStream} finds it from the
     * test method's class: in its package unless it starts with {@code /}, so {@code "/frames/ping.bin"} is
     * {@code src/test/resources/frames/ping.bin} in a Maven project. A name found nowhere fails the test once.
     */
    String resource() default "";

    /** Returns the largest fixed piece size to try (see {@link Chunking#withMaxFixedSize(int)}). */
    int maxFixedSize() default Chunking.DEFAULT_MAX_FIXED_SIZE;

    /** Returns the largest number of two-piece splits to try (see {@link Chunking#withMaxSplitPoints(int)}). */
    int maxSplitPoints() default Chunking.DEFAULT_MAX_SPLIT_POINTS;

    /**
     * Returns how many random splits to try, each cutting where no other split does (see {@link
     * Chunking#withRandomSplits(int, long)}); fewer when the input has fewer cuts left.
     */
    int randomSplits() default Chunking.DEFAULT_RANDOM_SPLITS;

    /** Returns the base seed of the random splits. */
    long seed() default Chunking.DEFAULT_SEED;

    /**
     * Returns whether to add the splits with empty reads, whole and one byte at a time (see {@link
     * Chunking#withEmptyReads(boolean)}).
     */
    boolean emptyReads() default true;
}
