package dev.weft.internet.testing;

import dev.weft.internet.IProtocol;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Feeds a protocol its input whole, split at every boundary, in every fixed piece size and in seeded
 * random pieces, checking the protocol after each delivery: the chunking harness. It does what the
 * seed page asks of every protocol test ("call through to this method with differing chunk sizes,
 * down to one byte at a time").
 *
 * <pre>{@code
 * byte[] input = "hello\r\nworld\r\n".getBytes(US_ASCII);
 * Chunking.forEach(input, () -> {
 *     LineCounter p = new LineCounter();
 *     p.makeConnection(new StringTransport());
 *     return p;
 * }, (split, p) -> assertThat(p.lines()).containsExactly("hello", "world"));
 * }</pre>
 *
 * <p>For an input of {@code n} bytes, {@link #splits(int)} yields, in this order:
 *
 * <ol>
 *   <li>{@link Split#whole()};
 *   <li>{@link Split#oneByteAtATime()};
 *   <li>{@link Split#at(int) Split.at(k)} for every {@code k} in {@code 1..n-1}, or, when there are
 *       more than {@linkplain #withMaxSplitPoints(int) maxSplitPoints} of them, that many: every
 *       offset in the first and last quarter of the budget and the rest evenly spaced in between;
 *   <li>{@link Split#every(int) Split.every(s)} for every {@code s} in {@code
 *       2..min(n-1, maxFixedSize)};
 *   <li>{@linkplain #withRandomSplits(int, long) randomSplits} {@link Split#random(long)} splits,
 *       with seeds derived from the base seed.
 * </ol>
 *
 * <p>Delivering the input costs {@code O(n)} per split, so the split points make a run {@code
 * O(n · maxSplitPoints)}: lower the limits for inputs of many kilobytes. The defaults ({@value
 * #DEFAULT_MAX_SPLIT_POINTS} split points, piece sizes up to {@value #DEFAULT_MAX_FIXED_SIZE},
 * {@value #DEFAULT_RANDOM_SPLITS} random splits, seed {@value #DEFAULT_SEED}) are exhaustive for
 * inputs up to 4 KiB. Runs are deterministic: the same settings give the same splits.
 *
 * <p>Use {@link #forEach} (or {@link #run}) in a plain test, {@link #splits(int)} as a JUnit
 * {@code @MethodSource}, or {@code @ChunkedSource} (weft-junit) on a {@code @ParameterizedTest}. A failure names
 * the split, which {@link Split#deliver} replays.
 *
 * <p>Immutable and thread-safe; the protocols it drives are confined to the calling thread.
 */
public final class Chunking {
    /** The default largest fixed piece size. */
    public static final int DEFAULT_MAX_FIXED_SIZE = 4096;

    /** The default largest number of two-piece splits. */
    public static final int DEFAULT_MAX_SPLIT_POINTS = 4096;

    /** The default number of random splits. */
    public static final int DEFAULT_RANDOM_SPLITS = 16;

    /** The default base seed of the random splits. */
    public static final long DEFAULT_SEED = 20240601L;

    private static final Chunking STANDARD =
            new Chunking(DEFAULT_MAX_FIXED_SIZE, DEFAULT_MAX_SPLIT_POINTS, DEFAULT_RANDOM_SPLITS, DEFAULT_SEED);

    private final int maxFixedSize;
    private final int maxSplitPoints;
    private final int randomSplits;
    private final long seed;

    private Chunking(int maxFixedSize, int maxSplitPoints, int randomSplits, long seed) {
        this.maxFixedSize = maxFixedSize;
        this.maxSplitPoints = maxSplitPoints;
        this.randomSplits = randomSplits;
        this.seed = seed;
    }

    /**
     * Returns the harness with the default limits.
     *
     * @return the standard harness
     */
    public static Chunking standard() {
        return STANDARD;
    }

    /**
     * Returns a copy that tries fixed piece sizes up to {@code maxFixedSize} (1 always included).
     *
     * @param maxFixedSize the largest fixed piece size, 1 or more
     * @return a new harness
     * @throws IllegalArgumentException if {@code maxFixedSize} is less than 1
     */
    public Chunking withMaxFixedSize(int maxFixedSize) {
        if (maxFixedSize < 1) {
            throw new IllegalArgumentException("maxFixedSize must be 1 or more, not " + maxFixedSize);
        }
        return new Chunking(maxFixedSize, maxSplitPoints, randomSplits, seed);
    }

    /**
     * Returns a copy that tries at most {@code maxSplitPoints} two-piece splits.
     *
     * @param maxSplitPoints the largest number of split points, 0 or more
     * @return a new harness
     * @throws IllegalArgumentException if {@code maxSplitPoints} is negative
     */
    public Chunking withMaxSplitPoints(int maxSplitPoints) {
        if (maxSplitPoints < 0) {
            throw new IllegalArgumentException("maxSplitPoints must be 0 or more, not " + maxSplitPoints);
        }
        return new Chunking(maxFixedSize, maxSplitPoints, randomSplits, seed);
    }

    /**
     * Returns a copy that tries {@code count} random splits whose seeds derive from {@code seed}.
     *
     * @param count how many random splits, 0 or more
     * @param seed the base seed
     * @return a new harness
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Chunking withRandomSplits(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("random split count must be 0 or more, not " + count);
        }
        return new Chunking(maxFixedSize, maxSplitPoints, count, seed);
    }

    /**
     * Returns the splits to try on an input of {@code length} bytes, in the order of the class
     * Javadoc, without duplicate values.
     *
     * @param length the input's length, 0 or more
     * @return a new stream of splits
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public Stream<Split> splits(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("input length must be 0 or more, not " + length);
        }
        if (length <= 1) {
            return Stream.of(Split.whole());
        }
        Stream<Split> fixed =
                IntStream.rangeClosed(2, Math.min(length - 1, maxFixedSize)).mapToObj(Split::every);
        SplittableRandom seeds = new SplittableRandom(seed);
        long[] randomSeeds =
                LongStream.generate(seeds::nextLong).limit(randomSplits).toArray();
        return Stream.of(
                        Stream.of(Split.whole(), Split.oneByteAtATime()),
                        splitPoints(length).mapToObj(Split::at),
                        fixed,
                        LongStream.of(randomSeeds).mapToObj(Split::random))
                .flatMap(s -> s);
    }

    private IntStream splitPoints(int length) {
        int points = length - 1;
        if (points <= maxSplitPoints) {
            return IntStream.rangeClosed(1, points);
        }
        int quarter = maxSplitPoints / 4;
        int middle = maxSplitPoints - 2 * quarter;
        // Offsets 1..low and high..length-1 are all taken; "middle" more lie strictly between,
        // evenly spaced (high - low > middle + 1 here, so they are distinct).
        int low = quarter;
        int high = length - quarter;
        long span = high - low;
        return IntStream.concat(
                IntStream.concat(
                        IntStream.rangeClosed(1, low),
                        IntStream.range(0, middle).map(i -> low + (int) ((i + 1) * span / (middle + 1)))),
                IntStream.range(high, length));
    }

    /**
     * Delivers {@code input} in every split of the {@linkplain #standard() standard harness}, each
     * time to a new protocol, and runs {@code check} on it: {@code standard().run(...)}.
     *
     * @param input the bytes to deliver
     * @param newProtocol makes a fresh protocol for each split, connected if it needs a transport
     * @param check checks the protocol after the whole input was delivered; throws to fail
     * @param <P> the protocol's type
     * @throws AssertionError if a delivery or a check fails; its message names the split
     */
    public static <P extends IProtocol> void forEach(
            byte[] input, Supplier<? extends P> newProtocol, BiConsumer<? super Split, ? super P> check) {
        STANDARD.run(input, newProtocol, check);
    }

    /**
     * Delivers {@code input} in every split of {@link #splits(int)}, each time to a new protocol from
     * {@code newProtocol}, and runs {@code check} on it. Stops at the first failure.
     *
     * <p>The harness only delivers bytes: {@code newProtocol} connects the protocol (for example with
     * {@code p.makeConnection(new StringTransport())}) if it needs a transport, and {@code check}
     * decides whether the connection ends.
     *
     * @param input the bytes to deliver; not changed
     * @param newProtocol makes a fresh protocol for each split
     * @param check checks the protocol after the whole input was delivered; throws to fail
     * @param <P> the protocol's type
     * @throws AssertionError if a delivery or a check throws an {@link AssertionError} or a {@link
     *     RuntimeException}; its message names the split and the input's length, and the original
     *     is its cause
     */
    public <P extends IProtocol> void run(
            byte[] input, Supplier<? extends P> newProtocol, BiConsumer<? super Split, ? super P> check) {
        Objects.requireNonNull(newProtocol, "newProtocol");
        Objects.requireNonNull(check, "check");
        splits(input.length).forEach(split -> {
            try {
                P protocol = newProtocol.get();
                split.deliver(input, protocol);
                check.accept(split, protocol);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "Delivering " + input.length + " bytes as " + split + " failed (replay with " + split
                                + ".deliver(input, protocol)): " + e,
                        e);
            }
        });
    }

    /**
     * Describes the limits.
     *
     * @return e.g. {@code Chunking[maxFixedSize=4096, maxSplitPoints=4096, randomSplits=16, seed=1]}
     */
    @Override
    public String toString() {
        return "Chunking[maxFixedSize=" + maxFixedSize + ", maxSplitPoints=" + maxSplitPoints + ", randomSplits="
                + randomSplits + ", seed=" + seed + "]";
    }
}
