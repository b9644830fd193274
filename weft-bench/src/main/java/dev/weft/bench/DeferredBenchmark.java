package dev.weft.bench;

import dev.weft.defer.Callback;
import dev.weft.defer.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the cost of one Deferred's life (create, add three callbacks, fire) against the same work done with a {@link
 * CompletableFuture} (create, three {@code thenApply}, complete), in both orders: handlers added before the result
 * arrives, and after.
 *
 * <p>Each method returns its final result, which JMH feeds to a Blackhole, so nothing is optimised away. The handlers
 * are shared, non-capturing functions, and the input is a field, so neither side constant-folds. Run it with {@code
 * java -jar weft-bench/target/benchmarks.jar DeferredBenchmark}; {@code weft-bench/README.md} has the figures. Confined
 * to JMH's benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class DeferredBenchmark {
    private static final Callback<Integer, Integer> DEFERRED_STEP = x -> x + 1;
    private static final Function<Integer, Integer> FUTURE_STEP = x -> x + 1;

    /** The value each chain starts from; a field, so it is not a compile-time constant. */
    public int input = 39;

    /** Creates the benchmark state; JMH calls it once per thread. */
    public DeferredBenchmark() {}

    /** Creates a Deferred, adds three callbacks, then fires it; returns the chain's result ({@code input + 3}). */
    @Benchmark
    public @Nullable Object deferredAddThenFire() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(DEFERRED_STEP).addCallback(DEFERRED_STEP).addCallback(DEFERRED_STEP);
        d.callback(input);
        return d.currentResult();
    }

    /**
     * Creates a CompletableFuture, adds three {@code thenApply} stages, then completes it; returns {@code input + 3}.
     */
    @Benchmark
    public Object futureAddThenComplete() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        CompletableFuture<Integer> last =
                f.thenApply(FUTURE_STEP).thenApply(FUTURE_STEP).thenApply(FUTURE_STEP);
        f.complete(input);
        return last.getNow(-1);
    }

    /** Creates a Deferred, fires it, then adds three callbacks (each runs at once); returns {@code input + 3}. */
    @Benchmark
    public @Nullable Object deferredFireThenAdd() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(input);
        d.addCallback(DEFERRED_STEP).addCallback(DEFERRED_STEP).addCallback(DEFERRED_STEP);
        return d.currentResult();
    }

    /**
     * Creates a CompletableFuture, completes it, then adds three {@code thenApply} stages (each runs at once); returns
     * {@code input + 3}.
     */
    @Benchmark
    public Object futureCompleteThenAdd() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        f.complete(input);
        return f.thenApply(FUTURE_STEP)
                .thenApply(FUTURE_STEP)
                .thenApply(FUTURE_STEP)
                .getNow(-1);
    }
}
