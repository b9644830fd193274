package dev.weft.internet.task;

import dev.weft.defer.Deferred;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code task.LoopingCall}: calls a function every {@code interval} seconds on a clock.
 *
 * <pre>{@code
 * LoopingCall heartbeat = new LoopingCall(() -> transport.write(PING));
 * heartbeat.setClock(reactor);
 * heartbeat.start(30).addErrback(failure -> { log(failure); return null; });
 * }</pre>
 *
 * <p>Calls are aligned to multiples of the interval from the start; missed calls are skipped. A {@link Deferred} the
 * function returns delays the next call; what it throws stops the loop. Confined to the clock's thread (the reactor
 * thread, or the test thread driving a {@code Clock}).
 */
public final class LoopingCall {
    private final Callable<?> function;
    private @Nullable IReactorTime clock;
    private boolean running;
    private @Nullable Deferred<LoopingCall> deferred;
    private @Nullable IDelayedCall call;
    private double interval = Double.NaN;
    private double startTime = Double.NaN;
    private boolean runAtStart;
    private double lastCountTime = Double.NaN;

    /** Creates a loop that calls {@code function}; a Deferred it returns delays the next call. */
    public LoopingCall(Callable<?> function) {
        this.function = function;
    }

    /** Creates a loop that calls {@code function}. */
    public LoopingCall(Runnable function) {
        this(() -> {
            function.run();
            return null;
        });
    }

    /** Creates a loop like {@link #LoopingCall(Runnable)}, for method references to overloaded methods. */
    public static LoopingCall of(Runnable function) {
        return new LoopingCall(function);
    }

    /** Creates a loop like {@link #LoopingCall(Callable)}, for method references to overloaded methods. */
    public static LoopingCall deferring(Callable<?> function) {
        return new LoopingCall(function);
    }

    /** Creates a loop that tells {@code counter} how many intervals elapsed since its previous call. */
    public static LoopingCall withCount(IntConsumer counter) {
        return withCountDeferring(count -> {
            counter.accept(count);
            return null;
        });
    }

    /** Creates a loop like {@link #withCount(IntConsumer)} whose counter may return a {@link Deferred}. */
    public static LoopingCall withCountDeferring(IntFunction<?> counter) {
        LoopingCall[] self = new LoopingCall[1];
        self[0] = new LoopingCall(() -> self[0].count(counter));
        return self[0];
    }

    /** Sets the clock the calls are scheduled on; set it before {@link #start}. */
    public void setClock(IReactorTime clock) {
        this.clock = clock;
    }

    /** {@return the clock the calls are scheduled on, or null} */
    public @Nullable IReactorTime clock() {
        return clock;
    }

    /** {@return whether the loop is running}: from {@link #start} until {@link #stop()} or a failure. */
    public boolean isRunning() {
        return running;
    }

    /** {@return the current interval in seconds}, or NaN if the loop was never started. */
    public double interval() {
        return interval;
    }

    /**
     * Changes the interval (seconds, 0 or more) of a running loop, from the next scheduling on.
     * @throws IllegalArgumentException if {@code interval} is negative, infinite or not a number
     */
    public void setInterval(double interval) {
        checkInterval(interval);
        this.interval = interval;
    }

    private static void checkInterval(double interval) {
        if (!(interval >= 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("interval must be a finite number >= 0, not " + interval);
        }
    }

    /**
     * Starts calling the function every {@code interval} seconds, the first time at once.
     * @return a Deferred that fires after {@link #stop()}, or fails with the function's error
     * @throws IllegalArgumentException if {@code interval} is negative or not a number
     * @throws IllegalStateException if the loop is already running or no clock is set
     */
    public Deferred<LoopingCall> start(double interval) {
        return start(interval, true);
    }

    /**
     * Starts calling the function every {@code interval} seconds, as {@link #start(double)}, now or after one interval.
     */
    public Deferred<LoopingCall> start(double interval, boolean now) {
        if (running) {
            throw new IllegalStateException("Tried to start an already running LoopingCall.");
        }
        checkInterval(interval);
        IReactorTime c = requireClock();
        running = true;
        Deferred<LoopingCall> result = new Deferred<>();
        deferred = result;
        startTime = c.seconds();
        this.interval = interval;
        runAtStart = now;
        lastCountTime = Double.NaN;
        if (now) {
            runOnce();
        } else {
            scheduleFrom(startTime);
        }
        return result;
    }

    /**
     * Stops the loop and fires start's Deferred once the function's Deferred, if any, fires; throws {@link
     * IllegalStateException} if not running.
     */
    public void stop() {
        if (!running) {
            throw new IllegalStateException("Tried to stop a LoopingCall that was not running.");
        }
        running = false;
        IDelayedCall pending = call;
        if (pending != null) {
            pending.cancel();
            call = null;
            fireDeferred().callback(this);
        }
    }

    /**
     * Skips the pending call and restarts the interval timing from now; throws {@link IllegalStateException} if not
     * running.
     */
    public void reset() {
        if (!running) {
            throw new IllegalStateException("Tried to reset a LoopingCall that was not running.");
        }
        IDelayedCall pending = call;
        if (pending != null) {
            pending.cancel();
            call = null;
            startTime = requireClock().seconds();
            scheduleFrom(startTime);
        }
    }

    private void runOnce() {
        call = null;
        Deferred.<Object>maybeDeferred(function)
                .addCallback(ignored -> {
                    if (running) {
                        scheduleFrom(requireClock().seconds());
                    } else {
                        fireDeferred().callback(this);
                    }
                    return null;
                })
                .addErrback(failure -> {
                    running = false;
                    fireDeferred().errback(failure);
                    return null;
                });
    }

    private void scheduleFrom(double when) {
        call = requireClock().callLater(untilNextCall(when), this::runOnce);
    }

    private double untilNextCall(double when) {
        if (interval == 0) {
            return 0;
        }
        double runningFor = when - startTime;
        double intoInterval = runningFor - Math.floor(runningFor / interval) * interval;
        double untilNext = interval - intoInterval;
        // A delay too small to change `when` means the next multiple is now: wait a whole interval.
        return when == when + untilNext ? interval : untilNext;
    }

    private @Nullable Object count(IntFunction<?> counter) {
        double now = requireClock().seconds();
        if (interval == 0) {
            lastCountTime = now;
            return counter.apply(1);
        }
        double last = lastCountTime;
        if (Double.isNaN(last)) {
            last = runAtStart ? startTime - interval : startTime;
        }
        int count = intervalOf(now) - intervalOf(last);
        if (count > 0) {
            lastCountTime = now;
            return counter.apply(count);
        }
        return null;
    }

    private int intervalOf(double time) {
        return (int) ((time - startTime) / interval);
    }

    private Deferred<LoopingCall> fireDeferred() {
        Deferred<LoopingCall> d = deferred;
        if (d == null) {
            throw new IllegalStateException("LoopingCall has no start() Deferred to fire");
        }
        deferred = null;
        return d;
    }

    private IReactorTime requireClock() {
        IReactorTime c = clock;
        if (c == null) {
            throw new IllegalStateException("LoopingCall has no clock: call setClock(reactor or Clock) before start");
        }
        return c;
    }

    @Override
    public String toString() {
        return "LoopingCall<" + interval + ">(" + function + ")";
    }
}
