package dev.weft.internet.testing;

import dev.weft.internet.IProtocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Feeds a protocol its input whole, split at every boundary, in every fixed piece size and in seeded random pieces,
 * then whole and one byte at a time {@linkplain Split#withEmptyReads() with empty reads} (a buffered protocol is asked
 * for a buffer that then receives nothing, as by a real transport), checking the protocol after each delivery; each way
 * of cutting once ({@link #splits(int)}).
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
 * <p>A run costs {@code O(n · maxSplitPoints)}: lower the limits for inputs of many kilobytes. Runs are deterministic;
 * a failure names the split, which {@link Split#deliver} replays. The {@code with…} copies throw {@link
 * IllegalArgumentException} on a negative (or, for sizes, zero) limit. Immutable and thread-safe; the protocols it
 * drives are confined to the calling thread.
 *
 * <p>By default every piece is delivered, even after the protocol calls {@code loseConnection}: a protocol that quits
 * on {@code "QUIT\r\n"} gets a following {@code "PING\r\n"} in the same call when fed whole, and in later calls when
 * fed one byte at a time. A reactor stops reading once the transport is disconnecting, but only between reads: the
 * rest of what one read brought is still in the protocol's hands. So a protocol checks {@code
 * transport().isDisconnecting()} itself before each further message of one call, as weft's and Twisted's {@code
 * LineReceiver} do after each line (Twisted: {@code transport.disconnecting}). {@link #withStopWhenDisconnecting
 * withStopWhenDisconnecting(true)} stops the delivery between pieces as a reactor does ({@link
 * Split#deliverUntilDisconnecting}), so that every split agrees for such a protocol and differences are its own.
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

    /** How many seeds the random splits may try per split wanted before the cuts not yet tried fill in. */
    static final int DRAWS_PER_RANDOM_SPLIT = 64;

    private static final Chunking STANDARD = new Chunking(
            DEFAULT_MAX_FIXED_SIZE, DEFAULT_MAX_SPLIT_POINTS, DEFAULT_RANDOM_SPLITS, DEFAULT_SEED, true, false);

    private final int maxFixedSize;
    private final int maxSplitPoints;
    private final int randomSplits;
    private final long seed;
    private final boolean emptyReads;
    private final boolean stopWhenDisconnecting;

    private Chunking(
            int maxFixedSize,
            int maxSplitPoints,
            int randomSplits,
            long seed,
            boolean emptyReads,
            boolean stopWhenDisconnecting) {
        this.maxFixedSize = maxFixedSize;
        this.maxSplitPoints = maxSplitPoints;
        this.randomSplits = randomSplits;
        this.seed = seed;
        this.emptyReads = emptyReads;
        this.stopWhenDisconnecting = stopWhenDisconnecting;
    }

    /** Returns the harness with the default limits. */
    public static Chunking standard() {
        return STANDARD;
    }

    /** Returns a copy that tries fixed piece sizes up to {@code maxFixedSize} (1 always included). */
    public Chunking withMaxFixedSize(int maxFixedSize) {
        if (maxFixedSize < 1) {
            throw new IllegalArgumentException("maxFixedSize must be 1 or more, not " + maxFixedSize);
        }
        return new Chunking(maxFixedSize, maxSplitPoints, randomSplits, seed, emptyReads, stopWhenDisconnecting);
    }

    /** Returns a copy that tries at most {@code maxSplitPoints} two-piece splits. */
    public Chunking withMaxSplitPoints(int maxSplitPoints) {
        if (maxSplitPoints < 0) {
            throw new IllegalArgumentException("maxSplitPoints must be 0 or more, not " + maxSplitPoints);
        }
        return new Chunking(maxFixedSize, maxSplitPoints, randomSplits, seed, emptyReads, stopWhenDisconnecting);
    }

    /** Returns a copy that tries {@code count} random splits whose seeds derive from {@code seed}. */
    public Chunking withRandomSplits(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("random split count must be 0 or more, not " + count);
        }
        return new Chunking(maxFixedSize, maxSplitPoints, count, seed, emptyReads, stopWhenDisconnecting);
    }

    /**
     * Returns a copy that adds (true, the default) or leaves out the splits {@code Split.whole().withEmptyReads()} and
     * {@code Split.oneByteAtATime().withEmptyReads()}.
     */
    public Chunking withEmptyReads(boolean emptyReads) {
        return new Chunking(maxFixedSize, maxSplitPoints, randomSplits, seed, emptyReads, stopWhenDisconnecting);
    }

    /**
     * Returns a copy that stops delivering (true) or not (false, the default) once the protocol's transport is
     * disconnecting; see the class comment. The protocol must then be a {@code BaseProtocol} that {@code newProtocol}
     * has connected, or {@link #run} fails naming the problem.
     */
    public Chunking withStopWhenDisconnecting(boolean stopWhenDisconnecting) {
        return new Chunking(maxFixedSize, maxSplitPoints, randomSplits, seed, emptyReads, stopWhenDisconnecting);
    }

    /**
     * Returns the splits to try on {@code length} bytes, each way of cutting them once: whole, bytewise, split points,
     * fixed, random, then whole and bytewise with empty reads. A split that cuts where an earlier one did, with or
     * without empty reads alike, is left out ({@code Split.at(1)} of 2 bytes is {@code Split.oneByteAtATime()}; {@code
     * Split.every(2)} of 3 bytes is {@code Split.at(2)}). The random splits are the first {@code randomSplits} of the
     * seeded sequence ({@code Split.random(s)}) that cut elsewhere; for a few bytes, whose seeds rarely find the cuts
     * left, those fill in, in order, as {@code Split.sizes(...)}, and fewer come when fewer cuts are left. The same
     * every time for the same limits.
     */
    public Stream<Split> splits(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("input length must be 0 or more, not " + length);
        }
        Stream<Split> withEmptyReads = !emptyReads || length == 0
                ? Stream.empty()
                : Stream.of(
                        Split.whole().withEmptyReads(), Split.oneByteAtATime().withEmptyReads());
        Stream<Split> fixed =
                IntStream.rangeClosed(2, Math.min(length - 1, maxFixedSize)).mapToObj(Split::every);
        Set<Split> seen = new HashSet<>();
        List<Split> splits = new ArrayList<>();
        Stream.of(
                        Stream.of(Split.whole(), Split.oneByteAtATime()),
                        splitPoints(length).mapToObj(Split::at),
                        fixed)
                .flatMap(s -> s)
                .filter(split -> seen.add(split.plainCut(length)))
                .forEach(splits::add);
        addRandom(length, splits, seen);
        withEmptyReads.filter(split -> seen.add(split.plainCut(length))).forEach(splits::add);
        return splits.stream();
    }

    /** Adds to {@code splits} the random ones {@link #splits} describes, cutting where none in {@code seen} does. */
    private void addRandom(int length, List<Split> splits, Set<Split> seen) {
        // every way to cut: 2^(length - 1), or 1 for no byte
        long cuts = length <= 1 ? 1 : length - 1 < 63 ? 1L << (length - 1) : Long.MAX_VALUE;
        int wanted = (int) Math.min(randomSplits, cuts - splits.size());
        int added = 0;
        SplittableRandom seeds = new SplittableRandom(seed);
        for (long draws = 0; added < wanted && draws < (long) wanted * DRAWS_PER_RANDOM_SPLIT; draws++) {
            Split random = Split.random(seeds.nextLong());
            if (seen.add(random.plainCut(length))) {
                splits.add(random);
                added++;
            }
        }
        // a few bytes: most cuts are tried already and the seeds rarely find the rest; take them in order
        for (long mask = 0; added < wanted && length - 1 < 63 && mask < cuts; mask++) {
            Split split = cutAt(mask, length);
            if (seen.add(split)) {
                splits.add(split);
                added++;
            }
        }
    }

    /** Returns the plain split of {@code length} bytes cutting before offset {@code i + 1} for each bit {@code i}. */
    private static Split cutAt(long mask, int length) {
        int[] sizes = new int[Long.bitCount(mask)];
        int n = 0;
        int last = 0;
        for (int offset = 1; offset < length; offset++) {
            if ((mask & (1L << (offset - 1))) != 0) {
                sizes[n++] = offset - last;
                last = offset;
            }
        }
        return Split.sizes(sizes).plainCut(length);
    }

    private IntStream splitPoints(int length) {
        int points = Math.max(0, length - 1);
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

    /** Runs {@link #run} on the {@linkplain #standard() standard harness}. */
    public static <P extends IProtocol> void forEach(
            byte[] input, Supplier<? extends P> newProtocol, BiConsumer<? super Split, ? super P> check) {
        STANDARD.run(input, newProtocol, check);
    }

    /**
     * Delivers {@code input} to a fresh protocol in every split, then runs {@code check}, which throws to fail.
     * @throws AssertionError if a delivery or check throws; its message names the split
     */
    public <P extends IProtocol> void run(
            byte[] input, Supplier<? extends P> newProtocol, BiConsumer<? super Split, ? super P> check) {
        Objects.requireNonNull(newProtocol, "newProtocol");
        Objects.requireNonNull(check, "check");
        splits(input.length).forEach(split -> {
            try {
                P protocol = newProtocol.get();
                if (stopWhenDisconnecting) {
                    split.deliverUntilDisconnecting(input, protocol);
                } else {
                    split.deliver(input, protocol);
                }
                check.accept(split, protocol);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "Delivering " + input.length + " bytes as " + split + " failed (replay with " + split
                                + (stopWhenDisconnecting ? ".deliverUntilDisconnecting" : ".deliver")
                                + "(input, protocol)): " + e,
                        e);
            }
        });
    }

    /**
     * Describes the limits, e.g. {@code Chunking[maxFixedSize=4096, maxSplitPoints=4096, randomSplits=16, seed=1,
     * emptyReads=true, stopWhenDisconnecting=false]}.
     */
    @Override
    public String toString() {
        return "Chunking[maxFixedSize=" + maxFixedSize + ", maxSplitPoints=" + maxSplitPoints + ", randomSplits="
                + randomSplits + ", seed=" + seed + ", emptyReads=" + emptyReads + ", stopWhenDisconnecting="
                + stopWhenDisconnecting + "]";
    }
}
