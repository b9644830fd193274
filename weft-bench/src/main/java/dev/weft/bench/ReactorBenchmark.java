package dev.weft.bench;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the throughput of {@link NioReactor}'s scheduling entries, in calls per second.
 *
 * <ul>
 *   <li>{@link #callLaterAndRun}: the benchmark thread is the reactor thread (it steps the reactor with {@code
 *       runOnce}); it schedules {@value #BATCH} {@code callLater(0, ...)} calls, then turns the loop until all of them
 *       ran: timer-heap insert, removal and dispatch.
 *   <li>{@link #callLaterAndCancel}: the same thread schedules {@value #BATCH} calls {@code delay} seconds out (spread
 *       over that range, so the heap is really ordered) and cancels them all: the path of every timeout that does not
 *       fire.
 *   <li>{@link #callFromThread}: the reactor runs on its own thread ({@link ReactorThread}); the benchmark thread
 *       queues {@value #BATCH} calls and waits until the last one ran: queue, wake-up (at most one per batch while the
 *       loop is busy) and dispatch.
 * </ul>
 *
 * <pre>
 * java -jar weft-bench/target/benchmarks.jar ReactorBenchmark
 * </pre>
 *
 * <p>Warm-up is 10 s: around 5 s into a fork, HotSpot recompiles JMH's measurement loop (an on-stack replacement at
 * tier 3) and the callLater scores drop by a third and stay there; measuring earlier would report the faster, transient
 * state. About a minute in all.
 *
 * <p>Confined to the JMH worker thread, except what {@link #callFromThread} runs on the reactor thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class ReactorBenchmark {
    /** Calls per benchmark invocation. */
    static final int BATCH = 1024;

    /** A reactor stepped by the benchmark thread itself. Confined to that thread. */
    @State(Scope.Thread)
    public static class Stepped {
        /** How far out {@link #callLaterAndCancel} schedules, in seconds (spread from 0 to this). */
        @Param({"3600"})
        public double delay;

        NioReactor reactor;
        final IDelayedCall[] calls = new IDelayedCall[BATCH];
        int ran;
        final Runnable count = () -> ran++;

        /** Creates the reactor and binds it to this thread with a first turn. */
        @Setup(Level.Trial)
        public void open() {
            reactor = new NioReactor();
            reactor.runOnce(Duration.ZERO);
        }

        /** Shuts the reactor down. */
        @TearDown(Level.Trial)
        public void close() {
            reactor.close();
        }
    }

    /** A reactor running on its own thread. Thread-safe where it is touched from the benchmark thread. */
    @State(Scope.Thread)
    public static class Running {
        ReactorThread thread;
        NioReactor reactor;
        int ran;

        /** Starts the reactor thread. */
        @Setup(Level.Trial)
        public void open() {
            thread = ReactorThread.start();
            reactor = thread.reactor();
        }

        /** Stops the reactor thread and waits for it. */
        @TearDown(Level.Trial)
        public void close() {
            thread.close();
        }
    }

    /** Schedules {@value #BATCH} zero-delay calls on the stepped reactor, runs them and returns how many ran. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int callLaterAndRun(Stepped s) {
        s.ran = 0;
        for (int i = 0; i < BATCH; i++) {
            s.reactor.callLater(0, s.count);
        }
        while (s.ran < BATCH) {
            s.reactor.runOnce(Duration.ZERO);
        }
        return s.ran;
    }

    /**
     * Schedules {@value #BATCH} calls spread over {@code delay} seconds and cancels them; returns a value derived from
     * the calls, so the JIT keeps them.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int callLaterAndCancel(Stepped s) {
        double step = s.delay / BATCH;
        for (int i = 0; i < BATCH; i++) {
            // Scatter the delays (i * 613 mod BATCH) so inserts do not arrive in heap order.
            s.calls[i] = s.reactor.callLater(step * ((i * 613) % BATCH), s.count);
        }
        int active = 0;
        for (int i = BATCH - 1; i >= 0; i--) {
            active += s.calls[i].active() ? 1 : 0;
            s.calls[i].cancel();
        }
        return active;
    }

    /**
     * Queues {@value #BATCH} calls from this thread to the running reactor, waits until the last one has run and
     * returns how many ran (read after the last call completed the future, so it is visible).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int callFromThread(Running s) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Runnable count = () -> s.ran++;
        for (int i = 0; i < BATCH - 1; i++) {
            s.reactor.callFromThread(count);
        }
        s.reactor.callFromThread(() -> done.complete(++s.ran));
        return done.join();
    }
}
